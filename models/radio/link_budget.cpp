#include "models/radio/link_budget.hpp"

#include <cmath>

namespace btlinksim {

double received_power_dbm(const LinkEnds& ends, double path_loss_db) { return ends.tx_power_dbm + ends.net_gain_db() - path_loss_db; }

double total_fade_margin_db(double fade_margin_db, double shadowing_sigma_db, double location_reliability)
{
  double m = fade_margin_db;
  if (shadowing_sigma_db > 0 && location_reliability > 0.5 && location_reliability < 1.0)
    m += shadowing_sigma_db * normal_quantile(location_reliability);
  return m;
}

double max_path_loss_db(const LinkEnds& ends, double sensitivity_dbm, double margin_db)
{
  return ends.tx_power_dbm + ends.net_gain_db() - sensitivity_dbm - margin_db;
}

double max_range_m(const PathLossModel& model, double max_loss_db)
{
  double lo = kMinModelDistance_m, hi = 1e6;
  if (path_loss_db(model, lo) > max_loss_db)
    return 0.0;
  if (path_loss_db(model, hi) <= max_loss_db)
    return hi;
  // Bisection in log-distance: 200 halvings of [log lo, log hi] reach far below 1 mm.
  for (int i = 0; i < 200 && hi / lo > 1.0 + 1e-12; ++i) {
    const double mid = std::sqrt(lo * hi);
    if (path_loss_db(model, mid) <= max_loss_db)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

}  // namespace btlinksim
