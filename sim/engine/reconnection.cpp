#include "sim/engine/reconnection.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <optional>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_link, btl, "supervision timeouts and reconnection by page");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

void Reconnection::drop(LinkState& l, double t)
{
  run_.sync_clock();  // the source may be ahead of the engine's clock: the reconnection starts from its time
  l.sup.down_s = t;
  l.queue.clear(t);
  run_.signals.on_link_down(l.index, t, l.sup.last_ok_s);
  const size_t k = drops_++;
  XBT_INFO("%s lost at %.6f s: nothing acknowledged since %.6f s (supervision timeout)", l.name.c_str(), t,
           l.sup.last_ok_s);
  if (run_.s.connection.reconnect && t < run_.end_s)
    run_.spawn("reconnect:" + l.name, run_.hosts[l.tx], [this, &l, k, t] { reconnect_actor(l, k, t); })->daemonize();
}

void Reconnection::mark_up(LinkState& l, double t)
{
  l.sup.mark_up(t);
  l.queue.hold_until(t);
}

void Reconnection::reconnect_actor(LinkState& l, size_t k, double down_s)
{
  const auto& s   = run_.s;
  const auto& F   = s.formation;
  const double t0 = std::max(down_s, sg4::Engine::get_clock());
  sg4::this_actor::sleep_until(t0);
  const std::string id = l.name + "#" + std::to_string(k);
  RngStream rng(s.seed, run_.rep, id, "reconnect");
  // The master kept the slave's clock offset from the connection it lost: it pages with the clock known.
  ScanChannelTrains trains = run_.trains(l.rx, l.rx);
  const ScanParams scan = run_.scan_of(l.rx, F.page_scan_interval_s, "page_scan_phase");
  const int limit       = s.connection.reconnect_attempts;
  double t              = t0;
  std::optional<double> paged;
  int pages = 0;
  while (t < run_.end_s && (limit == 0 || pages < limit)) {
    pages++;
    paged = page_time(t, scan, nullptr, true, trains, run_.control_ok(l.tx, l.rx, 17, t), rng);
    if (paged)
      break;
    XBT_VERB("%s: page %d from %.6f s unanswered", l.name.c_str(), pages, t);
    t += kPageTimeout_s;
  }
  run_.signals.on_paged(l.index, pages);
  if (!paged)
    return;
  const bool host = l.tx == s.resolved.topo.source;
  const double up = *paged + (host ? F.profile_setup_s : F.role_switch_s);
  if (up >= run_.end_s)
    return;
  sg4::this_actor::sleep_until(up);
  mark_up(l, up);
  run_.signals.on_link_up(l.index, up);
  XBT_INFO("%s reconnected at %.6f s after %d page(s)", l.name.c_str(), up, pages);
}

}  // namespace btlinksim
