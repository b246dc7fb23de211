#include "models/audio/codec.hpp"

#include <cmath>
#include <stdexcept>

namespace btlinksim {

const std::vector<std::string>& codec_names()
{
  static const std::vector<std::string> names{"sbc", "aac", "aptx", "aptx_hd", "ldac", "lc3"};
  return names;
}

std::string to_string(CodecKind k) { return codec_names()[static_cast<int>(k)]; }

std::optional<CodecKind> codec_kind_from_string(const std::string& s)
{
  const auto& n = codec_names();
  for (size_t i = 0; i < n.size(); ++i)
    if (n[i] == s)
      return static_cast<CodecKind>(i);
  return std::nullopt;
}

int sbc_frame_bytes(SbcChannelMode mode, int subbands, int blocks, int bitpool)
{
  const int ch   = mode == SbcChannelMode::mono ? 1 : 2;
  const int head = 4 + (4 * subbands * ch) / 8;
  switch (mode) {
    case SbcChannelMode::joint_stereo: return head + (subbands + blocks * bitpool + 7) / 8;
    case SbcChannelMode::stereo: return head + (blocks * bitpool + 7) / 8;
    case SbcChannelMode::mono:
    case SbcChannelMode::dual_channel: return head + (blocks * ch * bitpool + 7) / 8;
  }
  return head;
}

// Per-packet media overhead: L2CAP 4 B + RTP 12 B + SBC media payload header 1 B = 17 B (docs/references.md [a2dp]).
static constexpr int kL2capHeader = 4;
static constexpr int kRtpHeader   = 12;

Codec make_sbc(int bitpool, double fs, SbcChannelMode mode, int subbands, int blocks)
{
  if (bitpool < 2 || bitpool > 250)
    throw std::invalid_argument("SBC bitpool must be 2..250");
  Codec c{CodecKind::sbc, fs, mode == SbcChannelMode::mono ? 1 : 2, subbands * blocks / fs,
          sbc_frame_bytes(mode, subbands, blocks, bitpool), kL2capHeader + kRtpHeader + 1};
  c.bitpool = bitpool;
  return c;
}

Codec make_sbc_for_bitrate(double target_bps, double fs)
{
  Codec best = make_sbc(2, fs);
  for (int bp = 2; bp <= 250; ++bp) {
    Codec c = make_sbc(bp, fs);
    if (c.bitrate_bps() <= target_bps * (1 + 1e-9))
      best = c;
  }
  return best;
}

Codec make_aac(double bitrate_bps, double fs)
{
  const double dur = 1024.0 / fs;
  // RTP + LATM/MPEG-4 framing; the LATM mux header is counted in the frame (U).
  return Codec{CodecKind::aac, fs, 2, dur, static_cast<int>(std::ceil(bitrate_bps * dur / 8.0)), kL2capHeader + kRtpHeader};
}

Codec make_aptx(double fs)
{
  // Classic aptX over A2DP carries no RTP header (U): overhead is L2CAP only.
  return Codec{CodecKind::aptx, fs, 2, 4.0 / fs, 4, kL2capHeader};
}

Codec make_aptx_hd(double fs) { return Codec{CodecKind::aptx_hd, fs, 2, 4.0 / fs, 6, kL2capHeader + kRtpHeader}; }

Codec make_ldac(double bitrate_bps, double fs)
{
  const double dur = 128.0 / fs;
  return Codec{CodecKind::ldac, fs, 2, dur, static_cast<int>(std::ceil(bitrate_bps * dur / 8.0)),
               kL2capHeader + kRtpHeader + 1};
}

Codec make_lc3(double frame_duration_s, int octets_per_frame, int channels)
{
  // LE Audio SDUs travel in ISO PDUs with no L2CAP/RTP header (unframed); overhead 0.
  return Codec{CodecKind::lc3, 48000, channels, frame_duration_s, octets_per_frame * channels, 0};
}

Codec make_codec(CodecKind kind, double bitrate_bps)
{
  switch (kind) {
    case CodecKind::sbc: return make_sbc_for_bitrate(bitrate_bps);
    case CodecKind::aac: return make_aac(bitrate_bps);
    case CodecKind::aptx: return make_aptx();
    case CodecKind::aptx_hd: return make_aptx_hd();
    case CodecKind::ldac: return make_ldac(bitrate_bps);
    case CodecKind::lc3: {
      // Per-channel octets for a 10 ms frame at the requested (stereo) rate.
      const int octets = static_cast<int>(std::lround(bitrate_bps / 2.0 * 0.010 / 8.0));
      return make_lc3(0.010, octets, 2);
    }
  }
  throw std::invalid_argument("unknown codec");
}

int frames_per_packet(const Codec& codec, int max_payload_bytes)
{
  const int room = max_payload_bytes - codec.media_overhead_bytes;
  return room <= 0 ? 0 : room / codec.frame_bytes;
}

}  // namespace btlinksim
