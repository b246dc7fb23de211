#include "sim/engine/pcap.hpp"

#include <algorithm>
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

void PcapCollector::iso_sdu(int link, std::int64_t frame, double t, bool received)
{
  if (t < from_s_ || t >= to_s_)
    return;
  // HCI ISO Data packet (Core Vol 4 Part E §5.4.5), controller to host at the receiving speaker: handle, PB_Flag
  // 0b10 (a complete SDU), TS_Flag 0 (no Time_Stamp); ISO_Data_Load: Packet_Sequence_Number (the SDU's, the
  // frame index modulo 2^16), ISO_SDU_Length with Packet_Status_Flag (0b00 valid; 0b10 lost: no data, length 0),
  // then the SDU: the LC3 frame (its bits are not simulated: zeros).
  const int sdu = received ? run_.s.audio.codec.frame_bytes : 0;
  std::vector<std::uint8_t> p;
  p.push_back(0x05);  // H4: ISO data
  le16(p, (static_cast<unsigned>(link + 1) & 0x0fff) | (0x2u << 12));
  le16(p, static_cast<unsigned>(4 + sdu));
  le16(p, static_cast<unsigned>(frame & 0xffff));
  le16(p, static_cast<unsigned>(sdu) | (received ? 0u : 0x2u << 14));
  p.insert(p.end(), static_cast<size_t>(sdu), 0);
  packets_.push_back({t, std::move(p), true});
}

void PcapCollector::connect(Signals& s)
{
  if (run_.attempt.le) {  // LE Audio: the SDUs each sink's controller hands its host
    std::vector<int> link_of(run_.s.resolved.topo.sinks.size(), -1);
    for (const auto& l : run_.links)
      if (l->sink >= 0)
        link_of[static_cast<size_t>(l->sink)] = l->index;
    s.on_frames_arrived.connect([this, link_of](int sink, std::int64_t first, int count, double t) {
      for (int i = 0; i < count; ++i)
        iso_sdu(link_of[static_cast<size_t>(sink)], first + i, t, true);
    });
    s.on_frame_run.connect([this, link_of](int sink, std::int64_t first, std::int64_t count, double t, double dt) {
      for (std::int64_t i = 0; i < count; ++i)
        iso_sdu(link_of[static_cast<size_t>(sink)], first + i, t + static_cast<double>(i) * dt, true);
    });
    // A lost SDU is stamped when it would have been delivered: the end of its frame's capture + the transport
    // latency (the controller's report time is its own; U).
    const double latency = run_.s.resolved.iso.timing.transport_latency_s, T = run_.s.audio.codec.frame_duration_s;
    s.on_frames_lost.connect([this, latency, T](int link, std::int64_t first, int count, int) {
      for (int i = 0; i < count; ++i)
        iso_sdu(link, first + i, static_cast<double>(first + i + 1) * T + latency, false);
    });
    return;
  }
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
    packets_.push_back({t, std::move(p), false});
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
    // In time order (a broadcast receiver's run of frames arrives in one signal).
    std::vector<const Packet*> order;
    for (const auto& p : packets_)
      order.push_back(&p);
    std::stable_sort(order.begin(), order.end(), [](const Packet* a, const Packet* b) { return a->t < b->t; });
    for (const Packet* q : order) {
      const Packet& p = *q;
      const double sec = std::floor(p.t);
      put32(o, static_cast<std::uint32_t>(sec));
      put32(o, static_cast<std::uint32_t>(std::lround((p.t - sec) * 1e6) % 1000000));
      const auto len = static_cast<std::uint32_t>(p.bytes.size() + 4);
      put32(o, len);
      put32(o, len);
      // Direction, network byte order: ACL sent (host to controller), ISO received (controller to host).
      const std::uint8_t dir[4] = {0, 0, 0, static_cast<std::uint8_t>(p.received ? 1 : 0)};
      o.write(reinterpret_cast<const char*>(dir), 4);
      o.write(reinterpret_cast<const char*>(p.bytes.data()), static_cast<std::streamsize>(p.bytes.size()));
    }
  }
  write_file_atomically(path, o.str());
}

}  // namespace btlinksim
