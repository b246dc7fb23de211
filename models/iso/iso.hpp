// LE Audio isochronous channels (pure: no engine): the BAP codec/QoS presets, the timing of a connected
// isochronous group (CIG, one CIS per sink) or a broadcast isochronous group (BIG, one BIS per audio channel),
// the controller's choice of subevents and flush timeout, the SDU synchronisation reference all sinks render
// from, and the per-stream payload state machine (acknowledged and flushed payloads of a CIS).
//
// Sources (docs/models.md, "LE Audio"):
//   BAP presets: docs/references.md [le-audio] (BAP v1.0 Tables 5.2 / 6.4 as encoded in [zephyr-bap-preset]) (S);
//   timing: Core v6.2 Vol 6 Part G §3.2.2 (transport latency, SDU synchronisation reference, unframed) (S);
//   T_IFS = T_MSS = 150 us: Core Vol 6 Part B §4.1 (S); MIC 4 octets on an encrypted CIS: Core Vol 6 Part B
//   §2.6 (S; BAP unicast runs on encrypted links); active clock: instantaneous timing within 2 us of its
//   average, Core Vol 6 Part B §4.2.1 (S).
// The layout (sequential CISes/BISes, burst number 1, no pre-transmission) and the choice of NSE and FT from
// RTN and the maximum transport latency are this model's controller policy (U): the specification leaves them
// to the controller.
#pragma once

#include "models/radio/radio.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

inline constexpr double kLeTmss_s = 150e-6;  // minimum subevent space T_MSS [Core Vol 6 Part B §4.1] (S)
inline constexpr int kCisMicBytes = 4;       // MIC of an encrypted CIS PDU [Core Vol 6 Part B §2.6] (S)
inline constexpr double kLeActiveClockJitter_s = 2e-6;  // [Core Vol 6 Part B §4.2.1] (S)

struct BapQos {
  int rtn;                          // retransmission number: each SDU is sent up to rtn + 1 times
  double max_transport_latency_s;
};
struct BapSetting {
  const char* name;  // "48_2"
  double frame_s;    // SDU interval (LC3 frame)
  int octets;        // per channel per frame
  BapQos unicast_low_latency, unicast_high_reliability, broadcast_low_latency, broadcast_high_reliability;
  double presentation_delay_s;
};
const std::vector<BapSetting>& bap_settings();
// "48_2_1" -> setting 48_2 with QoS 1 (low latency) or 2 (high reliability); nullopt if not a preset name.
struct BapPreset {
  const BapSetting* setting;
  bool high_reliability;
  BapQos qos(bool broadcast) const;
};
std::optional<BapPreset> find_bap_preset(const std::string& name);
std::vector<std::string> bap_preset_names();

// One isochronous group as configured.
struct IsoGroupConfig {
  bool broadcast   = false;  // BIG (no acknowledgements) or CIG
  int streams      = 1;      // CISes / BISes, laid out one after the other
  Phy phy          = Phy::le2m;
  double sdu_interval_s = 0.010;
  int sdu_bytes    = 100;    // payload of one PDU (one SDU: BN = 1, unframed)
  int nse          = 1;      // subevents per stream per event
  int ft           = 1;      // flush timeout in events (CIS; 1 for a BIG)
  double iso_interval_s() const { return sdu_interval_s; }  // unframed, one SDU per event
  int pdu_bytes() const { return sdu_bytes + (broadcast ? 0 : kCisMicBytes); }
};

struct IsoTiming {
  double pdu_air_s        = 0;  // the data PDU on air
  double ack_air_s        = 0;  // CIS: the peripheral's empty PDU back (0 for a BIG)
  double sub_interval_s   = 0;  // start to start of consecutive subevents of one stream
  double stream_spacing_s = 0;  // start of stream i to start of stream i + 1 (nse * sub_interval)
  double group_sync_delay_s = 0;  // anchor to the end of the last stream's last subevent (CIG/BIG_Sync_Delay)
  double transport_latency_s = 0;  // Core Vol 6 Part G §3.2.2, unframed
  // SDU synchronisation reference after the group's reference anchor of the SDU's first event:
  // CIS: CIS anchor + CIS_Sync_Delay + (FT - 1) ISO_Interval = CIG anchor + CIG_Sync_Delay + (FT - 1) ISO_Interval;
  // BIS: BIG anchor + BIG_Sync_Delay.
  double sync_reference_after_anchor_s = 0;
};
IsoTiming iso_timing(const IsoGroupConfig& c);

// The controller policy (U): each SDU gets rtn + 1 transmissions, as many as fit in one event (all streams'
// subevents inside the ISO interval, at most 31), the rest in the following events (CIS: FT = ceil(attempts /
// NSE)), then FT is cut to what the maximum transport latency allows. A BIG sends all copies in the SDU's own
// event (IRC = NSE, PTO = 0). nse / ft given by the scenario override the policy. Throws std::invalid_argument
// with what to change when the streams do not fit the interval or no FT meets the latency.
IsoGroupConfig choose_iso(bool broadcast, int streams, Phy phy, double sdu_interval_s, int sdu_bytes, BapQos qos,
                          std::optional<int> nse = std::nullopt, std::optional<int> ft = std::nullopt);

// Periodic events (advertising, periodic advertising): event n at phase_s + n * interval_s + extra_s(n) (advDelay
// for advertising, 0 for the periodic train). A scanner listening from t_s receives the first event at or after
// t_s for which heard(n) is true (each reception an independent draw by the caller). Returns that event's time,
// or +infinity if none is heard by until_s (a sink out of range never syncs: the search must end).
struct PeriodicEvents {
  double phase_s, interval_s;
  std::int64_t first_at_or_after(double t_s) const;
  double at(std::int64_t n) const { return phase_s + static_cast<double>(n) * interval_s; }
};
template <class Extra, class Heard>
double first_heard(const PeriodicEvents& e, double t_s, Extra extra_s, Heard heard,
                   double until_s = std::numeric_limits<double>::infinity())
{
  // advDelay may move an event past the next nominal one's start; an event counts if its actual time >= t_s.
  for (std::int64_t n = std::max<std::int64_t>(0, e.first_at_or_after(t_s) - 1);; ++n) {
    const double at = e.at(n) + extra_s(n);
    if (at > until_s)
      return std::numeric_limits<double>::infinity();
    if (at >= t_s && heard(n))
      return at;
  }
}

// A CIS's payloads at its central (BN = 1): payload p becomes sendable in event p and is flushed after event
// p + FT - 1; each subevent carries the oldest payload neither acknowledged nor flushed.
class CisPayloads {
public:
  explicit CisPayloads(int ft) : ft_(ft) {}
  // Event `event` begins: payloads flushed before it leave (returned, oldest first), and `fresh` (the event's
  // own SDU, if any) joins.
  std::vector<std::int64_t> begin_event(std::int64_t event, bool fresh);
  // The payload the next subevent carries, or nullopt (nothing pending: the CIS is silent for the event's rest).
  std::optional<std::int64_t> current() const;
  // The central heard the peripheral's acknowledgement of the current payload: it leaves.
  void acknowledged();
  // Payloads still pending at the end (flushed by the end of the run).
  std::vector<std::int64_t> pending() const;

private:
  int ft_;
  std::deque<std::int64_t> pending_;
};

}  // namespace btlinksim
