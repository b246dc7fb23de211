#include "models/radio/link_criterion.hpp"

#include <cmath>
#include <functional>

namespace btlinksim {

double target_packet_loss(double max_dropouts_per_min, double packets_per_s)
{
  return packets_per_s > 0 ? max_dropouts_per_min / (60.0 * packets_per_s) : 0.0;
}

namespace {
// The power at which per_at(P) == per: PER falls with the power, so bisect on [-150, +30] dBm.
double solve_power(const std::function<double(double)>& per_at, double per)
{
  double lo = -150.0, hi = 30.0;
  if (per_at(hi) > per)
    return hi;
  if (per_at(lo) <= per)
    return lo;
  for (int i = 0; i < 200 && hi - lo > 1e-9; ++i) {
    const double mid = 0.5 * (lo + hi);
    (per_at(mid) > per ? lo : hi) = mid;
  }
  return hi;
}
}  // namespace

double acl_packet_sensitivity_dbm(AclType t, int payload_bytes, const Receiver& payload_rx, const Receiver& header_rx,
                                  double per)
{
  return solve_power([&](double p) { return acl_per(t, payload_bytes, header_rx.ber(p), payload_rx.ber(p)); }, per);
}

double le_packet_sensitivity_dbm(int payload_bytes, const Receiver& rx, double per)
{
  return solve_power([&](double p) { return le_per(payload_bytes, rx.ber(p)); }, per);
}

LinkBudgetTable link_budget_table(const LinkBudgetInputs& in)
{
  LinkBudgetTable t;
  t.terms = {{"transmit power", "dBm", in.tx_power_dbm},
             {"transmit antenna gain", "dB", in.tx_antenna_gain_db},
             {"transmit losses (cable, enclosure, hand or body)", "dB", 0.0 - in.tx_loss_db},  // (0 - 0 is +0)
             {"receive antenna gain", "dB", in.rx_antenna_gain_db},
             {"receive losses (cable, enclosure, hand or body)", "dB", 0.0 - in.rx_loss_db},
             {"receiver sensitivity (datasheet, payload PHY)", "dBm", -in.sensitivity_dbm},
             {"packet term (packet sensitivity - sensitivity)", "dB", -(in.packet_sensitivity_dbm - in.sensitivity_dbm)},
             {"implementation margin", "dB", 0.0 - in.implementation_margin_db},
             {"fade margin", "dB", 0.0 - in.fade_margin_db}};
  for (const auto& term : t.terms)
    t.max_path_loss_db += term.value;
  t.required_rx_dbm = in.packet_sensitivity_dbm + in.implementation_margin_db + in.fade_margin_db;
  t.max_path_loss_at_sensitivity_db = in.tx_power_dbm + in.tx_antenna_gain_db - in.tx_loss_db + in.rx_antenna_gain_db -
                                      in.rx_loss_db - in.sensitivity_dbm;
  return t;
}

}  // namespace btlinksim
