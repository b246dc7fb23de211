#include "models/audio/playout.hpp"

#include <algorithm>
#include <cmath>

namespace btlinksim {

double frame_capture_time(std::int64_t k, double frame_duration_s, const ClockModel& source)
{
  return static_cast<double>(k) * frame_duration_s / source.rate();
}

PlayoutSchedule PlayoutSchedule::free_running(std::int64_t first_frame, double first_arrival_s, double delay_s,
                                              double frame_duration_s, const ClockModel& sink)
{
  PlayoutSchedule s;
  s.first_frame_ = first_frame;
  s.start_s_     = first_arrival_s + delay_s / sink.rate();  // D measured on the sink's clock
  s.period_s_    = frame_duration_s / sink.rate();
  return s;
}

PlayoutSchedule PlayoutSchedule::ttp(double delay_s, double frame_duration_s, const ClockModel& source, double offset_s)
{
  PlayoutSchedule s;
  s.first_frame_ = 0;
  s.start_s_     = delay_s / source.rate() + offset_s;  // piconet time = source-tracked
  s.period_s_    = frame_duration_s / source.rate();
  return s;
}

SinkTracker::SinkTracker(SyncMode mode, double delay_s, double frame_duration_s, ClockModel sink, ClockModel source,
                         double ttp_offset_s)
    : mode_(mode), delay_s_(delay_s), frame_duration_s_(frame_duration_s), sink_(sink), source_(source),
      ttp_offset_s_(ttp_offset_s)
{
}

void SinkTracker::start(std::int64_t first, double t)
{
  started_      = true;
  first_played_ = first;
  if (mode_ == SyncMode::free_running) {
    schedule_ = PlayoutSchedule::free_running(first, t, delay_s_, frame_duration_s_, sink_);
    next_     = first;
  } else {
    schedule_ = PlayoutSchedule::ttp(delay_s_, frame_duration_s_, source_, ttp_offset_s_);
    // With TTP the sink plays from the first frame whose time has not passed; earlier ones are startup.
    next_ = first;
  }
}

void SinkTracker::lose(std::int64_t n)
{
  if (n <= 0)
    return;
  lost_ += n;
  if (!in_dropout_) {
    in_dropout_ = true;
    ++dropouts_;
  }
}

int SinkTracker::on_frames(std::int64_t first, int count, double t)
{
  if (!started_)
    start(first, t);
  int ok = 0;
  if (first > next_)
    lose(first - next_);  // frames that never reached this sink
  for (std::int64_t k = std::max(first, next_); k < first + count; ++k) {
    if (t <= schedule_.play_time(k)) {
      ++on_time_;
      ++ok;
      in_dropout_ = false;
    } else {
      ++late_;
      lose(1);
    }
  }
  if (first + count > next_)
    next_ = first + count;
  return ok;
}

void SinkTracker::finish(double t_end, std::int64_t frame_count)
{
  if (!started_)
    return;
  // Frames whose play time is <= t_end but that have not arrived are lost.
  const double p  = schedule_.period_s();
  const double k0 = static_cast<double>(schedule_.first_frame());
  const auto due = std::min(
      frame_count, static_cast<std::int64_t>(std::floor(k0 + (t_end - schedule_.play_time(schedule_.first_frame())) / p)) + 1);
  if (due > next_) {
    lose(due - next_);
    next_ = due;
  }
}

}  // namespace btlinksim
