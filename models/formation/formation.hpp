// Link formation timing: BR/EDR inquiry and page between devices whose activity (inquiring, paging, scanning)
// follows a schedule. Pure (no engine); the simulator's formation actors call these and sleep until the results.
//
// Constants (docs/references.md [bt-timers], all S):
//  - inquiry: the inquirer sends a train of 16 of the 32 inquiry channels every 10 ms (2 ID packets per even
//    slot) and repeats one train N_inquiry = 256 times (2.56 s) before switching train A <-> B [dziwior-inq],
//    [palo-times];
//  - inquiry scan: a window (>= 10 ms, default 11.25 ms) every interval (spec default 2.56 s, Android 1.28 s),
//    listening on one channel that changes every 1.28 s [dziwior-inq], [hci-md], [hcidefs];
//  - inquiry response: v1.1, a random back-off of 0..1023 slots after the first ID, then the FHS at the scanner's
//    next window that hears an ID [palo-times]; v1.2 and later, the FHS to the first ID heard (the back-off comes
//    after it) -- Peterson, Baldwin & Kharoufeh, IEEE TMC 5(9) 2006 analyse both;
//  - interlaced inquiry (and page) scan (v1.2+): a second window right after the first, on the channel 16 positions
//    on (the other train), so one of the two always lies in the inquirer's current train [peterson-2006];
//  - the channels: the scanner listens on position CLKN16-12 of the 32-channel inquiry (or page) sequence; the
//    inquirer's train A is the 16 positions from CLKE16-12 + 24, train B from + 8 [mikeska-inquiry]; both counters
//    step every 1.28 s, so whether the scanner's channel is in train A follows from the two clocks and stays so
//    (but for the part of each 1.28 s between the two clocks' steps); a pager that knows the scanner's clock
//    centres train A on it;
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

// How a scanner answers an inquiry: by the specification version it declares.
enum class InquiryResponse { v1_1, v1_2 };

struct ScanParams {
  double interval_s = 1.28;     // page scan default; inquiry scan: spec 2.56 s, Android 1.28 s
  double window_s   = 0.01125;  // 0x0012 slots
  double phase_s    = 0;        // first window start (device-specific)
  InquiryResponse response = InquiryResponse::v1_2;
  bool interlaced          = false;  // a second window on the other train's channel right after the first
};

// Page scan repetition modes: how often a device page-scans, and so how long a pager repeats one train
// (N_page >= 1, 128, 256 trains of 10 ms) before switching [dziwior-page].
enum class PageScanMode { r0, r1, r2 };
double page_train_repetition_s(PageScanMode m);  // 0.01, 1.28, 2.56 s

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

// A device's native clock as the hopping sees it: CLKN16-12, the 1.28 s counter that selects the scan channel's
// position in the 32-channel inquiry or page sequence, at an arbitrary value and phase after power-on.
struct HopClock {
  int offset     = 0;  // CLKN16-12 at t = 0 (mod 32)
  double phase_s = 0;  // time into its 1.28 s step at t = 0
  long long epoch(double t_s) const;
  static HopClock draw(RngStream& rng);  // uniform value and phase
};

// Whether the scanner's channel lies in the other device's train A at t: the scanner's position minus the start of
// train A (the other's counter + 24), mod 32, below 16. `other` is the inquirer's clock, or the pager's estimate of
// the scanner's clock (its own clock when it has none).
class ScanChannelTrains {
public:
  ScanChannelTrains(HopClock scanner, HopClock other) : scanner_(scanner), other_(other) {}
  // Fixed membership (hand-worked cases and tests): always train A (true) or always train B (false).
  static ScanChannelTrains fixed(bool in_train_a);
  bool in_train_a(double t) const;

private:
  ScanChannelTrains() = default;
  HopClock scanner_, other_;
  bool fixed_ = false, fixed_value_ = true;
};

struct Discovery {
  double heard_s = 0;       // the scanner first received an ID packet
  double discovered_s = 0;  // the inquirer received the scanner's FHS
};

// First discovery of `scanner` by `inquirer` from time t0 on: a scan window that lies wholly inside the scanner's
// scan activity and the inquirer's inquiry activity, whose channel is in the inquirer's current train (train A
// in the first 2.56 s of each inquiry span, then alternating), and whose ID packet is received (probability
// p_ok), gives a hearing. v1.2+: the FHS follows in the next slot; v1.1: after a back-off of U{0..1023} slots the
// scanner answers at its next such window, with the FHS received with probability p_ok. With interlaced scan the
// second window of an interval covers the other train. nullopt if no discovery before t_end.
std::optional<Discovery> first_discovery(const ActivitySchedule& inquirer, const ActivitySchedule& scanner,
                                         const ScanParams& scan, ScanChannelTrains& trains, double p_ok,
                                         RngStream& rng, double t0, double t_end);

// Page of a device whose page-scan windows are `scan` (active while `connectable` says so): the pager starts at
// t0 with train A (or directly on the right channel if it knows the scanner's clock, e.g. after inquiry) and
// switches train every train_repetition_s (R1: 1.28 s); a window in the right train is answered with
// probability p_ok (interlaced page scan: its second window covers the other train).
// nullopt on page timeout.
std::optional<double> page_time(double t0, const ScanParams& scan, const ActivitySchedule* connectable,
                                bool clock_known, ScanChannelTrains& trains, double p_ok, RngStream& rng,
                                double timeout_s = kPageTimeout_s, double train_repetition_s = kPageTrainRepetition_s);

}  // namespace btlinksim
