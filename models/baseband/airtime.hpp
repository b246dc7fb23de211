// Air-time bookkeeping of half-duplex radios on the Bluetooth slot grid. Pure (no engine).
//
// Each device has ONE radio; every baseband exchange (a packet and its 1-slot return) occupies the transmitter's
// and the receiver's radio for the same interval. A RadioTimeline keeps the reserved intervals of one radio, so a
// later reservation can use an earlier gap (an idle stretch between two exchanges) but never overlaps one.
// A master transmits only at the start of its even slots [sig-radio]: exchange starts lie on the master's slot-pair
// grid (1.25 ms of its own clock), whose phase is arbitrary with respect to every other device's grid.
#pragma once

#include <cstddef>
#include <vector>

namespace btlinksim {

// Start times allowed to a master: phase + n * period, period = 2 slots of the master's clock.
struct SlotGrid {
  double phase_s  = 0;
  double period_s = 1.25e-3;
  // Earliest grid point >= t (t itself when t is on the grid to within 1e-9 of a period).
  double align(double t) const;
};

class RadioTimeline {
public:
  // Earliest s >= t such that [s, s + len) overlaps no reservation.
  double first_fit(double t, double len) const;
  // Reserves [start, end); the interval must be free (checked: throws std::logic_error otherwise).
  void reserve(double start, double end);
  // Forgets reservations that ended at or before t (no later query may ask about times before t).
  void prune(double t);
  // Whether nothing is reserved after t (first_fit(t, len) == t for any len then).
  bool free_after(double t) const { return none() || busy_.back().end <= t + 1e-9; }  // (kTolerance_s)
  double busy_s() const { return busy_s_; }
  // Busy time outside the reservations: a broadcast receiver's copies, which nothing else on its radio competes with.
  void add_busy(double s) { busy_s_ += s; }
  std::size_t size() const { return busy_.size() - head_; }
  void prefetch() const  // the live reservations' first and last (a hint to the cache; no effect on results)
  {
    if (!none()) {
      __builtin_prefetch(&busy_[head_]);
      __builtin_prefetch(&busy_.back());
    }
  }

private:
  struct Interval {
    double start, end;
  };
  // Sorted by start, non-overlapping: busy_[head_ ..] (a vector used as a queue: pruning advances head_ and
  // compacts now and then; cheaper per packet than std::deque).
  std::vector<Interval> busy_;
  std::size_t head_ = 0;
  bool none() const { return head_ == busy_.size(); }
  std::vector<Interval>::const_iterator live() const { return busy_.begin() + static_cast<std::ptrdiff_t>(head_); }
  double busy_s_ = 0;
};

// Earliest grid-aligned start s >= t at which both radios are free for len seconds.
double joint_first_fit(const RadioTimeline& a, const RadioTimeline& b, const SlotGrid& grid, double t, double len);

}  // namespace btlinksim
