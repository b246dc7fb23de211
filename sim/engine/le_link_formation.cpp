#include "sim/engine/le_link_formation.hpp"

#include "models/radio/link.hpp"
#include "models/radio/power.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <limits>
#include <string>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_le_formation, btl, "LE Audio formation: advertising, connection, set-up, CIS creation");

namespace btlinksim {

LeLinkFormation::LeLinkFormation(Run& run, std::function<double(double)> cig) : run_(run), cig_(std::move(cig)) {}

LeOdds LeLinkFormation::odds(int central, int sink, double t) const
{
  // Advertising, the connection request's answer and the peripheral's data reach the central; the request and
  // the central's data reach the sink. Advertising and connection on LE 1M, the ACL too (U).
  const double to_sink = run_.field.median_rx_dbm(central, sink, t), to_central = run_.field.median_rx_dbm(sink, central, t);
  const CalibratedReceiver at_central(link_receiver(run_.s, central, Phy::le1m)), at_sink(link_receiver(run_.s, sink, Phy::le1m));
  const auto ok = [](int bytes, double ber) { return 1 - le_per(bytes, ber); };
  LeOdds o;
  o.adv         = ok(kLeAdvExtBytes, at_central.ber(to_central));
  o.aux         = ok(kLeAuxAdvBytes, at_central.ber(to_central));
  o.connect_req = ok(kLeConnectReqBytes, at_sink.ber(to_sink));
  o.connect_rsp = ok(kLeConnectRspBytes, at_central.ber(to_central));
  o.central     = ok(kLeDataBytes, at_sink.ber(to_sink));
  o.peripheral  = ok(kLeDataBytes, at_central.ber(to_central));
  return o;
}

LeScanWindows LeLinkFormation::scan_windows(const std::string& purpose) const
{
  const auto& p = run_.s.formation.le;
  const auto& c = run_.s.devices[static_cast<size_t>(run_.s.resolved.topo.source)];
  RngStream r(run_.s.seed, run_.rep, c.name, purpose);
  LeScanWindows w{p.scan_interval_s, p.scan_window_s, 0, 0};
  w.phase_s       = r.uniform(0, p.scan_interval_s);
  w.first_channel = static_cast<int>(r.uniform_int(3));
  return w;
}

void LeLinkFormation::formation_energy(int central, int sink, const LeScanWindows& w, double from_s, double to_s)
{
  run_.scanning(central, ScanParams{w.interval_s, w.window_s, w.phase_s}, from_s, to_s);
  // The sink's advertising events (three ADV_EXT_IND and an AUX_ADV_IND each), about one per advInterval + 5 ms.
  const double events = std::max(0.0, std::min(to_s, run_.end_s) - from_s) / (run_.s.le_audio.adv_interval_s + kLeAdvDelayMax_s / 2);
  run_.tx_s[static_cast<size_t>(sink)] +=
      events * (3 * le_air_time_s(Phy::le1m, kLeAdvExtBytes) + le_air_time_s(Phy::le1m, kLeAuxAdvBytes));
}

std::vector<double> LeLinkFormation::form_all()
{
  const auto& s     = run_.s;
  const int central = s.resolved.topo.source;
  std::vector<LeAdvertiser> adv;
  std::vector<RngStream> rngs;
  for (const auto& l : run_.links) {
    const auto& dev = s.devices[static_cast<size_t>(l->rx)];
    const int sink  = l->rx;
    adv.emplace_back(run_.ready_s(sink), s.le_audio.adv_interval_s, RngStream(s.seed, run_.rep, dev.name, "le_adv_timing"),
                     RngStream(s.seed, run_.rep, dev.name, "le_adv_rx"),
                     [this, central, sink](double t) { return odds(central, sink, t); });
    rngs.emplace_back(s.seed, run_.rep, l->name, "le_link");
  }
  const double ready     = run_.ready_s(central);
  const LeScanWindows w = scan_windows("le_scan");
  const auto f = le_form_group(ready, w, adv, s.formation.le, s.formation.le.setup_exchanges, rngs, cig_, run_.end_s);
  std::vector<double> start(f.size(), std::numeric_limits<double>::infinity());
  for (size_t i = 0; i < f.size(); ++i) {
    const LinkState& l = *run_.links[i];
    FormationRecord r{l.name};
    r.start_s      = std::max(ready, f[i].ready_s);
    r.discovered_s = f[i].heard_s;
    r.retries      = f[i].failed_connections + f[i].lost_connections;
    r.messages     = f[i].messages;
    if (f[i].formed) {
      start[i]      = f[i].cis_s;
      r.up_s        = f[i].cis_s;
      r.handshake_s = f[i].cis_s - f[i].connected_s;  // set-up and CIS creation over the connection
      r.outcome     = HandshakeOutcome::stereo;         // the CIS is up; stereo or mono is the group's matter
      r.reason      = "CIS established";
      XBT_INFO("%s: heard at %.6f s, connected at %.6f s, set up at %.6f s, CIS from %.6f s", l.name.c_str(), f[i].heard_s,
               f[i].connected_s, f[i].setup_s, f[i].cis_s);
    } else {
      r.reason = std::isnan(f[i].heard_s) ? "never heard the sink's advertising before the run ended"
                 : std::isnan(f[i].connected_s) ? "connection never established before the run ended"
                                                 : "set-up or CIS creation not done when the run ended";
      XBT_INFO("%s: %s", l.name.c_str(), r.reason.c_str());
    }
    formation_energy(central, l.rx, w, r.start_s, f[i].formed ? f[i].connected_s : run_.end_s);
    records_.push_back(r);
  }
  return start;
}

std::pair<double, int> LeLinkFormation::reform(size_t i, double t, size_t k)
{
  const auto& s      = run_.s;
  const LinkState& l = *run_.links[i];
  const int central  = s.resolved.topo.source;
  const std::string id = l.name + "#" + std::to_string(k);
  // The sink advertises again when its own supervision timer expires, about when the central's does (U); the
  // central scans for it (a bonded device) with the same windows at a new phase.
  std::vector<LeAdvertiser> adv;
  const int sink = l.rx;
  adv.emplace_back(t, s.le_audio.adv_interval_s, RngStream(s.seed, run_.rep, id, "le_adv_timing"),
                   RngStream(s.seed, run_.rep, id, "le_adv_rx"), [this, central, sink](double at) { return odds(central, sink, at); });
  std::vector<RngStream> rngs{RngStream(s.seed, run_.rep, id, "le_link")};
  const LeScanWindows w = scan_windows("le_scan#" + std::to_string(k));
  const auto f = le_form_group(t, w, adv, s.formation.le, s.formation.le.reconnect_exchanges, rngs, cig_, run_.end_s);
  formation_energy(central, l.rx, w, t, f[0].formed ? f[0].connected_s : run_.end_s);
  const int attempts = 1 + f[0].failed_connections + f[0].lost_connections;
  if (!f[0].formed)
    return {std::numeric_limits<double>::infinity(), attempts};
  XBT_INFO("%s: reconnected at %.6f s, CIS again from %.6f s", l.name.c_str(), f[0].connected_s, f[0].cis_s);
  return {f[0].cis_s, attempts};
}

}  // namespace btlinksim
