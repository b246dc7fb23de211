#include "models/baseband/airtime.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace btlinksim {
namespace {
// Starts and ends are sums of slot times computed along different paths: intervals touching to within 1 ns
// (far below a 1 us symbol) do not overlap.
constexpr double kTolerance_s = 1e-9;  // (also in RadioTimeline::free_after, airtime.hpp)
}  // namespace

double SlotGrid::align(double t) const
{
  const double n = std::ceil((t - phase_s) / period_s - 1e-9);
  return phase_s + n * period_s;
}

double RadioTimeline::first_fit(double t, double len) const
{
  double s = t;
  if (free_after(s))
    return s;  // after every reservation (the common case: the same answer as the search below)
  // Intervals are sorted and disjoint, so their ends are sorted too: skip those that end by s.
  auto it = std::upper_bound(live(), busy_.cend(), s + kTolerance_s, [](double v, const Interval& i) { return v < i.end; });
  for (; it != busy_.cend(); ++it) {
    if (it->start >= s + len - kTolerance_s)
      break;  // the gap before this interval is long enough
    s = std::max(s, it->end);
  }
  return s;
}

void RadioTimeline::reserve(double start, double end)
{
  if (none() || start >= busy_.back().start) {  // after the last one (the common case)
    if (!none() && busy_.back().end > start + kTolerance_s)
      throw std::logic_error("RadioTimeline::reserve: interval overlaps a reservation");
    busy_.push_back(Interval{start, end});
    busy_s_ += end - start;
    return;
  }
  auto it = std::upper_bound(live(), busy_.cend(), start, [](double v, const Interval& i) { return v < i.start; });
  if ((it != busy_.cend() && it->start < end - kTolerance_s) || (it != live() && std::prev(it)->end > start + kTolerance_s))
    throw std::logic_error("RadioTimeline::reserve: interval overlaps a reservation");
  busy_.insert(it, Interval{start, end});
  busy_s_ += end - start;
}

void RadioTimeline::prune(double t)
{
  while (!none() && busy_[head_].end <= t)
    ++head_;
  if (head_ >= 8 && 2 * head_ >= busy_.size()) {  // compact: amortised O(1) per interval
    busy_.erase(busy_.begin(), busy_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

double joint_first_fit(const RadioTimeline& a, const RadioTimeline& b, const SlotGrid& grid, double t, double len)
{
  double s = grid.align(t);
  if (a.free_after(s) && b.free_after(s))
    return s;  // both radios idle from s on: what the loop below would answer at once
  for (;;) {
    const double next = grid.align(b.first_fit(a.first_fit(s, len), len));
    if (next <= s + kTolerance_s)
      return s;
    s = next;
  }
}

}  // namespace btlinksim
