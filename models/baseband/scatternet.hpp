// A relay speaker in two piconets (a scatternet): it is the phone's slave and the next speaker's master, with one
// radio and one clock to follow at a time. Scatternet schedulers share its time by rendezvous (hold- or
// sniff-based): it stays in the upstream piconet for share x period, then in its own for the rest, and each stay
// ends with a switch guard in which it re-synchronises to the other piconet's clock and hop sequence (the slot
// grids of the two piconets are misaligned: that wait is already in the radio timelines' slot alignment).
// No published figure fixes the period, the share or the guard for speakers: all three are assumptions (U);
// docs/simulation.md shows their effect. period 0: present in both piconets whenever the radio is free (ideal).
#pragma once

namespace btlinksim {

struct PresenceSchedule {
  double period_s       = 0;
  double upstream_share = 0.5;
  double guard_s        = 0;
  double phase_s        = 0;  // where the first upstream stay begins
  bool active() const { return period_s > 0; }
  // Length of a stay usable for exchanges (the guard excluded).
  double usable_s(bool upstream) const;
  // Earliest s >= t such that [s, s + len) lies inside a stay in the upstream (or its own) piconet.
  // Throws std::invalid_argument if no stay is long enough for len.
  double next_fit(double t, double len, bool upstream) const;
};

}  // namespace btlinksim
