// Radio energy (pure): currents per radio state from a device profile and the time in each state. The radio is
// transmitting, receiving, or idle (connected, between its exchanges); scanning and sniff are not modelled
// (links are formed, or formation's scan windows are not counted). `other` is the rest of the device (amplifier,
// DSP), 0 by default: radio only.
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

// Energy over `total_s` of which tx_s transmitting and rx_s receiving (the rest idle), in joules.
inline double radio_energy_j(const PowerProfile& p, double tx_s, double rx_s, double total_s)
{
  const double idle_s = total_s - tx_s - rx_s > 0 ? total_s - tx_s - rx_s : 0.0;
  return p.supply_v * (p.tx_a * tx_s + p.rx_a * rx_s + p.idle_a * idle_s + p.other_a * total_s);
}

}  // namespace btlinksim
