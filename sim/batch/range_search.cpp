// The simulated range of a speaker (sim/batch/range_search.hpp): lockstep bisection per replication.
#include "sim/batch/range_search.hpp"

#include "models/channel/geometry.hpp"
#include "models/core/bisection.hpp"
#include "models/core/stats.hpp"
#include "models/radio/range.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/link_check.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <cmath>
#include <cstdio>

namespace btlinksim {

void place_at_distance(Scenario& s, int device, int anchor, double d)
{
  auto& dv       = s.devices[device];
  const auto& an = s.devices[anchor];
  double ux = dv.x_m - an.x_m, uy = dv.y_m - an.y_m;
  const double n = std::hypot(ux, uy);
  if (n > 0) {
    ux /= n;
    uy /= n;
  } else {
    ux = 1;
    uy = 0;
  }
  dv.x_m = an.x_m + d * ux;
  dv.y_m = an.y_m + d * uy;
}

int feeding_device(const Scenario& s, int device)
{
  for (const auto& l : s.resolved.topo.links)
    if (l.rx == device)
      return l.tx;
  return s.resolved.topo.source;
}

namespace {

// The link-budget range along the same line, by the link criterion (sim/scenario/link_check.hpp): the largest
// distance at which the median received power (walls and floors on the line of sight included,
// models/channel/channel_spec.hpp) still reaches the power the audio packet needs for at most D dropouts per minute
// without ARQ and without a fade margin. The receiving end is the varied device, or the anchor when the source is.
void budget_range(const Scenario& base, int v, int anchor, const ScenarioRangeOptions& o, ScenarioRange& res)
{
  const bool source = base.devices[v].role == Role::source;
  const int tx = source ? v : anchor, rxd = source ? anchor : v;
  res.budget        = scenario_link_budget(base, tx, rxd, o.max_dropouts_per_min, 0.0);
  const auto closes = [&](double d) {
    Scenario at = base;
    place_at_distance(at, v, anchor, d);
    const auto &a = at.devices[tx], &b = at.devices[rxd];
    return median_rx_dbm(channel_spec(at), tx, rxd, Point{a.x_m, a.y_m}, Point{b.x_m, b.y_m}) >= res.budget.required_rx_dbm;
  };
  res.budget_m = bisect_largest(closes, std::min(0.01, o.min_m), 100 * o.max_m, 1e-4).value;
  Scenario at  = base;
  place_at_distance(at, v, anchor, res.budget_m);
  const auto &a = at.devices[tx], &b = at.devices[rxd];
  res.budget_walls_db = wall_loss_db(Point{a.x_m, a.y_m}, Point{b.x_m, b.y_m}, at.environment.walls) +
                        floor_loss_db(std::abs(a.floor - b.floor));
}

// Why the simulated range differs from the budget: what the simulation has that the median budget does not.
std::vector<std::string> differences(const Scenario& s, double budget_m, double simulated_m)
{
  std::vector<std::string> why;
  const auto& e = s.environment;
  char b[256];
  if (e.fading == FadingKind::rayleigh)
    why.push_back("Rayleigh fading: single attempts fail in fades below the median (the budget has no fade margin)");
  if (e.fading == FadingKind::rician) {
    std::snprintf(b, sizeof b, "Rician fading (K = %.1f dB): single attempts fail in fades below the median (the budget has no fade margin)", e.rician_k_db);
    why.push_back(b);
  }
  if (e.shadowing_sigma_db > 0) {
    std::snprintf(b, sizeof b, "log-normal shadowing (sigma = %.1f dB): each replication's median differs from the budget's by its draw", e.shadowing_sigma_db);
    why.push_back(b);
  }
  transport_of(s).range_reasons(s, why);  // ARQ or the preset's RTN repairing failed attempts
  bool body = false, moving = false;
  for (const auto& d : s.devices) {
    body   = body || d.body.enabled;
    moving = moving || d.random_walk.enabled || !d.waypoints.empty();
  }
  if (body)
    why.push_back("people blocking links (body loss) now and then");
  if (!e.interferers.empty())
    why.push_back("interferers raise the noise on the channels they share");
  if (moving)
    why.push_back("devices that move change the other links' distances");
  if (why.empty() && std::isfinite(simulated_m) && std::abs(simulated_m - budget_m) > 0)
    why.push_back("nothing beyond the median: a static channel without ARQ, so the two differ by the dropouts' randomness "
                  "and the bisection tolerance only");
  return why;
}

// Whether the criterion holds in one run: the varied device's sink (or, for the source, every sink) plays and
// stays at or below the dropout rate, and (keep_link) its links never hit the supervision timeout.
bool criterion_holds(const ScenarioRangeOptions& o, const Scenario& s, int vary, const RunResult& r)
{
  const std::string& name = s.devices[vary].name;
  const bool source       = s.devices[vary].role == Role::source;
  for (size_t i = 0; i < r.sinks.row_names.size(); ++i)
    if ((source || r.sinks.row_names[i] == name) &&
        (std::isnan(r.sinks.at("startup_s", i)) || r.sinks.at("dropouts_per_min", i) > o.max_dropouts_per_min))
      return false;  // never played, or dropped out too often
  if (o.keep_link)
    for (size_t i = 0; i < r.links.row_names.size(); ++i) {
      const std::string& l = r.links.row_names[i];
      const bool touches   = l.rfind(name + "->", 0) == 0 || (l.size() > name.size() + 2 &&
                                                              l.compare(l.size() - name.size() - 2, std::string::npos, "->" + name) == 0);
      if (touches && r.links.at("disconnects", i) > 0)
        return false;
    }
  return true;
}

}  // namespace

ScenarioRange simulated_range(const ScenarioRangeOptions& o, const Scenario& base)
{
  const int v      = base.device_index(o.vary);
  const int anchor = o.from.empty() ? feeding_device(base, v) : base.device_index(o.from);
  ScenarioRange res;
  res.file     = base.file;
  res.title    = base.title;
  res.topology = base.topology.kind->name();
  res.vary     = o.vary;
  res.from     = base.devices[anchor].name;
  budget_range(base, v, anchor, o, res);
  const int first = o.first_replication, R = base.replications - first;
  std::vector<Bisection> bis(std::max(0, R), Bisection(o.min_m, o.max_m, o.tolerance_m));
  while (true) {
    std::vector<std::pair<int, double>> points;  // (bisection, distance)
    for (int r = 0; r < R; ++r)
      for (double d : bis[r].pending())
        points.push_back({r, d});
    if (points.empty())
      break;
    std::vector<Scenario> variants;
    variants.reserve(points.size());
    for (auto [r, d] : points) {
      variants.push_back(base);
      place_at_distance(variants.back(), v, anchor, d);
    }
    std::vector<RunJob> jobs;
    std::vector<double> distances;
    for (size_t i = 0; i < points.size(); ++i) {
      jobs.push_back({&variants[i], first + points[i].first});
      distances.push_back(points[i].second);
    }
    const auto results = o.runner ? o.runner(jobs, distances) : run_jobs(jobs, o.jobs);
    res.evaluations += static_cast<int>(points.size());
    std::vector<std::vector<bool>> holds(R);
    for (size_t i = 0; i < points.size(); ++i)
      holds[points[i].first].push_back(criterion_holds(o, variants[i], v, results[i]));
    for (int r = 0; r < R; ++r)
      if (!holds[r].empty())
        bis[r].record(holds[r]);
  }
  for (const auto& b : bis) {
    res.per_replication_m.push_back(b.value());
    res.below_min += b.below_lo();
    res.at_least_max += b.at_least_hi();
  }
  res.why = differences(base, res.budget_m, mean_ci95(res.per_replication_m).mean);
  return res;
}


}  // namespace btlinksim
