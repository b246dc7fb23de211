#include "sim/engine/tabulate.hpp"

#include "models/audio/pipeline.hpp"
#include "sim/output/columns.hpp"
#include "sim/scenario/transport_kind.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace btlinksim {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The last frame a sink renders before it stops (the end of the run, or the host dropping it).
std::int64_t last_frame(const Run& run, const SinkTracker& t, double stop_s)
{
  const auto& sch = t.schedule();
  const auto k = static_cast<std::int64_t>(std::floor(sch.first_frame() + (stop_s - sch.play_time(sch.first_frame())) / sch.period_s()));
  return std::min(run.total_frames - 1, k);
}

struct Spread {
  double mean = nan, min = nan, max = nan;
};

// End-to-end latency (capture start to sound) of the frames a sink renders: play time - capture start, linear
// in the frame index but for an adaptive buffer's re-buffering steps (piecewise constant, never decreasing),
// plus the codec's algorithmic delay and the device's output delay.
Spread end_to_end(const Run& run, const SinkTracker& tr, size_t sink, double stop_s)
{
  const auto& s  = run.s;
  const double T = s.audio.codec.frame_duration_s;
  const ClockModel src{s.devices[s.resolved.topo.source].clock_drift_ppm};
  const double extra    = codec_algorithmic_delay_s(s.audio.codec) + s.devices[s.resolved.topo.sinks[sink]].output_delay_s;
  const auto& sch       = tr.schedule();
  const std::int64_t k0 = sch.first_frame(), k1 = std::max(k0, last_frame(run, tr, stop_s));
  const double e0 = sch.play_time(k0) - sch.shift_at(k0) - frame_capture_time(k0, T, src) + extra;
  const double e1 = sch.play_time(k1) - sch.shift_at(k1) - frame_capture_time(k1, T, src) + extra;
  return {0.5 * (e0 + e1) + sch.mean_shift(k0, k1), std::min(e0 + sch.shift_at(k0), e1 + sch.shift_at(k1)),
          std::max(e0 + sch.shift_at(k0), e1 + sch.shift_at(k1))};
}

// Skew to the reference sink over the frames both play (until either is dropped by the host): linear in k.
Spread skew(const Run& run, const SinkTracker& tr, double stop_s, const SinkTracker& ref, double ref_stop_s)
{
  const std::int64_t lo = std::max(tr.schedule().first_frame(), ref.schedule().first_frame());
  const std::int64_t hi = std::min(last_frame(run, tr, stop_s), last_frame(run, ref, ref_stop_s));
  if (hi < lo)
    return {};
  const double a = tr.schedule().play_time(lo) - ref.schedule().play_time(lo);
  const double b = tr.schedule().play_time(hi) - ref.schedule().play_time(hi);
  return {0.5 * (a + b), std::min(std::abs(a), std::abs(b)), std::max(std::abs(a), std::abs(b))};
}

// Whether a link of the path to sink i was refused (host limit, firmware, a system without speaker links): its
// formation record says so.
bool refused_on_path(const Run& run, size_t i, const std::deque<FormationRecord>* formation)
{
  if (!formation)
    return false;
  const auto& links = run.s.resolved.topo.links;
  for (size_t k = 0; k < links.size(); ++k) {
    bool feeds = false;
    for (int at = static_cast<int>(k), guard = 0; at >= 0 && guard <= static_cast<int>(links.size()) && !feeds; ++guard) {
      const int sink = links[static_cast<size_t>(at)].sink;
      feeds = sink == static_cast<int>(i) ||
              (sink >= 0 && !run.s.resolved.topo.wired_from.empty() && run.s.resolved.topo.wired_from[i] == sink);
      at = links[static_cast<size_t>(at)].next;
    }
    if (!feeds)
      continue;
    for (const auto& f : *formation)
      if (f.name == run.links[k]->name && f.outcome == HandshakeOutcome::failed &&
          (f.reason.find("refused") != std::string::npos || f.reason.find("incompatible") != std::string::npos ||
           f.reason.find("does not link") != std::string::npos))
        return true;
  }
  return false;
}

void sink_rows(const Run& run, SinkCollector& sc, RunResult& r, const std::deque<FormationRecord>* formation)
{
  const auto& s  = run.s;
  const double T = s.audio.codec.frame_duration_s;
  // A sink whose link the host dropped stops playing then: the rest is not playing, not dropouts.
  std::vector<double> stop_at(s.devices.size(), run.end_s);  // per device (one pass: a crowd has 1,000s of links)
  for (const auto& l : run.links)
    stop_at[static_cast<size_t>(l->rx)] = std::min(stop_at[static_cast<size_t>(l->rx)], l->sup.displaced_s);
  auto stop_of = [&](size_t i) { return stop_at[static_cast<size_t>(s.resolved.topo.sinks[i])]; };
  for (size_t i = 0; i < sc.trackers.size(); ++i)
    sc.trackers[i].finish(stop_of(i), run.total_frames);
  r.sinks        = make_table(sinks_columns(), s.resolved.topo.sinks.size());
  r.latency_cdf.tabulated = true;
  r.latency_cdf.reserve(s.resolved.topo.sinks.size());  // (a crowd: 1,000s)
  const auto& ref = sc.trackers.front();
  // A sink plays once it has played a frame on time; one that never did has no dropouts, latency quantiles of
  // its own playout or skew to report: those are NaN, and its time not playing is the whole run.
  auto played = [](const SinkTracker& t) { return t.playing() && t.frames_on_time() > 0; };
  for (size_t i = 0; i < s.resolved.topo.sinks.size(); ++i) {
    const auto& tr      = sc.trackers[i];
    const double stop   = stop_of(i);
    const bool plays    = played(tr);
    const double silent = plays ? run.end_s - std::max(0.0, stop - tr.start_time_s()) : run.end_s;
    // The silence by cause: before the first frame, after the host dropped the sink, or all of the run.
    // (Not displaced: all of it is start-up, as silent_s has always computed it.)
    const bool dropped     = stop < run.end_s;
    const double startup   = !plays ? 0.0 : dropped ? std::min(tr.start_time_s(), stop) : silent;
    const double displaced = plays && dropped ? silent - startup : 0.0;
    const bool refused     = !plays && refused_on_path(run, i, formation);
    auto by_cause = [&](LossCause c) { return plays ? static_cast<double>(tr.dropouts(c)) : nan; };
    const Spread e2e    = plays ? end_to_end(run, tr, i, stop) : Spread{};
    const Spread sk     = plays && played(ref) ? skew(run, tr, stop, ref, stop_of(0)) : Spread{};
    const auto& h   = sc.latency[i];
    const bool any  = h.count() > 0;
    const auto& dev = s.devices[s.resolved.topo.sinks[i]];
    add_row(r.sinks, sinks_columns(), dev.name,
            {{"frames_due", static_cast<double>(tr.frames_due())},
             {"frames_on_time", static_cast<double>(tr.frames_on_time())},
             {"frames_late", static_cast<double>(tr.frames_late())},
             {"frames_lost", static_cast<double>(tr.frames_lost())},
             {"frames_received", static_cast<double>(sc.received[i])},
             {"dropouts", plays ? static_cast<double>(tr.dropouts()) : nan},
             {"dropout_duration_s", plays ? tr.frames_lost() * T : nan},
             {"dropouts_per_min", plays ? tr.dropouts() / (s.duration_s / 60.0) : nan},
             {"dropouts_channel", by_cause(LossCause::channel)},
             {"dropouts_air_time", by_cause(LossCause::air_time)},
             {"dropouts_link_loss", by_cause(LossCause::link_loss)},
             {"dropouts_host", by_cause(LossCause::host)},
             {"dropouts_late", by_cause(LossCause::late)},
             {"startup_s", plays ? tr.start_time_s() : nan},
             {"silent_s", silent},
             {"silent_startup_s", startup},
             {"silent_displaced_s", displaced},
             {"silent_refused_s", refused ? silent : 0.0},
             {"silent_not_linked_s", !plays && !refused ? silent : 0.0},
             {"latency_mean_s", any ? h.mean() : nan},
             {"latency_p50_s", any ? h.quantile(0.5) : nan},
             {"latency_p95_s", any ? h.quantile(0.95) : nan},
             {"latency_p99_s", any ? h.quantile(0.99) : nan},
             {"latency_max_s", any ? h.max() : nan},
             {"e2e_latency_mean_s", e2e.mean},
             {"e2e_latency_min_s", e2e.min},
             {"e2e_latency_max_s", e2e.max},
             {"skew_mean_s", sk.mean},
             {"skew_max_s", sk.max},
             {"sync_perception", std::isnan(sk.max) || i == 0 ? nan : static_cast<double>(sync_perception(sk.max))},
             {"clock_drift_ppm", dev.clock_drift_ppm}});
    // The distribution behind those quantiles, for a CDF without the time series: the histogram itself, whose
    // quantiles at every hundredth, the 99.5th and 99.9th percentiles and the largest make /latency_cdf when the
    // file is written (min and max exact, the rest 1.2 %).
    if (any)
      r.latency_cdf.add(dev.name, h.counts());
  }
}

void link_rows(const Run& run, const LinkCollector& lc, const OutageCollector& oc, RunResult& r)
{
  r.links = make_table(links_columns(), run.links.size());
  for (const auto& l : run.links) {
    const int i      = l->index;
    const double att = static_cast<double>(lc.attempts[i]);
    double disconnects = 0, outage = 0, reconnect = 0, reconnected = 0;
    for (const auto& o : oc.outages)
      if (o.link == l->name) {
        ++disconnects;
        outage += o.duration_s(run.end_s);
        if (!std::isnan(o.up_s)) {
          reconnect += o.duration_s(run.end_s);
          ++reconnected;
        }
      }
    const DistanceRange dr = distance_range(run.field.trajectory(l->tx), run.field.trajectory(l->rx), 0, run.end_s);
    add_row(r.links, links_columns(), l->name,
            {{"distance_m", l->distance_m},
             {"distance_min_m", dr.min_m},
             {"distance_max_m", dr.max_m},
             {"median_rx_dbm", l->phy.median_rx_dbm()},
             {"packets", static_cast<double>(lc.packets[i])},
             {"delivered", static_cast<double>(lc.delivered[i])},
             {"flushed", static_cast<double>(lc.packets[i] - lc.delivered[i])},
             {"queue_drops", static_cast<double>(lc.queue_drops[i])},
             {"attempts", att},
             {"retransmissions", att - lc.packets[i]},
             {"per", att > 0 ? (att - lc.delivered[i]) / att : nan},
             {"airtime_s", lc.airtime_s[i]},
             {"disconnects", disconnects},
             {"outage_s", outage},
             {"reconnect_mean_s", reconnected > 0 ? reconnect / reconnected : nan}});
  }
}

void formation_rows(const std::deque<FormationRecord>& records, RunResult& r)
{
  r.formation = make_table(formation_columns(), records.size());
  for (const auto& f : records)
    add_row(r.formation, formation_columns(), f.name,
            {{"start_s", f.start_s},
             {"discovered_s", f.discovered_s},
             {"up_s", f.up_s},
             {"time_to_link_s", f.up_s - f.start_s},
             {"handshake_s", f.handshake_s},
             {"down_s", f.down_s},
             {"retries", static_cast<double>(f.retries)},
             {"messages", static_cast<double>(f.messages)},
             {"outcome", static_cast<double>(static_cast<int>(f.outcome))}},
            {{"reason", f.reason}});
}
}  // namespace

RunResult tabulate(const Run& run, const LinkCollector& links, SinkCollector& sinks, const OutageCollector& outages,
                   const std::deque<FormationRecord>* formation)
{
  RunResult r;
  r.replication = run.rep;
  r.sim_end_s   = run.end_s;
  r.events      = run.hops;
  sink_rows(run, sinks, r, formation);
  link_rows(run, links, outages, r);
  r.devices = make_table(devices_columns(), run.s.devices.size());
  const TransportKind& transport = transport_of(run.s);
  const auto need = transport.airtime_need(run.s);  // empty for LE Audio and Wi-Fi
  std::vector<char> wired(run.s.devices.size(), 0);  // a bridge's wired outputs (one pass: a crowd has 1,000s)
  for (size_t i = 0; i < run.s.resolved.topo.wired_from.size(); ++i)
    if (run.s.resolved.topo.wired_from[i] >= 0)
      wired[static_cast<size_t>(run.s.resolved.topo.sinks[i])] = 1;
  for (size_t d = 0; d < run.s.devices.size(); ++d) {
    const PowerProfile p = power_profile(run.s, static_cast<int>(d));
    // Wi-Fi radios are not in the energy model (their air time is SimGrid's network model's), nor is a bridge's
    // wired output (no radio in use).
    const double e = !transport.bluetooth_air() || wired[d] ? std::nan("") : radio_energy_j(p, run.tx_s[d], run.rx_s[d], run.end_s);
    const double i_a     = e / (p.supply_v * run.end_s);
    const auto& battery  = run.s.devices[d].power.battery_c;
    add_row(r.devices, devices_columns(), run.s.devices[d].name,
            {{"airtime_s", !transport.bluetooth_air() ? std::nan("") : run.radios[d].busy_s()},
             {"utilisation", !transport.bluetooth_air() ? std::nan("") : run.radios[d].busy_s() / run.end_s},
             {"airtime_need", need.empty() ? std::nan("") : need[d].total()},
             {"tx_s", run.tx_s[d]},
             {"rx_s", run.rx_s[d]},
             {"energy_j", e},
             {"current_a", i_a},
             {"energy_per_hour_j", e * 3600.0 / run.end_s},
             {"battery_h", battery && i_a > 0 ? *battery / i_a / 3600.0 : std::nan("")},
             {"x_m", run.s.devices[d].x_m},
             {"y_m", run.s.devices[d].y_m}});
  }
  if (formation)
    formation_rows(*formation, r);
  r.outages = make_table(outages_columns(), outages.outages.size());
  for (const auto& o : outages.outages)
    add_row(r.outages, outages_columns(), o.link,
            {{"last_ok_s", o.last_ok_s},
             {"down_s", o.down_s},
             {"up_s", o.up_s},
             {"outage_s", o.duration_s(run.end_s)},
             {"pages", static_cast<double>(o.pages)}});
  return r;
}

}  // namespace btlinksim
