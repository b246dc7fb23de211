#include "sim/cli/range_scenario.hpp"

#include "models/core/bisection.hpp"
#include "models/radio/range.hpp"
#include "sim/scenario/topology_kind.hpp"
#include "models/core/stats.hpp"
#include "sim/cli/load.hpp"
#include "sim/output/json.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/link_check.hpp"
#include "models/channel/geometry.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

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

// The scenarios with the options applied: --vary must name a fixed device, --from a device; range runs write
// no results. Empty with messages on stderr on bad input.
std::vector<Scenario> prepare(const ScenarioRangeOptions& o, bool& ok)
{
  cli::Loaded L = cli::load_scenarios(o.files, false);
  ok            = L.ok;
  for (auto& s : L.scenarios) {
    const int v = s.device_index(o.vary);
    if (v < 0) {
      std::cerr << s.file << ": --vary " << o.vary << ": no such device; give one of the scenario's devices\n";
      ok = false;
      continue;
    }
    if (!s.devices[v].waypoints.empty() || s.devices[v].random_walk.enabled) {
      std::cerr << s.file << ": --vary " << o.vary << ": the device moves (waypoints/mobility); vary a fixed device\n";
      ok = false;
    }
    if (s.devices[v].role == Role::source) {
      std::cerr << s.file << ": --vary " << o.vary << ": that is the source; vary a speaker (its distance from the "
                << "device feeding it is what is searched)\n";
      ok = false;
      continue;
    }
    if (!o.from.empty() && s.device_index(o.from) < 0) {
      std::cerr << s.file << ": --from " << o.from << ": no such device\n";
      ok = false;
    }
    if (o.replications > 0)
      s.replications = o.replications;
    s.output.file.clear();
    s.output.timeseries = false;
  }
  return L.scenarios;
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

namespace {

void print_json(const std::string& crit, const std::vector<ScenarioRange>& out)
{
  nlohmann::ordered_json ranges = nlohmann::ordered_json::array();
  for (const auto& r : out) {
    const Interval iv = mean_ci95(r.per_replication_m);
    nlohmann::ordered_json per = nlohmann::ordered_json::array();
    for (double d : r.per_replication_m)
      per.push_back(json_number(d));
    ranges.push_back({{"file", r.file},
                      {"scenario", r.title},
                      {"topology", r.topology},
                      {"vary", r.vary},
                      {"from", r.from},
                      {"range_mean_m", json_number(iv.mean)},
                      {"range_ci95_half_width_m", json_number(iv.half_width)},
                      {"replications", iv.n},
                      {"below_min", r.below_min},
                      {"at_least_max", r.at_least_max},
                      {"runs", r.evaluations},
                      {"link_budget_range_m", json_number(r.budget_m)},
                      {"link_budget", budget_json(r.budget)},
                      {"budget_walls_and_floors_db", json_number(r.budget_walls_db)},
                      {"why_simulated_differs", r.why},
                      {"per_replication_m", std::move(per)}});
  }
  std::cout << nlohmann::ordered_json{{"criterion", crit}, {"ranges", std::move(ranges)}}.dump() << "\n";
}

void print_table(const ScenarioRangeOptions& o, const std::string& crit, const std::vector<ScenarioRange>& out)
{
  std::printf("btlinksim range: largest distance of --vary %s from its feeding device where %s\n", o.vary.c_str(),
              crit.c_str());
  std::printf("(bisection per replication to %.2f m in [%.2f, %.2f] m; mean ± 95%% t-interval)\n\n", o.tolerance_m,
              o.min_m, o.max_m);
  std::printf("%-40s %-12s %-10s %18s %10s %10s %8s %12s\n", "scenario", "topology", "from", "range_m", "min_m", "max_m",
              "runs", "budget_m");
  for (const auto& r : out) {
    const Interval iv = mean_ci95(r.per_replication_m);
    double mn = INFINITY, mx = -INFINITY;
    for (double d : r.per_replication_m) {
      mn = std::min(mn, d);
      mx = std::max(mx, d);
    }
    char range[64];
    std::snprintf(range, sizeof range, "%.2f ± %.2f%s", iv.mean, iv.half_width,
                  r.at_least_max ? "+" : r.below_min ? "-" : "");
    std::printf("%-40s %-12s %-10s %18s %10.2f %10.2f %8d %12.2f\n", r.title.substr(0, 40).c_str(), r.topology.c_str(),
                r.from.c_str(), range, mn, mx, r.evaluations, r.budget_m);
  }
  std::printf("\n+: some replications still met the criterion at --max (range censored); -: some failed at --min.\n"
              "budget_m: link-budget range along the same line by the same criterion (docs/models.md, \"When a link "
              "holds\"): the median received power, walls and floors included, reaches the power the audio packet needs "
              "for that many dropouts per minute with one attempt per packet; no fade margin, fading or ARQ.\n");
  for (const auto& r : out) {
    std::printf("\n%s: link budget at %.2f m (walls and floors on the line: %.1f dB of the path loss)\n", r.title.c_str(),
                r.budget_m, r.budget_walls_db);
    print_budget(r.budget, "    ");
    if (!r.why.empty()) {
      std::printf("  the simulated range differs from the budget because of:\n");
      for (const auto& w : r.why)
        std::printf("    - %s\n", w.c_str());
    }
  }
}

}  // namespace

void print_budget(const LinkBudgetTable& b, const char* indent)
{
  for (const auto& t : b.terms)
    std::printf("%s%-52s %+9.2f %s\n", indent, t.name.c_str(), t.value, t.unit.c_str());
  std::printf("%s%-52s %9.2f dB  (walls and floors are part of the path)\n", indent, "= maximum path loss",
              b.max_path_loss_db);
}

nlohmann::ordered_json budget_json(const LinkBudgetTable& b)
{
  nlohmann::ordered_json terms = nlohmann::ordered_json::array();
  for (const auto& t : b.terms)
    terms.push_back({{"term", t.name}, {"unit", t.unit}, {"value", json_number(t.value)}});
  return {{"terms", std::move(terms)},
          {"max_path_loss_db", json_number(b.max_path_loss_db)},
          {"required_rx_dbm", json_number(b.required_rx_dbm)}};
}

int run_scenario_range(const ScenarioRangeOptions& o)
{
  if (!(o.min_m > 0 && o.max_m > o.min_m && o.tolerance_m > 0)) {
    std::cerr << "btlinksim range: need 0 < --min < --max and --tolerance > 0\n";
    return 2;
  }
  bool ok              = true;
  const auto scenarios = prepare(o, ok);
  if (!ok)
    return 2;
  std::vector<ScenarioRange> out;
  for (const auto& base : scenarios) {
    try {
      out.push_back(simulated_range(o, base));
    } catch (const RunFailure& e) {
      std::cerr << "btlinksim range: " << base.file << ": " << e.what() << "\n";
      return 1;
    }
  }
  const std::string crit = "dropouts/min <= " + std::to_string(o.max_dropouts_per_min).substr(0, 5) +
                           (o.keep_link ? " and no disconnect" : "");
  if (o.json)
    print_json(crit, out);
  else
    print_table(o, crit, out);
  return 0;
}

}  // namespace btlinksim
