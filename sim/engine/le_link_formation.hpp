// LE Audio unicast link formation in a run (issue 27 item 3): the sinks advertise from their boot, the central
// (the source) scans from its own, connects them one at a time, sets each up and creates their CISes one at a time
// (models/formation/le_formation.hpp); after a CIS is lost, the same again for that sink alone with the shorter
// set-up of a bonded device. Gives the ISO transport the time each CIS may start, and the formation table its rows.
#pragma once

#include "models/formation/le_formation.hpp"
#include "sim/engine/formation_record.hpp"
#include "sim/engine/run.hpp"

#include <deque>
#include <functional>

namespace btlinksim {

class LeLinkFormation {
public:
  // cig_anchor_at_or_after: the first anchor of the CIG at or after a time (the ISO transport's grid).
  LeLinkFormation(Run& run, std::function<double(double)> cig_anchor_at_or_after);
  // From power-on: when each sink's CIS may start (+infinity: not formed before the run's end). Fills the records.
  std::vector<double> form_all();
  // Sink i's CIS was lost at t (the k-th loss of the run): when its new CIS may start (+infinity: not by the end),
  // and the connection attempts it took.
  std::pair<double, int> reform(size_t sink, double t_s, size_t k);
  const std::deque<FormationRecord>& records() const { return records_; }

private:
  LeOdds odds(int central, int sink, double t_s) const;
  LeScanWindows scan_windows(const std::string& purpose) const;
  // Radio time of advertising (sink) and scanning (central) over [from, to).
  void formation_energy(int central, int sink, const LeScanWindows& w, double from_s, double to_s);
  Run& run_;
  std::function<double(double)> cig_;
  std::deque<FormationRecord> records_;
};

}  // namespace btlinksim
