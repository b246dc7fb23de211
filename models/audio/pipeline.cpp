#include "models/audio/pipeline.hpp"

#include <cmath>

namespace btlinksim {

double codec_algorithmic_delay_s(const Codec& c)
{
  switch (c.kind) {
    case CodecKind::sbc: return (10.0 * 8 - 1) / c.sample_rate_hz;  // 8 subbands (the A2DP "high quality" configs)
    case CodecKind::aac: return 1024.0 / c.sample_rate_hz;
    case CodecKind::lc3: return 0.0025;
    case CodecKind::aptx:
    case CodecKind::aptx_hd: return (10.0 * 4 - 1) / c.sample_rate_hz;
    case CodecKind::ldac: return c.frame_duration_s;
  }
  return 0;
}

double packet_ready_time(double last_capture_s, double host_buffer_s, double tick_s, double phase_s)
{
  const double t = last_capture_s + host_buffer_s;
  if (tick_s <= 0)
    return t;
  const double n = std::ceil((t - phase_s) / tick_s - 1e-9);  // a tick at t itself takes the frame
  return phase_s + n * tick_s;
}

}  // namespace btlinksim
