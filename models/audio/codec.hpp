// Audio codecs as traffic: bit rate, frame duration, frame size, and how many frames fit an ACL packet.
// Sources: docs/references.md [a2dp] (A2DP/SBC formulas, aptX, AAC, LDAC, media overhead), [le-audio] (LC3).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

enum class CodecKind { sbc, aac, aptx, aptx_hd, ldac, lc3 };
std::string to_string(CodecKind k);
std::optional<CodecKind> codec_kind_from_string(const std::string& s);
const std::vector<std::string>& codec_names();

enum class SbcChannelMode { mono, dual_channel, stereo, joint_stereo };

struct Codec {
  CodecKind kind;
  double sample_rate_hz;
  int channels;
  double frame_duration_s;    // audio time carried by one frame
  int frame_bytes;            // bytes of one encoded frame (aptX: one 4-sample code group)
  int media_overhead_bytes;   // per-packet overhead in front of the frames (L2CAP + RTP + media header)
  int bitpool = 0;            // SBC only
  double bitrate_bps() const { return 8.0 * frame_bytes / frame_duration_s; }
  double frames_per_second() const { return 1.0 / frame_duration_s; }
};

// SBC frame length (A2DP spec §12.9, quoted in [nemotron-sbc]):
//   joint stereo: 4 + 4*sb*ch/8 + ceil((sb + blocks*bitpool)/8)
//   stereo:       4 + 4*sb*ch/8 + ceil(blocks*bitpool/8)
//   mono/dual:    4 + 4*sb*ch/8 + ceil(blocks*ch*bitpool/8)
// bitrate = 8 * frame_length * fs / (sb * blocks).
int sbc_frame_bytes(SbcChannelMode mode, int subbands, int blocks, int bitpool);
Codec make_sbc(int bitpool, double sample_rate_hz = 44100, SbcChannelMode mode = SbcChannelMode::joint_stereo,
               int subbands = 8, int blocks = 16);
// The largest bitpool (2..250) whose joint-stereo bit rate does not exceed target_bps.
Codec make_sbc_for_bitrate(double target_bps, double sample_rate_hz = 44100);
// AAC-LC: 1024 samples per frame; constant-bit-rate frame size = bitrate * duration / 8 (rounded up).
Codec make_aac(double bitrate_bps, double sample_rate_hz = 44100);
// aptX: 4:1 ADPCM, 4 stereo samples -> 4 bytes (352.8 kb/s at 44.1 kHz) [welltempered];
// aptX HD: 4 samples -> 6 bytes (576 kb/s at 48 kHz) [welltempered].
Codec make_aptx(double sample_rate_hz = 44100);
Codec make_aptx_hd(double sample_rate_hz = 48000);
// LDAC 330/660/990 kb/s (U): modelled as 128-sample frames at the given rate and sample rate.
Codec make_ldac(double bitrate_bps, double sample_rate_hz = 96000);
// LC3: frame 10 ms or 7.5 ms, octets per frame per channel (BAP presets [zephyr-bap-preset]).
Codec make_lc3(double frame_duration_s, int octets_per_frame, int channels = 1);
// Builds a codec by name and target bit rate (SBC picks the bitpool; AAC/LDAC use the rate; aptX ignores it).
Codec make_codec(CodecKind kind, double bitrate_bps);

// Whole frames that fit one packet of `max_payload_bytes` after the media overhead (0 if none fits).
int frames_per_packet(const Codec& codec, int max_payload_bytes);

}  // namespace btlinksim
