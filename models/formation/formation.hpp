// Link formation timing: BR/EDR inquiry and page between devices whose activity (inquiring, paging, scanning)
// follows a schedule. Pure (no engine); the simulator's formation actors call these and sleep until the results.
//
// Constants (bluetooth-physics.md §1.4, all S):
//  - inquiry: the inquirer sends a train of 16 of the 32 inquiry channels every 10 ms (2 ID packets per even
//    slot) and repeats one train N_inquiry = 256 times (2.56 s) before switching train A <-> B [dziwior-inq],
//    [palo-times];
//  - inquiry scan: a window (>= 10 ms, default 11.25 ms) every interval (spec default 2.56 s, Android 1.28 s),
//    listening on one channel that changes every 1.28 s [dziwior-inq], [hci-md], [hcidefs];
//  - inquiry response back-off: random 0..1023 slots, then the scanner answers (FHS) at its next hit [palo-times];
//  - page scan: window 11.25 ms every 1.28 s (R1); the pager repeats a train >= 128 times (1.28 s, R1) before
//    switching train [dziwior-page]; page timeout 5.12 s [bluelimn-timeout].
// A device hears an inquiry (or page) only while it is scanning: two devices that both inquire (or both scan)
// at the same time never meet, which is what makes simultaneous power-on slow.
#pragma once

#include "models/core/rng.hpp"

#include <optional>
#include <vector>

namespace btlinksim {

inline constexpr double kTrainRepetition_s   = 2.56;     // N_inquiry = 256 trains of 10 ms [dziwior-inq]
inline constexpr double kTrainSweep_s        = 0.010;    // one train: 16 channels in 10 ms [dziwior-inq]
inline constexpr double kScanChannelChange_s = 1.28;     // scanner's listening channel changes [dziwior-inq]
inline constexpr int kBackoffMaxSlots        = 1023;     // inquiry response back-off [palo-times]
inline constexpr double kPageTrainRepetition_s = 1.28;   // R1 pager repeats a train >= 128 times [dziwior-page]
inline constexpr double kPageTimeout_s         = 5.12;   // Page_Timeout default [bluelimn-timeout]

struct ScanParams {
  double interval_s = 1.28;     // page scan default; inquiry scan: spec 2.56 s, Android 1.28 s
  double window_s   = 0.01125;  // 0x0012 slots
  double phase_s    = 0;        // first window start (device-specific)
};

// What a device does over time while forming links.
enum class Activity { idle, inquiry, scan };
struct ActivitySpan {
  double start_s, end_s;
  Activity what;
};
using ActivitySchedule = std::vector<ActivitySpan>;  // sorted, disjoint

// Speaker "link mode" firmware policy: after boot, alternate inquiry (looking for a partner) and scanning (being
// found), each phase lasting its nominal length plus a uniform random jitter, until linked or timed out.
struct LinkModePolicy {
  double inquiry_s  = 2.56;
  double scan_s     = 2.56;
  double jitter_s   = 0;     // U(0, jitter) added to every phase
  double timeout_s  = 60;    // give up linking this long after boot
  bool start_with_inquiry = true;
};
ActivitySchedule link_mode_schedule(double ready_s, const LinkModePolicy& p, RngStream& rng);
// Activity of the device at t (idle outside the schedule).
Activity activity_at(const ActivitySchedule& s, double t);
// The span containing t, or nullptr.
const ActivitySpan* span_at(const ActivitySchedule& s, double t);

// Whether the scanner's listening channel lies in the inquirer's train A, per 1.28 s epoch of the scanner.
// In the real hopping kernel it follows from the address and clock; it is modelled as a fair coin per epoch.
class ScanChannelTrains {
public:
  explicit ScanChannelTrains(RngStream rng) : rng_(rng) {}
  // Fixed membership (hand-worked cases and tests): always train A (true) or always train B (false).
  static ScanChannelTrains fixed(bool in_train_a);
  bool in_train_a(double t);

private:
  ScanChannelTrains() : rng_(std::array<std::uint64_t, 4>{1, 2, 3, 4}) {}
  RngStream rng_;
  bool fixed_ = false, fixed_value_ = true;
  long long epoch_ = -1;
  bool value_ = true;
};

struct Discovery {
  double heard_s = 0;       // the scanner first received an ID packet
  double discovered_s = 0;  // the inquirer received the scanner's FHS
};

// First discovery of `scanner` by `inquirer` from time t0 on: a scan window that lies wholly inside the scanner's
// scan activity and the inquirer's inquiry activity, whose channel is in the inquirer's current train (train A
// in the first 2.56 s of each inquiry span, then alternating), and whose ID packet is received (probability
// p_ok), gives a hearing; after a back-off of U{0..1023} slots the scanner answers at its next such window, with
// the FHS received with probability p_ok. nullopt if no discovery before t_end.
std::optional<Discovery> first_discovery(const ActivitySchedule& inquirer, const ActivitySchedule& scanner,
                                         const ScanParams& scan, ScanChannelTrains& trains, double p_ok,
                                         RngStream& rng, double t0, double t_end);

// Page of a device whose page-scan windows are `scan` (active while `connectable` says so): the pager starts at
// t0 with train A (or directly on the right channel if it knows the scanner's clock, e.g. after inquiry) and
// switches train every 1.28 s (R1); a window in the right train is answered with probability p_ok.
// nullopt on page timeout.
std::optional<double> page_time(double t0, const ScanParams& scan, const ActivitySchedule* connectable,
                                bool clock_known, ScanChannelTrains& trains, double p_ok, RngStream& rng,
                                double timeout_s = kPageTimeout_s);

}  // namespace btlinksim
