#include "sim/cli/range_scenario.hpp"

#include "models/radio/link_budget.hpp"
#include "models/core/stats.hpp"
#include "sim/output/json.hpp"
#include "sim/engine/runner.hpp"

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
  for (auto [tx, rx] : topology_links(s))
    if (rx == device)
      return tx;
  return s.device_index(s.topology.source);
}

namespace {

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

int run_scenario_range(const ScenarioRangeOptions& o)
{
  if (!(o.min_m > 0 && o.max_m > o.min_m && o.tolerance_m > 0)) {
    std::cerr << "btlinksim range: need 0 < --min < --max and --tolerance > 0\n";
    return 2;
  }
  std::vector<Scenario> scenarios;
  bool ok = true;
  for (const auto& f : o.files) {
    LoadResult r = load_scenario_file(f);
    if (!r.errors.empty()) {
      std::cerr << r.format_errors();
      ok = false;
      continue;
    }
    Scenario s = std::move(*r.scenario);
    const int v = s.device_index(o.vary);
    if (v < 0) {
      std::cerr << f << ": --vary " << o.vary << ": no such device; give one of the scenario's devices\n";
      ok = false;
      continue;
    }
    if (!s.devices[v].waypoints.empty() || s.devices[v].random_walk.enabled) {
      std::cerr << f << ": --vary " << o.vary << ": the device moves (waypoints/mobility); vary a fixed device\n";
      ok = false;
    }
    if (!o.from.empty() && s.device_index(o.from) < 0) {
      std::cerr << f << ": --from " << o.from << ": no such device\n";
      ok = false;
    }
    if (o.replications > 0)
      s.replications = o.replications;
    s.output.file.clear();  // range runs write no HDF5
    s.output.timeseries = false;
    scenarios.push_back(std::move(s));
  }
  if (!ok)
    return 2;

  std::vector<ScenarioRange> out;
  for (const auto& base : scenarios) {
    const int v      = base.device_index(o.vary);
    const int anchor = o.from.empty() ? feeding_device(base, v) : base.device_index(o.from);
    ScenarioRange res;
    res.file     = base.file;
    res.title    = base.title;
    res.topology = base.topology.kind == TopologyKind::relay ? "relay" : base.topology.kind == TopologyKind::dual_stream ? "dual_stream" : "single";
    res.vary     = o.vary;
    res.from     = base.devices[anchor].name;
    {
      const Phy phy      = acl_info(base.audio.packet_type).payload_phy;
      const Receiver rx  = link_receiver(base, v == anchor ? v : (base.devices[v].role == Role::source ? anchor : v), phy);
      const int tx       = base.devices[v].role == Role::source ? v : anchor;
      const int rxd      = base.devices[v].role == Role::source ? anchor : v;
      res.budget_m = max_range_m(base.environment.path_loss, max_path_loss_db(link_ends(base, tx, rxd), rx.sensitivity_dbm, 0));
    }
    // Lockstep bisection: every replication keeps its own bracket [lo, hi]; each round runs all open brackets'
    // midpoints in parallel. A replication's streams are the same at every distance (common random numbers).
    const int R = base.replications;
    std::vector<double> lo(R, o.min_m), hi(R, o.max_m);
    std::vector<int> state(R, 0);  // 0 open, 1 done
    auto evaluate = [&](const std::vector<std::pair<int, double>>& points) {
      std::vector<Scenario> variants;
      variants.reserve(points.size());
      for (auto [r, d] : points) {
        variants.push_back(base);
        place_at_distance(variants.back(), v, anchor, d);
      }
      std::vector<RunJob> jobs;
      for (size_t i = 0; i < points.size(); ++i)
        jobs.push_back({&variants[i], points[i].first});
      const auto results = run_jobs(jobs, o.jobs);
      res.evaluations += static_cast<int>(points.size());
      std::vector<bool> holds;
      for (size_t i = 0; i < points.size(); ++i)
        holds.push_back(criterion_holds(o, variants[i], v, results[i]));
      return holds;
    };
    try {
      std::vector<std::pair<int, double>> ends;
      for (int r = 0; r < R; ++r) {
        ends.push_back({r, o.min_m});
        ends.push_back({r, o.max_m});
      }
      const auto h = evaluate(ends);
      for (int r = 0; r < R; ++r) {
        if (!h[2 * r]) {
          state[r] = 1;
          hi[r]    = o.min_m;
          res.below_min++;
        } else if (h[2 * r + 1]) {
          state[r] = 1;
          lo[r]    = o.max_m;
          res.at_least_max++;
        }
      }
      while (true) {
        std::vector<std::pair<int, double>> mids;
        for (int r = 0; r < R; ++r)
          if (state[r] == 0 && hi[r] - lo[r] > o.tolerance_m)
            mids.push_back({r, 0.5 * (lo[r] + hi[r])});
        if (mids.empty())
          break;
        const auto hm = evaluate(mids);
        for (size_t i = 0; i < mids.size(); ++i)
          (hm[i] ? lo[mids[i].first] : hi[mids[i].first]) = mids[i].second;
      }
    } catch (const RunFailure& e) {
      std::cerr << "btlinksim range: " << base.file << ": " << e.what() << "\n";
      return 1;
    }
    for (int r = 0; r < R; ++r)
      res.per_replication_m.push_back(res.below_min && hi[r] == o.min_m && lo[r] == o.min_m ? o.min_m : lo[r]);
    out.push_back(res);
  }

  const std::string crit = "dropouts/min <= " + std::to_string(o.max_dropouts_per_min).substr(0, 5) +
                           (o.keep_link ? " and no disconnect" : "");
  if (o.json) {
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
                        {"per_replication_m", std::move(per)}});
    }
    std::cout << nlohmann::ordered_json{{"criterion", crit}, {"ranges", std::move(ranges)}}.dump() << "\n";
    return 0;
  }
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
              "budget_m: link-budget range of the same link (median power at sensitivity, no walls, margins or ARQ).\n");
  return 0;
}

}  // namespace btlinksim
