#include "models/audio/playout.hpp"

#include <algorithm>
#include <cmath>

namespace btlinksim {

PlayoutSchedule PlayoutSchedule::free_running(std::int64_t first_frame, double first_arrival_s, double delay_s,
                                              double frame_duration_s, const ClockModel& sink)
{
  PlayoutSchedule s;
  s.first_frame_ = first_frame;
  s.start_s_     = first_arrival_s + delay_s / sink.rate();  // D measured on the sink's clock
  s.period_s_    = frame_duration_s / sink.rate();
  return s;
}

void PlayoutSchedule::delay_from(std::int64_t k, double delta_s)
{
  added_s_ += delta_s;
  if (!shifts_.empty() && shifts_.back().from == k)
    shifts_.back().total_s = added_s_;
  else
    shifts_.push_back({k, added_s_});
}

double PlayoutSchedule::shift_at(std::int64_t k) const
{
  auto it = std::upper_bound(shifts_.begin(), shifts_.end(), k, [](std::int64_t v, const Shift& s) { return v < s.from; });
  return it == shifts_.begin() ? 0.0 : std::prev(it)->total_s;
}

double PlayoutSchedule::mean_shift(std::int64_t k0, std::int64_t k1) const
{
  if (shifts_.empty() || k1 < k0)
    return 0;
  // Piecewise constant in k: sum over the pieces inside [k0, k1].
  double sum = 0, level = shift_at(k0);
  std::int64_t at = k0;
  for (const auto& s : shifts_) {
    if (s.from <= k0)
      continue;
    if (s.from > k1)
      break;
    sum += level * static_cast<double>(s.from - at);
    at    = s.from;
    level = s.total_s;
  }
  sum += level * static_cast<double>(k1 + 1 - at);
  return sum / static_cast<double>(k1 - k0 + 1);
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
                         double ttp_offset_s, JitterBuffer buffer)
    : buffer_(buffer), mode_(mode), delay_s_(delay_s), frame_duration_s_(frame_duration_s), sink_(sink),
      source_(source), ttp_offset_s_(ttp_offset_s)
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

const std::vector<BufferPreset>& buffer_presets()
{
  static const std::vector<BufferPreset> b{{"a2dp_sink_min", 0.050}, {"a2dp_sink_max", 0.116}, {"tws_slave", 0.150},
                                           {"tws_mirroring", 0.200}, {"tws_forwarding", 0.300}};
  return b;
}

const char* to_string(LossCause c)
{
  switch (c) {
    case LossCause::channel: return "channel";
    case LossCause::air_time: return "air_time";
    case LossCause::link_loss: return "link_loss";
    case LossCause::host: return "host";
    case LossCause::late: return "late";
  }
  return "?";
}

void SinkTracker::note_loss(std::int64_t first, int count, LossCause cause)
{
  if (count <= 0 || first + count <= next_)
    return;  // already passed: those frames were accounted for
  const Noted n{first, first + count, cause};
  auto at = noted_.end();
  while (at != noted_.begin() && std::prev(at)->first > first)
    --at;
  noted_.insert(at, n);
}

void SinkTracker::count_lost(std::int64_t n, LossCause c)
{
  if (n <= 0)
    return;
  lost_ += n;
  lost_by_[static_cast<size_t>(c)] += n;
  if (!in_dropout_) {
    in_dropout_ = true;
    ++dropouts_;
    ++dropouts_by_[static_cast<size_t>(c)];
  }
}

void SinkTracker::lose(std::int64_t n, std::int64_t resume_from, LossCause otherwise, bool noted)
{
  if (n <= 0)
    return;
  const bool was_in_dropout = in_dropout_;
  // An adaptive buffer re-buffers at each underrun: the frames from resume_from on play one step later.
  const auto rebuffer = [&] {
    if (!was_in_dropout && buffer_.adaptive && schedule_.added_delay_s() + buffer_.step_s <= buffer_.max_added_s + 1e-12)
      schedule_.delay_from(resume_from, buffer_.step_s);
  };
  if (!noted) {
    count_lost(n, otherwise);
    rebuffer();
    return;
  }
  // Walk [resume_from - n, resume_from) through the notes: noted frames count for their cause, the rest for
  // `otherwise`. Notes wholly before the range are passed (their frames arrived after all, or were counted).
  std::int64_t k = resume_from - n;
  while (!noted_.empty() && noted_.front().end <= k)
    noted_.pop_front();
  for (const auto& m : noted_) {
    if (m.first >= resume_from || k >= resume_from)
      break;
    if (m.end <= k)
      continue;
    if (m.first > k) {
      count_lost(m.first - k, otherwise);
      k = m.first;
    }
    const std::int64_t e = std::min(m.end, resume_from);
    count_lost(e - k, m.cause);
    k = e;
  }
  count_lost(resume_from - k, otherwise);
  rebuffer();
}

int SinkTracker::on_frames(std::int64_t first, int count, double t)
{
  if (!started_)
    start(first, t);
  int ok = 0;
  if (first > next_)
    lose(first - next_, first);  // frames that never reached this sink
  const std::int64_t from = std::max(first, next_);
  // Play times grow with the frame (a re-buffer only delays later frames): if the earliest is met, all are.
  if (from < first + count && t <= schedule_.play_time(from) + kOnTimeTolerance_s) {
    const auto n = static_cast<int>(first + count - from);
    on_time_ += n;
    in_dropout_ = false;
    next_       = first + count;
    return n;
  }
  // If the latest is late, all are (play times grow with the frame): the loop's counts in one step (lose(1, ..,
  // late, false) per frame: count_lost and, with an adaptive buffer only, a re-buffer that moves later frames). At
  // 1,000 speakers a chain's far sinks are late with every packet: a call per frame was a fifth of their hop.
  if (from < first + count && !buffer_.adaptive && t > schedule_.play_time(first + count - 1) + kOnTimeTolerance_s) {
    const std::int64_t n = first + count - from;
    late_ += n;
    count_lost(n, LossCause::late);
    next_ = first + count;
    return 0;
  }
  for (std::int64_t k = from; k < first + count; ++k) {
    if (t <= schedule_.play_time(k) + kOnTimeTolerance_s) {
      ++on_time_;
      ++ok;
      in_dropout_ = false;
    } else {
      ++late_;
      lose(1, k + 1, LossCause::late, false);  // it arrived: late, whatever was noted
    }
  }
  if (first + count > next_)
    next_ = first + count;
  return ok;
}

std::int64_t SinkTracker::on_frame_run(std::int64_t first, std::int64_t count, double t_first, double spacing_s)
{
  if (count <= 0)
    return 0;
  const std::int64_t before = on_time_;
  on_frames(first, 1, t_first);  // starts the schedule, and accounts the frames missing before the run
  const std::int64_t last = first + count - 1;
  const double t_last     = t_first + static_cast<double>(count - 1) * spacing_s;
  if (count > 1 && next_ == first + 1 && on_time_ > before && schedule_.shift_at(first) == schedule_.shift_at(last) &&
      t_last <= schedule_.play_time(last) + kOnTimeTolerance_s) {
    on_time_ += count - 1;
    next_ = last + 1;
    return on_time_ - before;
  }
  for (std::int64_t k = first + 1; k <= last; ++k)
    on_frames(k, 1, t_first + static_cast<double>(k - first) * spacing_s);
  return on_time_ - before;
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
    lose(due - next_, due);
    next_ = due;
  }
}

}  // namespace btlinksim
