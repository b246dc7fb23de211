#include "sim/engine/pcap.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "sim/output/temporary.hpp"

#include <sstream>

namespace btlinksim {

namespace {
void le16(std::vector<std::uint8_t>& b, unsigned v)
{
  b.push_back(static_cast<std::uint8_t>(v & 0xff));
  b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
}
void be16(std::vector<std::uint8_t>& b, unsigned v)
{
  b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
  b.push_back(static_cast<std::uint8_t>(v & 0xff));
}
void be32(std::vector<std::uint8_t>& b, std::uint32_t v)
{
  for (int s = 24; s >= 0; s -= 8)
    b.push_back(static_cast<std::uint8_t>((v >> s) & 0xff));
}
void put32(std::ostream& o, std::uint32_t v) { o.write(reinterpret_cast<const char*>(&v), 4); }  // host order
void put16(std::ostream& o, std::uint16_t v) { o.write(reinterpret_cast<const char*>(&v), 2); }
}  // namespace

PcapCollector::PcapCollector(const Run& run)
    : run_(run), from_s_(run.s.output.trace_from_s), to_s_(run.s.output.trace_from_s + run.s.output.trace_for_s),
      seq_(run.links.size(), 0)
{
}

void PcapCollector::connect(Signals& s)
{
  s.on_acl_delivered.connect([this](int link, std::int64_t first, int frames, int bytes, double t) {
    const std::uint16_t seq = seq_[link]++;
    if (t < from_s_ || t >= to_s_)
      return;
    const auto& codec = run_.s.audio.codec;
    // The media packet the simulation sized (media overhead + frames): RTP and the SBC header in front, the frames
    // after; what is left of the overhead (AVDTP/L2CAP framing counted by the codec model) is not repeated.
    std::vector<std::uint8_t> media;
    media.push_back(0x80);  // RTP version 2
    media.push_back(96);    // dynamic payload type
    be16(media, seq);
    be32(media, static_cast<std::uint32_t>(static_cast<double>(first) * codec.frame_duration_s * codec.sample_rate_hz));
    be32(media, 0x42544c53);  // SSRC "BTLS"
    media.push_back(static_cast<std::uint8_t>(frames & 0x0f));  // SBC media payload header: number of frames
    for (int f = 0; f < frames; ++f) {
      media.push_back(0x9c);  // SBC syncword
      media.insert(media.end(), static_cast<size_t>(std::max(0, codec.frame_bytes - 1)), 0);
    }
    (void)bytes;
    std::vector<std::uint8_t> p;
    p.push_back(0x02);  // H4: ACL data
    const unsigned handle = static_cast<unsigned>(link + 1) & 0x0fff;
    le16(p, handle | (0x2u << 12));  // PB = 10: first automatically flushable packet; BC = 00
    le16(p, static_cast<unsigned>(media.size() + 4));
    le16(p, static_cast<unsigned>(media.size()));  // L2CAP length
    le16(p, 0x0041);                               // L2CAP channel
    p.insert(p.end(), media.begin(), media.end());
    packets_.push_back({t, std::move(p)});
  });
}

void PcapCollector::write(const std::string& path) const
{
  std::ostringstream o;  // the capture in memory, then one checked write (sim/output/temporary.hpp)
  {
    put32(o, 0xa1b2c3d4);  // pcap, microseconds
    put16(o, 2);
    put16(o, 4);
    put32(o, 0);
    put32(o, 0);
    put32(o, 65535);
    put32(o, 201);  // LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR
    for (const auto& p : packets_) {
      const double sec = std::floor(p.t);
      put32(o, static_cast<std::uint32_t>(sec));
      put32(o, static_cast<std::uint32_t>(std::lround((p.t - sec) * 1e6) % 1000000));
      const auto len = static_cast<std::uint32_t>(p.bytes.size() + 4);
      put32(o, len);
      put32(o, len);
      const std::uint8_t dir[4] = {0, 0, 0, 0};  // sent (host to controller), network byte order
      o.write(reinterpret_cast<const char*>(dir), 4);
      o.write(reinterpret_cast<const char*>(p.bytes.data()), static_cast<std::streamsize>(p.bytes.size()));
    }
  }
  write_file_atomically(path, o.str());
}

}  // namespace btlinksim
