#include "sim/cli/range_scenario.hpp"

#include "models/core/stats.hpp"
#include "sim/cli/load.hpp"
#include "sim/output/json.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace btlinksim {

namespace {

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
