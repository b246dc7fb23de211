#include "models/wifi/bianchi.hpp"

#include <cmath>

namespace btlinksim {

double ofdm_ppdu_s(double psdu_bytes, double n_dbps, double preamble_s, double signal_extension_s)
{
  constexpr double kSymbol = 4e-6;  // 3.2 us + 800 ns guard interval
  const double symbols = std::ceil((16.0 + 8.0 * psdu_bytes + 6.0) / n_dbps);  // SERVICE 16 + data + tail 6 bits
  return preamble_s + kSymbol * symbols + signal_extension_s;
}

BianchiResult bianchi_saturation(const BianchiParams& b)
{
  const int n    = b.stations;
  const double W = b.cw_min + 1.0;
  const int m    = static_cast<int>(std::lround(std::log2((b.cw_max + 1.0) / W)));
  const auto p_of = [n](double tau) { return 1.0 - std::pow(1.0 - tau, n - 1); };
  const auto tau_of = [W, m](double p) {
    double sum = 0;
    for (int i = 0; i < m; ++i)
      sum += std::pow(2.0 * p, i);
    return 2.0 / (1.0 + W + p * W * sum);
  };
  // tau - tau_of(p_of(tau)) rises from negative at 0 to positive at 1: one root, by bisection.
  double lo = 0, hi = 1;
  for (int k = 0; k < 200; ++k) {
    const double mid = 0.5 * (lo + hi);
    (mid - tau_of(p_of(mid)) > 0 ? hi : lo) = mid;
  }
  BianchiResult r;
  r.tau = 0.5 * (lo + hi);
  r.p   = p_of(r.tau);
  const double B   = 1.0 / W;
  const double EP  = b.ns3_reference ? b.payload_bits / (1.0 - B) : b.payload_bits;
  const double Ts  = b.ns3_reference ? b.success_s / (1.0 - B) + b.slot_s : b.success_s;
  const double Ptr = 1.0 - std::pow(1.0 - r.tau, n);
  const double Ps  = n * r.tau * std::pow(1.0 - r.tau, n - 1) / Ptr;
  r.throughput_bps = Ps * Ptr * EP / ((1.0 - Ptr) * b.slot_s + Ptr * Ps * Ts + Ptr * (1.0 - Ps) * b.collision_s);
  return r;
}

}  // namespace btlinksim
