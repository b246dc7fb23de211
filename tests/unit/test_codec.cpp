#include "models/audio/codec.hpp"
#include "models/radio/link.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("SBC frame sizes and bit rates match the A2DP recommended settings", "[codec]")
{
  // docs/references.md [a2dp]: 44.1 kHz joint stereo, 16 blocks, 8 subbands; bitpool 53 -> 119 B, 328 kb/s;
  // bitpool 35 -> 83 B, 229 kb/s; frame 128/44100 = 2.90 ms.
  const Codec hq = make_sbc(53);
  CHECK(hq.frame_bytes == 119);
  CHECK(hq.bitrate_bps() == Approx(328e3).margin(500));
  CHECK(hq.frame_duration_s == Approx(2.902e-3).margin(1e-6));
  const Codec mq = make_sbc(35);
  CHECK(mq.frame_bytes == 83);
  CHECK(mq.bitrate_bps() == Approx(229e3).margin(500));
  // SBC-XQ dual channel: bitpool 38 -> 164 B / 452 kb/s; bitpool 47 -> 200 B / 551 kb/s.
  CHECK(make_sbc(38, 44100, SbcChannelMode::dual_channel).frame_bytes == 164);
  CHECK(make_sbc(47, 44100, SbcChannelMode::dual_channel).bitrate_bps() == Approx(551e3).margin(500));
  // Android HQ at 48 kHz: bitpool 51 -> 115 B, 345 kb/s.
  CHECK(make_sbc(51, 48000).frame_bytes == 115);
  CHECK(make_sbc(51, 48000).bitrate_bps() == Approx(345e3));
  CHECK(make_sbc_for_bitrate(328e3).bitpool == 53);
}

TEST_CASE("SBC-HQ frames per packet match the airtime table", "[codec]")
{
  // docs/references.md [a2dp]: DH5 2, 2-DH3 2, 3-DH3 4, 2-DH5 5, 3-DH5 8 frames of 119 B after 17 B overhead.
  const Codec hq = make_sbc(53);
  auto fpp = [&](AclType t) { return frames_per_packet(hq, acl_info(t).max_payload_bytes); };
  CHECK(fpp(AclType::dh5) == 2);
  CHECK(fpp(AclType::edr2_dh3) == 2);
  CHECK(fpp(AclType::edr3_dh3) == 4);
  CHECK(fpp(AclType::edr2_dh5) == 5);
  CHECK(fpp(AclType::edr3_dh5) == 8);
  CHECK(fpp(AclType::dm1) == 0);
}

TEST_CASE("aptX, AAC, LDAC and LC3 bit rates", "[codec]")
{
  CHECK(make_aptx(44100).bitrate_bps() == Approx(352.8e3));   // 4:1 of 1411.2 kb/s [welltempered]
  CHECK(make_aptx(48000).bitrate_bps() == Approx(384e3));
  CHECK(make_aptx_hd(48000).bitrate_bps() == Approx(576e3));  // [welltempered]
  CHECK(make_aac(256e3).bitrate_bps() == Approx(256e3).epsilon(0.01));
  CHECK(make_aac(256e3).frame_duration_s == Approx(1024 / 44100.0));
  CHECK(make_ldac(990e3).bitrate_bps() == Approx(990e3).epsilon(0.01));
  // BAP 48_2: 10 ms frames of 100 octets -> 80 kb/s per channel [zephyr-bap-preset].
  CHECK(make_lc3(0.010, 100, 1).bitrate_bps() == Approx(80e3));
  CHECK(codec_kind_from_string("aptx_hd") == CodecKind::aptx_hd);
}
