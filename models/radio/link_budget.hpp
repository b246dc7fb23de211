// Link budget: transmitter + antennas + cables + path loss -> received power, margin, maximum range.
// Formula: P_rx = P_tx + G_tx - L_tx + G_rx - L_rx - PL(d)  (docs/references.md [link-budget]).
#pragma once

#include "models/radio/link.hpp"
#include "models/channel/propagation.hpp"

namespace btlinksim {

struct LinkEnds {
  double tx_power_dbm       = 4.0;  // class 2 max [sig-radio]
  double tx_antenna_gain_db = 0.0;
  double tx_cable_loss_db   = 0.0;
  double rx_antenna_gain_db = 0.0;
  double rx_cable_loss_db   = 0.0;
  double eirp_dbm() const { return tx_power_dbm + tx_antenna_gain_db - tx_cable_loss_db; }
  double net_gain_db() const { return tx_antenna_gain_db - tx_cable_loss_db + rx_antenna_gain_db - rx_cable_loss_db; }
};

double received_power_dbm(const LinkEnds& ends, double path_loss_db);

// Total fade margin: a fixed margin plus sigma * z(reliability) for log-normal shadowing at a location
// reliability (0.5 gives no shadowing margin; 0.9 gives 1.28 sigma).
double total_fade_margin_db(double fade_margin_db, double shadowing_sigma_db, double location_reliability);

// Largest path loss the link tolerates: P_tx + gains - losses - sensitivity - margin.
double max_path_loss_db(const LinkEnds& ends, double sensitivity_dbm, double margin_db);

// Largest distance (m) at which path_loss_db(model, d) <= max_loss_db, found by bisection on a monotone model
// between kMinModelDistance_m and 1e6 m. Returns 0 if even the minimum distance fails, 1e6 if nothing does.
double max_range_m(const PathLossModel& model, double max_loss_db);

}  // namespace btlinksim
