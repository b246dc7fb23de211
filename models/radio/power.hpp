// Radio energy (pure): currents per radio state from a device profile and the time in each state. The radio is
// transmitting, receiving (including scan windows and the listening half of inquiry/page trains), or idle
// (connected between its exchanges, or between scan windows). Sniff is not modelled: no modelled scenario enters
// it (A2DP streaming keeps its links active). `other` is the rest of the device (amplifier, DSP), 0 by default.
//
// Formation (models/formation): a scanner receives for each scan window (11.25 ms every 1.28 s by default); an
// inquirer or pager sends two 68 us ID packets per 1.25 ms slot pair (Core Vol 2 Part B: ID packet = 68-bit
// access code; two per TX slot in the inquiry and page substates, S) and listens in the RX slot (50 %, U).
//
// Default profiles (docs/models.md, "Energy"):
//   BR/EDR: TI CC256x data sheet SWRS121C (2013) §4.1.3.1 at VDD_IN 3.6 V: continuous GFSK transmission 77 mA
//     (at +12 dBm; T), idle 1 mA (T); receive: the data sheet gives no continuous-receive figure; its "GFSK full
//     throughput (TX DH1, RX DH5)" average of 40.5 mA (§4.1.3.2, mostly receiving) is used (U as an RX current).
//   LE: Nordic nRF52832 product specification v1.1 (radio current consumption, VDD 3 V, HFXO): TX 0 dBm 7.1 mA,
//     RX 1 Mb/s 6.5 mA (T); idle between events 2 uA (U: System ON sleep with the RTC running).
#pragma once

namespace btlinksim {

struct PowerProfile {
  double tx_a, rx_a, idle_a, supply_v;
  double other_a = 0;
};

inline PowerProfile br_edr_power_profile() { return {0.077, 0.0405, 0.001, 3.6}; }
inline PowerProfile le_power_profile() { return {0.0071, 0.0065, 2e-6, 3.0}; }

// Time in [from_s, to_s) a scanner spends in its windows (windows at phase + n interval, each window_s long).
inline double scan_window_time_s(double interval_s, double window_s, double phase_s, double from_s, double to_s)
{
  if (to_s <= from_s || interval_s <= 0)
    return 0;
  double t = 0;
  double n = (from_s - phase_s) / interval_s;
  long long k = static_cast<long long>(n) - 1;
  for (;; ++k) {
    const double a = phase_s + static_cast<double>(k) * interval_s, b = a + window_s;
    if (a >= to_s)
      break;
    const double lo = a > from_s ? a : from_s, hi = b < to_s ? b : to_s;
    if (hi > lo)
      t += hi - lo;
  }
  return t;
}
inline constexpr double kIdPacket_s = 68e-6;  // ID packet: 68-bit access code at 1 Mb/s (S)
// An inquiry or page train over d seconds: transmitting 2 x 68 us per 1.25 ms, receiving half the time (U).
inline double train_tx_s(double d_s) { return d_s * 2 * kIdPacket_s / 1.25e-3; }
inline double train_rx_s(double d_s) { return d_s * 0.5; }

// Energy over `total_s` of which tx_s transmitting and rx_s receiving (the rest idle), in joules.
inline double radio_energy_j(const PowerProfile& p, double tx_s, double rx_s, double total_s)
{
  const double idle_s = total_s - tx_s - rx_s > 0 ? total_s - tx_s - rx_s : 0.0;
  return p.supply_v * (p.tx_a * tx_s + p.rx_a * rx_s + p.idle_a * idle_s + p.other_a * total_s);
}

}  // namespace btlinksim
