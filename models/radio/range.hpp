// The link-budget range calculation behind `btlinksim range`: composes radio, propagation and link models.
#pragma once

#include "models/radio/link_budget.hpp"
#include "models/radio/link_criterion.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

struct RangeQuery {
  Phy phy = Phy::edr2m;
  LinkEnds ends;
  std::optional<double> sensitivity_dbm;  // default: typical sensitivity of the PHY
  double noise_figure_db      = kDefaultNoiseFigure_db;
  double fade_margin_db       = 10.0;
  double shadowing_sigma_db   = 0.0;
  double location_reliability = 0.9;
  PathLossModel model         = LogDistance{};
  double distance_m           = 8.0;
  // The link criterion (link_criterion.hpp): the audio packet, its rate, the loss tolerated and a margin.
  std::optional<AclType> packet;        // default: the PHY's 5-slot type (DH5, 2-DH5, 3-DH5); LE PHYs: an LE PDU
  int payload_bytes       = 0;          // 0: the packet's maximum
  double packets_per_s    = 0;          // 0: one per 10 ms
  double max_dropouts_per_min   = kDefaultMaxDropoutsPerMin;
  double implementation_margin_db = 0;
};

struct PacketRow {
  std::string name;
  int slots           = 0;
  int payload_bytes   = 0;
  double air_time_s   = 0;
  double ber          = 0;
  double per          = 0;
  double goodput_bps  = 0;  // payload bits / exchange time * (1 - PER), ACL only (0 for LE)
};

struct RangeReport {
  std::string model;
  double path_loss_db           = 0;
  double rx_power_dbm           = 0;
  double noise_floor_dbm        = 0;
  double snr_db                 = 0;
  double sensitivity_dbm        = 0;
  double implementation_loss_db = 0;
  double total_margin_db        = 0;  // fade margin + shadowing margin
  double link_margin_db         = 0;  // rx power - required power (>= 0: the link holds)
  double max_path_loss_db       = 0;  // by the link criterion: the budget's terms summed
  double max_range_m            = 0;  // where the path loss reaches max_path_loss_db
  std::string packet;                 // the packet the criterion is decided on
  int payload_bytes             = 0;
  double packets_per_s          = 0;
  double target_loss            = 0;  // p*: the packet error rate the criterion tolerates
  double packet_sensitivity_dbm = 0;
  double required_rx_dbm        = 0;  // packet sensitivity + implementation margin + fade margin
  LinkBudgetTable budget;
  double max_range_at_sensitivity_m = 0;  // the textbook budget: datasheet sensitivity, no packet term, no margins
  bool overloaded               = false;  // rx power above the -20 dBm maximum usable input
  std::vector<PacketRow> packets;
};

// Receiver for `phy` as configured by the query (sensitivity override applies to the query's PHY only).
Receiver receiver_for(const RangeQuery& q, Phy phy);
RangeReport evaluate_range(const RangeQuery& q);

// Range as a simulated outcome (`btlinksim range SCENARIO --vary DEVICE`): the largest x in [lo, hi] at which
// holds(x) is true, for a criterion that holds up to some point and fails beyond it. Bisection keeps
// holds(lo) && !holds(hi) and stops when hi - lo <= tolerance: ceil(log2((hi - lo) / tolerance)) evaluations
// after the two end checks. If the criterion already fails at lo the result is lo (below_lo); if it still holds
// at hi the result is hi (at_least_hi: the range is censored by the search interval).
struct BisectionResult {
  double value    = 0;
  int evaluations = 0;
  bool below_lo = false, at_least_hi = false;
};
BisectionResult bisect_largest(const std::function<bool(double)>& holds, double lo, double hi, double tolerance);

}  // namespace btlinksim
