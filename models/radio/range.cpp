#include "models/radio/range.hpp"

#include "models/core/bisection.hpp"

namespace btlinksim {

Receiver receiver_for(const RangeQuery& q, Phy phy)
{
  Receiver r        = Receiver::typical(phy);
  r.noise_figure_db = q.noise_figure_db;
  if (phy == q.phy && q.sensitivity_dbm)
    r.sensitivity_dbm = *q.sensitivity_dbm;
  return r;
}


RangeReport evaluate_range(const RangeQuery& q)
{
  RangeReport out;
  const Receiver rx          = receiver_for(q, q.phy);
  out.model                  = model_name(q.model);
  out.path_loss_db           = path_loss_db(q.model, q.distance_m);
  out.rx_power_dbm           = received_power_dbm(q.ends, out.path_loss_db);
  out.noise_floor_dbm        = rx.noise_floor_dbm();
  out.snr_db                 = rx.snr_db(out.rx_power_dbm);
  out.sensitivity_dbm        = rx.sensitivity_dbm;
  out.implementation_loss_db = rx.implementation_loss_db();
  out.total_margin_db        = total_fade_margin_db(q.fade_margin_db, q.shadowing_sigma_db, q.location_reliability);
  out.overloaded             = out.rx_power_dbm > kMaxUsableInput_dbm;

  // The link criterion: the packet sensitivity at the loss D dropouts per minute tolerate.
  const Receiver header = receiver_for(q, Phy::br);
  if (is_le_phy(q.phy)) {
    out.packet        = "LE PDU";
    out.payload_bytes = q.payload_bytes > 0 ? q.payload_bytes : 251;
  } else {
    const AclType t = q.packet ? *q.packet
                               : q.phy == Phy::br ? AclType::dh5 : q.phy == Phy::edr2m ? AclType::edr2_dh5 : AclType::edr3_dh5;
    out.packet        = acl_info(t).name;
    out.payload_bytes = q.payload_bytes > 0 ? q.payload_bytes : acl_info(t).max_payload_bytes;
  }
  out.packets_per_s = q.packets_per_s > 0 ? q.packets_per_s : 100.0;
  out.target_loss   = target_packet_loss(q.max_dropouts_per_min, out.packets_per_s);
  const Receiver payload = q.packet ? receiver_for(q, acl_info(*q.packet).payload_phy) : rx;
  out.packet_sensitivity_dbm =
      is_le_phy(q.phy) ? le_packet_sensitivity_dbm(out.payload_bytes, rx, out.target_loss)
                   : acl_packet_sensitivity_dbm(*acl_type_from_string(out.packet), out.payload_bytes, payload, header, out.target_loss);
  LinkBudgetInputs in;
  in.tx_power_dbm             = q.ends.tx_power_dbm;
  in.tx_antenna_gain_db       = q.ends.tx_antenna_gain_db;
  in.tx_loss_db               = q.ends.tx_cable_loss_db;
  in.rx_antenna_gain_db       = q.ends.rx_antenna_gain_db;
  in.rx_loss_db               = q.ends.rx_cable_loss_db;
  in.sensitivity_dbm          = payload.sensitivity_dbm;
  in.packet_sensitivity_dbm   = out.packet_sensitivity_dbm;
  in.implementation_margin_db = q.implementation_margin_db;
  in.fade_margin_db           = out.total_margin_db;
  out.budget                  = link_budget_table(in);
  out.required_rx_dbm         = out.budget.required_rx_dbm;
  out.link_margin_db          = out.rx_power_dbm - out.required_rx_dbm;
  out.max_path_loss_db        = out.budget.max_path_loss_db;
  out.max_range_m             = max_range_m(q.model, out.max_path_loss_db);
  out.max_range_at_sensitivity_m = max_range_m(q.model, out.budget.max_path_loss_at_sensitivity_db);

  if (is_le_phy(q.phy)) {
    for (int payload : {27, 251}) {
      PacketRow row;
      row.name          = to_string(q.phy);
      row.payload_bytes = payload;
      row.air_time_s    = le_air_time_s(q.phy, payload);
      row.ber           = rx.ber(out.rx_power_dbm);
      row.per           = le_per(payload, row.ber);
      // One data PDU and the empty PDU acknowledging it, each followed by T_IFS = 150 us [Core Vol 6 Part B 4.1]:
      // the payload's bits per exchange, times the chance the data PDU gets through.
      const double exchange = row.air_time_s + kLeTifs_s + le_air_time_s(q.phy, 0) + kLeTifs_s;
      row.goodput_bps       = 8.0 * payload / exchange * (1.0 - row.per);
      out.packets.push_back(row);
    }
    return out;
  }
  // The access code and header of every ACL packet are GFSK at 1 Mb/s: their BER comes from the BR receiver.
  const double header_ber = receiver_for(q, Phy::br).ber(out.rx_power_dbm);
  for (const auto& t : acl_types()) {
    // The packet types of the asked PHY only: BR is DM/DH, EDR 2M the 2-DH, EDR 3M the 3-DH types.
    if (t.payload_phy != q.phy)
      continue;
    PacketRow row;
    row.name          = t.name;
    row.slots         = t.slots;
    row.payload_bytes = t.max_payload_bytes;
    row.air_time_s    = acl_air_time_s(t.type, t.max_payload_bytes);
    row.ber           = receiver_for(q, t.payload_phy).ber(out.rx_power_dbm);
    row.per           = acl_per(t.type, t.max_payload_bytes, header_ber, row.ber);
    row.goodput_bps   = 8.0 * t.max_payload_bytes / acl_exchange_time_s(t.type) * (1.0 - row.per);
    out.packets.push_back(row);
  }
  return out;
}

BisectionResult bisect_largest(const std::function<bool(double)>& holds, double lo, double hi, double tolerance)
{
  Bisection b(lo, hi, tolerance);
  for (auto p = b.pending(); !p.empty(); p = b.pending()) {
    std::vector<bool> answers;
    for (double x : p)
      answers.push_back(holds(x));
    b.record(answers);
  }
  return BisectionResult{b.value(), b.evaluations(), b.below_lo(), b.at_least_hi()};
}

}  // namespace btlinksim
