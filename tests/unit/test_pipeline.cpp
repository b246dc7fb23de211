// The audio pipeline's stage delays (models/audio/pipeline.hpp), worked by hand.
#include "models/audio/pipeline.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("a packet reaches the controller at the encoder's first tick after its last frame", "[pipeline]")
{
  // Ticks every 20 ms at phase 3 ms: 3, 23, 43, ... ms.
  CHECK(packet_ready_time(0.0200, 0, 0.020, 0.003) == Approx(0.023));
  CHECK(packet_ready_time(0.0230, 0, 0.020, 0.003) == Approx(0.023));  // a tick at the capture itself takes it
  CHECK(packet_ready_time(0.0231, 0, 0.020, 0.003) == Approx(0.043));
  CHECK(packet_ready_time(0.0100, 0.025, 0.020, 0.003) == Approx(0.043));  // 10 ms + 25 ms host buffer = 35 ms
  CHECK(packet_ready_time(0.0100, 0.005, 0, 0) == Approx(0.015));          // no tick: at once after the buffer
}

TEST_CASE("codec algorithmic delays beyond the frame", "[pipeline]")
{
  // SBC, 8 subbands: analysis + synthesis from an 80-tap prototype: 79 samples at 44.1 kHz = 1.791 ms.
  CHECK(codec_algorithmic_delay_s(make_sbc(53)) == Approx(79.0 / 44100).epsilon(1e-12));
  // AAC-LC: one more frame of 1024 samples through the MDCT overlap: 23.22 ms at 44.1 kHz.
  CHECK(codec_algorithmic_delay_s(make_aac(256e3)) == Approx(1024.0 / 44100).epsilon(1e-12));
  CHECK(codec_algorithmic_delay_s(make_lc3(0.010, 100, 2)) == Approx(0.0025));
}
