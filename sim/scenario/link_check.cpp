#include "sim/scenario/link_check.hpp"

#include "models/audio/codec.hpp"
#include "models/channel/channel_spec.hpp"
#include "sim/scenario/topology.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <cmath>
#include <cstdio>

namespace btlinksim {

AudioPacket acl_packet(const Codec& c, AclType t)
{
  const int fpp = frames_per_packet(c, acl_info(t).max_payload_bytes);
  if (fpp <= 0)
    return {};
  return {false, c.media_overhead_bytes + fpp * c.frame_bytes, 1.0 / (fpp * c.frame_duration_s)};
}

// Each radio's need for a codec and packet type over the scenario's audio links, one attempt per packet: a link
// that holds at its median power retransmits less than p* (< 0.1 %) of its packets; one that does not is reported
// by check_links, and its retransmissions are the channel's problem, not the radio's.
std::vector<RadioNeed> acl_airtime_need(const Scenario& s, const Codec& c, AclType t)
{
  const AudioPacket p = acl_packet(c, t);
  std::vector<LinkLoad> loads;
  if (p.packets_per_s <= 0)
    return {};
  for (const auto& l : s.resolved.topo.links)
    if (l.role == LinkRole::audio)  // snoopers only listen; repairs go on the air only for what a snooper missed
      loads.push_back({l.tx, l.rx, l.tx, p.packets_per_s, 1.0, acl_exchange_time_s(t)});
  return radio_airtime_need(static_cast<int>(s.devices.size()), loads);
}

namespace {

double worst(const std::vector<RadioNeed>& n)
{
  double w = 0;
  for (const auto& r : n)
    w = std::max(w, r.total());
  return w;
}
}  // namespace

AudioPacket audio_packet(const Scenario& s) { return transport_of(s).audio_packet(s); }

namespace {
// The packet sensitivity (a bisection over the PER curve: thousands of BER evaluations) of each receiver the
// scenario's links have, computed once per distinct receiver: a broadcast's thousands of links have a few.
class PacketSensitivities {
public:
  double of(const Scenario& s, const AudioPacket& p, const Receiver& prx, const Receiver& header, double target)
  {
    const auto same = [](const Receiver& a, const Receiver& b) {
      return a.phy == b.phy && a.sensitivity_dbm == b.sensitivity_dbm && a.noise_figure_db == b.noise_figure_db;
    };
    for (const auto& k : known_)
      if (same(k.prx, prx) && same(k.header, header) && k.target == target)
        return k.dbm;
    const double dbm = p.le ? le_packet_sensitivity_dbm(p.payload_bytes, prx, target)
                            : acl_packet_sensitivity_dbm(s.audio.packet_type, p.payload_bytes, prx, header, target);
    known_.push_back({prx, header, target, dbm});
    return dbm;
  }

private:
  struct Known {
    Receiver prx, header;
    double target, dbm;
  };
  std::vector<Known> known_;  // (the packet is the scenario's: the same for every link)
};

LinkBudgetTable link_budget_of(const Scenario& s, int tx, int rx, double max_dropouts_per_min, double fade_margin_db,
                               PacketSensitivities& sensitivities)
{
  const AudioPacket p  = audio_packet(s);
  const Phy phy        = audio_phy(s);
  const Receiver prx   = link_receiver(s, rx, phy);
  const double target  = target_packet_loss(max_dropouts_per_min, p.packets_per_s);
  const Receiver header = link_receiver(s, rx, Phy::br);
  LinkBudgetInputs in;
  const auto &a = s.devices[tx].radio, &b = s.devices[rx].radio;
  in.tx_power_dbm       = a.tx_power_dbm;
  in.tx_antenna_gain_db = a.antenna_gain_db;
  in.tx_loss_db         = a.losses_db();
  in.rx_antenna_gain_db = b.antenna_gain_db;
  in.rx_loss_db         = b.losses_db();
  in.sensitivity_dbm    = prx.sensitivity_dbm;
  in.packet_sensitivity_dbm = sensitivities.of(s, p, prx, header, target);
  in.fade_margin_db = fade_margin_db;
  return link_budget_table(in);
}
}  // namespace

LinkBudgetTable scenario_link_budget(const Scenario& s, int tx, int rx, double max_dropouts_per_min, double fade_margin_db)
{
  PacketSensitivities once;
  return link_budget_of(s, tx, rx, max_dropouts_per_min, fade_margin_db, once);
}

void check_links(const Scenario& s, std::vector<Diagnostic>& warnings)
{
  if (!transport_of(s).bluetooth_air())
    return;  // no Bluetooth link carries the audio (Wi-Fi: the stations' MCS check applies instead)
  const AudioPacket p    = audio_packet(s);
  const ChannelSpec chan = channel_spec(s);  // once: a broadcast has thousands of links
  PacketSensitivities sensitivities;
  for (const auto& l : s.resolved.topo.links) {
    const auto &a = s.devices[l.tx], &b = s.devices[l.rx];
    const double prx          = median_rx_dbm(chan, l.tx, l.rx, Point{a.x_m, a.y_m}, Point{b.x_m, b.y_m});
    const LinkBudgetTable bud = link_budget_of(s, l.tx, l.rx, kDefaultMaxDropoutsPerMin, 0.0, sensitivities);
    if (prx >= bud.required_rx_dbm)
      continue;
    const double obstruction = wall_loss_db(Point{a.x_m, a.y_m}, Point{b.x_m, b.y_m}, s.environment.walls) +
                               floor_loss_db(std::abs(a.floor - b.floor));
    const std::string packet = p.le ? "LE PDUs" : std::string(acl_info(s.audio.packet_type).name) + " packets";
    warnings.push_back(
        {l.where, "link " + a.name + " -> " + b.name + " will not hold: its median received power " + message_number("%.1f", prx) +
                      " dBm at " + message_number("%.1f", distance_m(a, b)) + " m" +
                      (obstruction > 0 ? " (walls and floors " + message_number("%.1f", obstruction) + " dB)" : "") +
                      " is below the " + message_number("%.1f", bud.required_rx_dbm) + " dBm its " + packet +
                      " need for at most 1 dropout/min without ARQ (sensitivity " +
                      message_number("%.1f", -bud.terms[5].value) +
                      " dBm + packet term " + message_number("%.1f", -bud.terms[6].value) +
                      " dB; docs/models.md, \"When a link holds\"); move the devices closer, raise tx_power or add a relay"});
  }
}

void check_airtime(const Scenario& s, std::vector<Diagnostic>& warnings)
{
  const auto need = transport_of(s).airtime_need(s);
  for (size_t d = 0; d < need.size(); ++d) {
    if (need[d].total() <= 1.0)
      continue;
    // What would fit: other packet types at this bit rate, and the largest bit rate with this packet type.
    std::string fits;
    for (const auto& t : acl_types()) {
      const auto n = acl_airtime_need(s, s.audio.codec, t.type);
      if (!n.empty() && worst(n) <= 1.0)
        fits += (fits.empty() ? "" : ", ") + std::string(t.name) + " (" + message_number("%.0f", 100 * worst(n)) + " %)";
    }
    double lo = 16e3, hi = s.audio.codec.bitrate_bps();
    for (int i = 0; i < 40 && hi - lo > 500; ++i) {
      const double mid = 0.5 * (lo + hi);
      const auto n     = acl_airtime_need(s, make_codec(s.audio.codec.kind, mid), s.audio.packet_type);
      (!n.empty() && worst(n) <= 1.0 ? lo : hi) = mid;
    }
    const auto at_lo = acl_airtime_need(s, make_codec(s.audio.codec.kind, lo), s.audio.packet_type);
    const std::string rate = !at_lo.empty() && worst(at_lo) <= 1.0
                                 ? "; or a bitrate of at most " + message_number("%.0f", lo / 1e3) + " kbps with " +
                                       acl_info(s.audio.packet_type).name
                                 : "";
    const std::string kind = s.topology.kind && s.topology.kind->name() == "relay"
                                 ? "; or stream to each speaker from the source (kind dual_stream)"
                                 : "";
    warnings.push_back({s.devices[d].where,
                        "radio of '" + s.devices[d].name + "' needs " + message_number("%.0f", 100 * need[d].total()) +
                            " % of the air time (" + message_number("%.0f", 100 * need[d].exchanges) + " % exchanges of " +
                            acl_info(s.audio.packet_type).name + " at " + message_number("%.0f", s.audio.codec.bitrate_bps() / 1e3) +
                            " kbps" +
                            (need[d].alignment > 0 ? ", " + message_number("%.0f", 100 * need[d].alignment) +
                                                         " % waiting for the other piconet's slots"
                                                   : "") +
                            "): its queue will overflow and the audio drop out (docs/models.md, \"Air-time budget\"); " +
                            (fits.empty() ? "no packet type fits at this bit rate" : "packet types that fit: " + fits) + rate +
                            kind});
  }
}

}  // namespace btlinksim
