// Saturation throughput of the 802.11 DCF (Bianchi's model) and the frame durations it needs: the reference the
// packet-level Wi-Fi (sim/engine/ns3_bss.hpp) is validated against (docs/validation.md, "Wi-Fi").
//
// Sources (docs/references.md):
//   [bianchi] G. Bianchi, "Performance analysis of the IEEE 802.11 distributed coordination function", IEEE JSAC
//     18(3):535-547, 2000: n saturated stations, each transmitting in a slot with probability tau, a collision
//     with p = 1 - (1 - tau)^(n-1), tau = 2 / (1 + W + p W sum_{i<m} (2p)^i) (W = CWmin + 1, m backoff stages
//     to CWmax); S = Ps Ptr E[P] / ((1 - Ptr) sigma + Ptr Ps Ts + Ptr (1 - Ps) Tc).
//   [ns3-bianchi] ns-3's reference computation of it (src/wifi/examples/reference/Bianchi11g.m, the expected
//     values of src/wifi/examples/wifi-bianchi.cc): E[P] = L / (1 - B) and Ts / (1 - B) + sigma with
//     B = 1 / (CWmin + 1), and Tc = T_DATA + EIFS when the others cannot decode a collision.
//   [80211-2016] IEEE Std 802.11-2016: OFDM TXTIME = T_PREAMBLE + T_SIGNAL + T_SYM ceil((16 + 8 LENGTH + 6) /
//     N_DBPS) (§17.4.3), 20 + 4 us; ERP-OFDM adds a 6 us signal extension at 2.4 GHz (§18.4.3); HT-mixed
//     TXTIME = T_LEG_PREAMBLE 16 + T_L_SIG 4 + T_HT_SIG 8 + T_HT_PREAMBLE (HT-STF 4 + 4 per HT-LTF) + T_SYM N_SYM
//     + signal extension (§19.4.3); 9 us slot, 10 us SIFS (ERP short slot, HT at 2.4 GHz).
#pragma once

namespace btlinksim {

// Duration of an OFDM PPDU carrying psdu_bytes at n_dbps data bits per 4 us symbol, after preamble_s (20 us for
// a legacy OFDM PPDU, 36 us for a one-stream HT-mixed one), plus signal_extension_s (6 us at 2.4 GHz).
double ofdm_ppdu_s(double psdu_bytes, double n_dbps, double preamble_s, double signal_extension_s);

struct BianchiParams {
  int stations      = 1;
  int cw_min        = 15;
  int cw_max        = 1023;
  double slot_s     = 9e-6;
  double success_s  = 0;  // Ts: the busy time of a success (DATA + SIFS + ACK + DIFS/AIFS)
  double collision_s = 0; // Tc: of a collision (DATA + EIFS, or DATA + DIFS)
  double payload_bits = 1500 * 8;
  bool ns3_reference = true;  // [ns3-bianchi]'s E[P] and Ts (else Bianchi's own)
};

struct BianchiResult {
  double tau = 0;  // a station's probability of transmitting in a slot
  double p   = 0;  // of its transmission colliding
  double throughput_bps = 0;
};

BianchiResult bianchi_saturation(const BianchiParams& b);

}  // namespace btlinksim
