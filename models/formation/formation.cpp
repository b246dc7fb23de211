#include "models/formation/formation.hpp"

#include <algorithm>
#include <cmath>

namespace btlinksim {

ActivitySchedule link_mode_schedule(double ready_s, const LinkModePolicy& p, RngStream& rng)
{
  ActivitySchedule s;
  const double end = ready_s + p.timeout_s;
  double t         = ready_s;
  bool inquiring   = p.start_with_inquiry;
  while (t < end) {
    const double len = (inquiring ? p.inquiry_s : p.scan_s) + (p.jitter_s > 0 ? rng.uniform(0, p.jitter_s) : 0.0);
    const double e   = std::min(end, t + std::max(len, 1e-6));
    s.push_back({t, e, inquiring ? Activity::inquiry : Activity::scan});
    t         = e;
    inquiring = !inquiring;
  }
  return s;
}

const ActivitySpan* span_at(const ActivitySchedule& s, double t)
{
  auto it = std::upper_bound(s.begin(), s.end(), t, [](double v, const ActivitySpan& a) { return v < a.end_s; });
  if (it == s.end() || it->start_s > t)
    return nullptr;
  return &*it;
}

Activity activity_at(const ActivitySchedule& s, double t)
{
  const ActivitySpan* a = span_at(s, t);
  return a ? a->what : Activity::idle;
}

double page_train_repetition_s(PageScanMode m)
{
  switch (m) {
    case PageScanMode::r0: return kTrainSweep_s;
    case PageScanMode::r1: return 1.28;
    case PageScanMode::r2: return 2.56;
  }
  return 1.28;
}

long long HopClock::epoch(double t) const
{
  return offset + static_cast<long long>(std::floor((t + phase_s) / kScanChannelChange_s));
}

HopClock HopClock::draw(RngStream& rng)
{
  HopClock c;
  c.offset  = static_cast<int>(rng.uniform_int(32));
  c.phase_s = rng.uniform(0, kScanChannelChange_s);
  return c;
}

ScanChannelTrains ScanChannelTrains::fixed(bool in_train_a)
{
  ScanChannelTrains t;
  t.fixed_       = true;
  t.fixed_value_ = in_train_a;
  return t;
}

bool ScanChannelTrains::in_train_a(double t) const
{
  if (fixed_)
    return fixed_value_;
  const long long d = ((scanner_.epoch(t) - (other_.epoch(t) + 24)) % 32 + 32) % 32;
  return d < 16;
}

namespace {
// First window start >= t of a scan with the given interval and phase.
double next_window(const ScanParams& scan, double t)
{
  const double n = std::ceil((t - scan.phase_s) / scan.interval_s - 1e-12);
  return scan.phase_s + std::max(0.0, n) * scan.interval_s;
}

bool inside(const ActivitySchedule& s, Activity what, double a, double b)
{
  const ActivitySpan* sp = span_at(s, a);
  return sp && sp->what == what && sp->end_s >= b;
}

// The inquirer's train at t: A in the first 2.56 s of the inquiry span, then alternating.
bool inquirer_in_train_a(const ActivitySchedule& inq, double t)
{
  const ActivitySpan* sp = span_at(inq, t);
  const auto k           = static_cast<long long>(std::floor((t - sp->start_s) / kTrainRepetition_s));
  return k % 2 == 0;
}

// When, in the scan window at w (and with interlaced scan the one right after it, on the other train's channel),
// the scanner can receive the inquirer's ID packet; nullopt if in neither.
std::optional<double> window_hits(const ActivitySchedule& inquirer, const ActivitySchedule& scanner,
                                  const ScanParams& scan, ScanChannelTrains& trains, double w)
{
  for (int k = 0; k < (scan.interlaced ? 2 : 1); ++k) {
    const double a = w + k * scan.window_s, e = a + scan.window_s;
    if (!inside(scanner, Activity::scan, a, e) || !inside(inquirer, Activity::inquiry, a, e))
      continue;
    const bool scanner_a = trains.in_train_a(a) != (k == 1);  // the second window listens on the other train
    if (scanner_a == inquirer_in_train_a(inquirer, a))
      return a;
  }
  return std::nullopt;
}
}  // namespace

std::optional<Discovery> first_discovery(const ActivitySchedule& inquirer, const ActivitySchedule& scanner,
                                         const ScanParams& scan, ScanChannelTrains& trains, double p_ok,
                                         RngStream& rng, double t0, double t_end)
{
  double w = next_window(scan, t0);
  std::optional<double> heard;
  double respond_after = 0;
  for (; w + scan.window_s <= t_end; w = next_window(scan, w + scan.interval_s * 0.5)) {
    if (heard && w < respond_after)
      continue;
    const auto hit = window_hits(inquirer, scanner, scan, trains, w);
    if (!hit)
      continue;
    if (!rng.bernoulli(p_ok))
      continue;  // ID (or FHS) packet lost on the channel
    if (!heard && scan.response == InquiryResponse::v1_2)
      return Discovery{*hit, *hit + 2 * 625e-6};  // v1.2+: the FHS answers the first ID, in the next slot
    if (!heard) {
      heard         = *hit;
      // Back-off of U{0..1023} slots; the answer comes at the next hit strictly after it.
      respond_after = *hit + (static_cast<double>(rng.uniform_int(kBackoffMaxSlots + 1)) + 1) * 625e-6;
      continue;
    }
    return Discovery{*heard, *hit + 2 * 625e-6};  // FHS in the slot after the ID it answers
  }
  return std::nullopt;
}

std::optional<double> page_time(double t0, const ScanParams& scan, const ActivitySchedule* connectable,
                                bool clock_known, ScanChannelTrains& trains, double p_ok, RngStream& rng,
                                double timeout_s, double train_repetition_s)
{
  const double t_end = t0 + timeout_s;
  for (double w = next_window(scan, t0); w + scan.window_s <= t_end;
       w = next_window(scan, w + scan.interval_s * 0.5)) {
    if (connectable && !inside(*connectable, Activity::scan, w, w + scan.window_s))
      continue;
    double at = w;
    if (!clock_known) {
      auto pager_a = [&](double t) { return static_cast<long long>(std::floor((t - t0) / train_repetition_s)) % 2 == 0; };
      if (trains.in_train_a(w) != pager_a(w)) {
        // Interlaced page scan: the second window listens on the other train's channel.
        if (!scan.interlaced || trains.in_train_a(w) == pager_a(w + scan.window_s) ||
            (connectable && !inside(*connectable, Activity::scan, w + scan.window_s, w + 2 * scan.window_s)))
          continue;
        at = w + scan.window_s;
      }
    }
    if (rng.bernoulli(p_ok))
      return at + 4 * 625e-6;  // ID, slave response, FHS, slave response: 4 slots
  }
  return std::nullopt;
}

}  // namespace btlinksim
