// When a link holds: the one criterion behind the link budget (`btlinksim range`), the scenario's received-power
// check and the simulated range (docs/models.md, "When a link holds").
//
// A link holds when the audio it carries loses at most D packets per minute (D = max_dropouts_per_min, default 1;
// a lost packet costs a sink at most one dropout). On a static channel with one attempt per packet (no fading,
// shadowing or ARQ) a packet is lost with the packet error rate at the median received power, so the link holds
// where
//     P_rx,median >= S_packet + M_impl + M_fade,      S_packet: PER(S_packet) = p* = D / (60 s/min * packets/s)
// S_packet, the packet sensitivity, is found on the receiver's BER curve, the one calibrated to its datasheet
// sensitivity (models/radio/link.hpp): the payload in its PHY, the header in GFSK at 1 Mb/s. It differs from the
// datasheet sensitivity S (BER 0.1 % BR/LE, 0.01 % EDR) by the packet term S_packet - S, which depends on the packet
// size and the loss tolerated. M_impl is an implementation margin (production spread, ageing; 0 unless given), M_fade
// the fade margin kept for what the median does not show. The simulation decides the same criterion by counting
// dropouts; where the channel is static and ARQ off the two agree (tests/cli/range_criterion.sh).
#pragma once

#include "models/radio/link.hpp"

#include <string>
#include <vector>

namespace btlinksim {

inline constexpr double kDefaultMaxDropoutsPerMin = 1.0;

// The packet loss the criterion tolerates on one link: D per minute over the packets sent per minute.
double target_packet_loss(double max_dropouts_per_min, double packets_per_s);

// Received power (dBm) at which one attempt of an ACL packet of `payload_bytes` fails with probability `per`
// (acl_per with the payload receiver's BER and the BR receiver's BER for the header). Bisection on the
// monotone PER curve to 1e-9 dB.
double acl_packet_sensitivity_dbm(AclType t, int payload_bytes, const Receiver& payload_rx, const Receiver& header_rx,
                                  double per);
// The same for an LE data PDU of `payload_bytes` (le_per).
double le_packet_sensitivity_dbm(int payload_bytes, const Receiver& rx, double per);

// The link budget as signed terms that sum, exactly, to the largest path loss the link tolerates (walls and floors
// included: they are part of the path):
//   max path loss = P_tx + G_tx - L_tx + G_rx - L_rx - S - (S_packet - S) - M_impl - M_fade
struct BudgetTerm {
  std::string name;  // e.g. "transmit power"
  std::string unit;  // "dBm" for the absolute levels, "dB" for gains and losses
  double value = 0;  // its contribution to the maximum path loss (losses and the sensitivity enter negated)
};
struct LinkBudgetInputs {
  double tx_power_dbm = 0, tx_antenna_gain_db = 0, tx_loss_db = 0;  // tx_loss: cable, enclosure, hand or body
  double rx_antenna_gain_db = 0, rx_loss_db = 0;
  double sensitivity_dbm        = -90;  // the receiver's datasheet sensitivity for the payload's PHY
  double packet_sensitivity_dbm = -90;  // S_packet at the criterion's target loss
  double implementation_margin_db = 0, fade_margin_db = 0;
};
struct LinkBudgetTable {
  std::vector<BudgetTerm> terms;
  double max_path_loss_db = 0;                  // the sum of the terms, added in their order
  double required_rx_dbm  = 0;                  // S_packet + M_impl + M_fade: the median power the link needs
  double max_path_loss_at_sensitivity_db = 0;   // the textbook budget: datasheet sensitivity, no packet term, no margins
};
LinkBudgetTable link_budget_table(const LinkBudgetInputs& in);

}  // namespace btlinksim
