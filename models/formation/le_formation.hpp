// LE Audio link formation (issue 27 item 3): how a unicast sink (a CIS peripheral) and its central meet and start
// a stream, as the Core specification's Link Layer procedures time it. Pure (no engine): the ISO transport calls
// these at power-on and again after a CIS is lost.
//
// The procedures (docs/references.md [le-ll], S unless marked):
//  - connectable extended advertising: advertising event n + 1 starts advInterval + advDelay after event n, with
//    advDelay pseudo-random in 0..10 ms per event (Vol 6 Part B §4.4.2.2.1), so the delays accumulate; each event
//    sends ADV_EXT_IND on the primary channels 37, 38, 39 in turn, each pointing at one AUX_ADV_IND on a secondary
//    channel (§4.4.2.4; the spacing of the primary PDUs and the aux offset are U);
//  - scanning: a window of scanWindow every scanInterval, each window on the next primary channel (§4.4.3; the
//    order 37, 38, 39 is U), so a scanner hears an advertising event when the PDU on its window's channel lies in
//    the window; it follows the aux pointer to the AUX_ADV_IND and, initiating, answers it with AUX_CONNECT_REQ;
//    the advertiser answers AUX_CONNECT_RSP (§4.4.2.4.3);
//  - connection: the first connection event falls in the transmit window that opens transmitWindowDelay (2.5 ms
//    after AUX_CONNECT_REQ on LE 1M) + transmitWindowOffset after the request (§4.5.3; the central sends at the
//    window's start with offset 0, U); a connection not established (no packet from the peer) within
//    6 connection intervals has failed (§4.5.2), and the peripheral advertises again;
//  - messages over the connection (encryption, GATT discovery, ASE configuration, U in number; the CIS creation
//    LL_CIS_REQ, LL_CIS_RSP, LL_CIS_IND, §5.1.15): one Link Layer data PDU per connection event and direction,
//    the central first; a peripheral only answers a packet it received; a PDU not acknowledged is sent again at
//    the next event (§4.5.9); a reply goes at the earliest in the event after its request; the connection is lost
//    when the central has heard nothing for connSupervisionTimeout (§4.5.2);
//  - the CIS starts at the instant LL_CIS_IND names (the central allows at least 6 connection events before an
//    instant, §5.5.1 guidance) + CIS_Offset >= CIS_Offset_Min of 500 us (§2.4.2.29): on the CIG's event grid,
//    so at the first CIG anchor at or after that time;
//  - the host creates one CIS at a time: HCI LE Create CIS is disallowed until the previous one's CIS Established
//    event (Vol 4 Part E §7.8.99), and the initiator connects to one advertiser at a time.
#pragma once

#include "models/core/rng.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace btlinksim {

inline constexpr double kLeAdvDelayMax_s         = 0.010;   // advDelay 0..10 ms per event [le-ll] (S)
inline constexpr double kLePrimarySpacing_s      = 0.0005;  // one ADV_EXT_IND to the next (air + switch) (U)
inline constexpr double kLeAuxOffset_s           = 0.002;   // event start to its AUX_ADV_IND (U)
inline constexpr double kLeTransmitWindowDelay_s = 0.0025;  // after AUX_CONNECT_REQ on LE 1M/2M [le-ll] (S)
inline constexpr int kLeEstablishIntervals       = 6;       // connection / CIS not established: failed [le-ll] (S)
inline constexpr int kLeInstantEvents            = 6;       // events the central allows before an instant [le-ll] (S)
inline constexpr double kCisOffsetMin_s          = 500e-6;  // CIS_Offset_Min [le-ll] (S)
inline constexpr int kCisCreateMessages          = 3;       // LL_CIS_REQ, LL_CIS_RSP, LL_CIS_IND [le-ll] (S)
// PDU payloads (octets): ADV_EXT_IND (extended header with ADI and AuxPtr, U), AUX_ADV_IND (AdvA, ADI, the
// announcement, U), AUX_CONNECT_REQ (34, as CONNECT_IND, S), AUX_CONNECT_RSP (AdvA and TargetA, 14, S), and a
// Link Layer data PDU without data length extension (27, S).
inline constexpr int kLeAdvExtBytes = 12, kLeAuxAdvBytes = 40, kLeConnectReqBytes = 34, kLeConnectRspBytes = 14,
                     kLeDataBytes = 27;

// Scanning windows: window k opens at phase_s + k * interval_s for window_s, on primary channel (first + k) mod 3
// (0, 1, 2 = 37, 38, 39). window_s == interval_s is continuous scanning.
struct LeScanWindows {
  double interval_s = 0.06, window_s = 0.03, phase_s = 0;
  int first_channel = 0;
  // Whether a PDU on primary channel `channel` (0..2) sent over [t, t + air) lies inside a window on that channel.
  bool hears(int channel, double t_s, double air_s) const;
};

// Probabilities that each packet of the procedures gets through (at the link's median power: the caller's).
struct LeOdds {
  double adv = 1, aux = 1, connect_req = 1, connect_rsp = 1;  // ADV_EXT_IND, AUX_ADV_IND (at the scanner), ...
  double central = 1, peripheral = 1;  // a data PDU from the central (at the peripheral), and the answer
};

// One advertiser's events, drawn once (their times from one stream, their receptions from another, with the odds at
// each event's time) so that any number of queries, from any time, see the same events. The advertiser stops while
// a connection it accepted is being established, and starts again from `restart` if it fails.
using LeOddsAt = std::function<LeOdds(double t_s)>;
class LeAdvertiser {
public:
  LeAdvertiser(double start_s, double interval_s, RngStream timing, RngStream reception, LeOddsAt odds);
  struct Event {
    double t_s;        // start: ADV_EXT_IND on channel 37
    bool adv[3];       // the scanner would receive the ADV_EXT_IND on channel 0, 1, 2
    bool aux, req, rsp;  // AUX_ADV_IND, AUX_CONNECT_REQ, AUX_CONNECT_RSP received
  };
  // Event n (n from 0 in time order), drawn on first use.
  const Event& event(std::size_t n);
  // The first event at or after t (its index), drawing as needed; events after t_end are not drawn (nullopt).
  std::optional<std::size_t> first_at_or_after(double t_s, double t_end);
  // The odds of the link at t (also those of the connection that follows).
  LeOdds odds(double t_s) const { return odds_(t_s); }
  // The advertiser stops after event n and starts again at t (a new first event there + advDelay).
  void restart_after(std::size_t n, double t_s);
  double interval_s() const { return interval_s_; }
  double start_s() const { return start_s_; }

private:
  double start_s_, interval_s_;
  RngStream timing_, reception_;
  LeOddsAt odds_;
  std::vector<Event> events_;
  double next_s_;
};

// The advertiser's first event that a scanner with these windows receives completely (ADV_EXT_IND on its
// window's channel, then the AUX_ADV_IND), from t on: its index and when the scanner received the AUX_ADV_IND.
struct LeHeard {
  std::size_t event;
  double aux_end_s;  // end of the AUX_ADV_IND: the AUX_CONNECT_REQ follows T_IFS later
};
std::optional<LeHeard> le_first_heard(LeAdvertiser& adv, const LeScanWindows& scan, double t_s, double t_end);

// Connection establishment after an AUX_CONNECT_REQ that ended at t: the first connection event's anchor, and the
// event (0..5) of the first exchange both sides received, or nullopt (failed to be established).
struct LeEstablished {
  double anchor_s;          // the first connection event
  std::int64_t event = -1;  // the first event whose exchange succeeded, or -1
  double established_s() const;  // anchor + event intervals (NaN when it failed)
  double interval_s = 0;
};
LeEstablished le_establish(double req_end_s, double conn_interval_s, const LeOdds& odds, RngStream& rng);

// Messages over a connection, alternating central, peripheral (or starting with the peripheral): message i is
// sent from the event after message i - 1 got through (the first from `first_event`), again every event until it
// does. The connection is lost when the central has received nothing for `timeout_events` consecutive events.
struct LeMessages {
  std::int64_t done_event = -1;  // event in which the last message got through (-1 if the connection was lost)
  std::int64_t lost_event = -1;  // event at which the supervision timer expired (-1 if not lost)
  std::int64_t events     = 0;   // events used
};
LeMessages le_messages(std::int64_t first_event, int count, bool central_first, const LeOdds& odds,
                       std::int64_t timeout_events, RngStream& rng);

// The time the CIS's first event may start: LL_CIS_IND got through at event `ind_event` of the connection; the
// instant is kLeInstantEvents later, the CIS starts CIS_Offset_Min after that event's anchor, at the first CIG
// anchor from then on (cig_anchor_at_or_after).
double le_cis_start_s(double conn_anchor_s, double conn_interval_s, std::int64_t ind_event,
                      const std::function<double(double)>& cig_anchor_at_or_after);

// Formation parameters of the LE unicast group (U unless the key's help says otherwise).
struct LeFormationParams {
  double scan_interval_s = 0.06, scan_window_s = 0.03;  // the central's initiator scan (Android's fast scan, T)
  double conn_interval_s = 0.015;                        // ACL connection interval (Android's default, T)
  double supervision_timeout_s = 5.0;                    // connSupervisionTimeout (Android's default, T)
  int setup_exchanges     = 20;  // request/response pairs after connection: encryption, discovery, ASE set-up (U)
  int reconnect_exchanges = 8;   // after a lost connection, with the bond and the GATT cache (U)
};

// One sink's formation: when it was ready, heard, connected, set up, and when its CIS may start.
struct LeFormation {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  double ready_s = 0, heard_s = nan, connected_s = nan, setup_s = nan, cis_s = nan;
  int failed_connections = 0;  // connections that failed to be established (6 intervals)
  int lost_connections   = 0;  // connections lost during set-up (supervision timeout)
  int messages           = 0;  // Link Layer messages that got through (set-up and CIS creation)
  bool formed            = false;
};

// A unicast group from power-on: the central (ready at central_ready_s) scans with one initiator, connects to
// whichever advertising sink it hears first, then scans for the others; each connection runs its set-up
// exchanges on its own; the CISes are created one at a time, in the order the set-ups end (each waits for the
// previous CIS's start, where its CIS Established event comes). advertisers[i] starts at sink i's ready time and
// gives its link's odds (each connection's at its start). Returns one LeFormation per sink (formed false: not done
// by t_end).
std::vector<LeFormation> le_form_group(double central_ready_s, const LeScanWindows& scan,
                                       std::vector<LeAdvertiser>& advertisers, const LeFormationParams& p, int exchanges,
                                       std::vector<RngStream>& link_rngs,
                                       const std::function<double(double)>& cig_anchor_at_or_after, double t_end);

}  // namespace btlinksim
