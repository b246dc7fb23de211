#include "models/core/stats.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/load.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "sim/output/json.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

namespace btlinksim::cli {

namespace {

// Mean (and 95 % Student-t half-width) over replications of one cell of a result table.
Interval cell(const std::vector<RunResult>& runs, const ResultTable RunResult::*table, const std::string& col, size_t row)
{
  std::vector<double> v;
  for (const auto& r : runs) {
    const double x = (r.*table).at(col, row);
    if (!std::isnan(x))
      v.push_back(x);
  }
  return mean_ci95(v);
}

std::string fmt(const Interval& i, double scale, const char* spec)
{
  if (i.n == 0)
    return "-";
  char a[64], b[64];
  std::snprintf(a, sizeof a, spec, i.mean * scale);
  if (i.n < 2)
    return a;
  std::snprintf(b, sizeof b, spec, i.half_width * scale);
  return std::string(a) + "±" + b;
}

void print_summary(const Scenario& s, const std::vector<RunResult>& runs)
{
  const auto& first = runs.front();
  std::printf("== %s  (%s, %s, %s %s, %d replication%s%s)\n", s.title.c_str(),
              s.topology.kind->label().c_str(),
              s.audio.sync == SyncMode::ttp ? "ttp sync" : "free-running", to_string(s.audio.codec.kind).c_str(),
              acl_info(s.audio.packet_type).name, s.replications, s.replications > 1 ? "s" : "",
              s.replications > 1 ? ", mean±95% t-interval" : "");
  std::printf("%-10s %14s %12s %12s %12s %12s %12s %12s %12s %12s %12s\n", "sink", "dropouts", "drop_s", "drop/min",
              "lat_mean_ms", "lat_p50_ms", "lat_p95_ms", "lat_p99_ms", "lat_max_ms", "skew_mean_ms", "skew_max_ms");
  const auto S = &RunResult::sinks;
  for (size_t i = 0; i < first.sinks.row_names.size(); ++i)
    std::printf("%-10s %14s %12s %12s %12s %12s %12s %12s %12s %12s %12s\n", first.sinks.row_names[i].c_str(),
                fmt(cell(runs, S, "dropouts", i), 1, "%.1f").c_str(),
                fmt(cell(runs, S, "dropout_duration_s", i), 1, "%.3f").c_str(),
                fmt(cell(runs, S, "dropouts_per_min", i), 1, "%.2f").c_str(),
                fmt(cell(runs, S, "latency_mean_s", i), 1e3, "%.2f").c_str(),
                fmt(cell(runs, S, "latency_p50_s", i), 1e3, "%.2f").c_str(),
                fmt(cell(runs, S, "latency_p95_s", i), 1e3, "%.2f").c_str(),
                fmt(cell(runs, S, "latency_p99_s", i), 1e3, "%.2f").c_str(),
                fmt(cell(runs, S, "latency_max_s", i), 1e3, "%.2f").c_str(),
                fmt(cell(runs, S, "skew_mean_s", i), 1e3, "%.3f").c_str(),
                fmt(cell(runs, S, "skew_max_s", i), 1e3, "%.3f").c_str());
  std::printf("%-14s %8s %12s %12s %10s %14s %12s %12s %14s\n", "link", "dist_m", "rx_dBm", "PER", "retx", "queue_drops",
              "disconnects", "outage_s", "reconnect_s");
  const auto L = &RunResult::links;
  for (size_t i = 0; i < first.links.row_names.size(); ++i)
    std::printf("%-14s %8.2f %12s %12s %10s %14s %12s %12s %14s\n", first.links.row_names[i].c_str(),
                first.links.at("distance_m", i), fmt(cell(runs, L, "median_rx_dbm", i), 1, "%.1f").c_str(),
                fmt(cell(runs, L, "per", i), 1, "%.4f").c_str(), fmt(cell(runs, L, "retransmissions", i), 1, "%.0f").c_str(),
                fmt(cell(runs, L, "queue_drops", i), 1, "%.0f").c_str(),
                fmt(cell(runs, L, "disconnects", i), 1, "%.1f").c_str(),
                fmt(cell(runs, L, "outage_s", i), 1, "%.2f").c_str(),
                fmt(cell(runs, L, "reconnect_mean_s", i), 1, "%.2f").c_str());
  std::printf("%-14s %12s\n", "device", "radio_util");
  const auto D = &RunResult::devices;
  for (size_t i = 0; i < first.devices.row_names.size(); ++i)
    std::printf("%-14s %12s\n", first.devices.row_names[i].c_str(), fmt(cell(runs, D, "utilisation", i), 100, "%.1f%%").c_str());
  if (!first.formation.row_names.empty()) {
    std::printf("%-18s %12s %12s %8s %7s %5s %7s  %s\n", "formation", "up_s", "to_link_s", "retries", "stereo",
                "mono", "failed", "reason (first replication)");
    const auto F = &RunResult::formation;
    for (size_t i = 0; i < first.formation.row_names.size(); ++i) {
      int count[3] = {0, 0, 0};
      for (const auto& r : runs)
        count[static_cast<int>(r.formation.at("outcome", i))]++;
      std::printf("%-18s %12s %12s %8s %7d %5d %7d  %s\n", first.formation.row_names[i].c_str(),
                  fmt(cell(runs, F, "up_s", i), 1, "%.2f").c_str(), fmt(cell(runs, F, "time_to_link_s", i), 1, "%.2f").c_str(),
                  fmt(cell(runs, F, "retries", i), 1, "%.1f").c_str(), count[0], count[1], count[2],
                  first.formation.text_values[0][i].c_str());
    }
    // Scenario level: when every sink plays (its first frame's play time), and in how many replications.
    std::vector<double> all;
    for (const auto& r : runs) {
      double t = 0;
      for (size_t i = 0; i < r.sinks.row_names.size(); ++i)
        t = std::max(t, r.sinks.at("startup_s", i));  // NaN (never plays) propagates
      if (!std::isnan(t))
        all.push_back(t);
    }
    std::printf("all sinks playing in %zu of %zu replications; time until all play: %s s\n", all.size(), runs.size(),
                fmt(mean_ci95(all), 1, "%.2f").c_str());
  }
  double wall = 0;
  long long hops = 0;
  for (const auto& r : runs) {
    wall += r.wall_s;
    hops += r.events;
  }
  std::printf("simulated %.1f s of audio per replication; engine wall time %.3f s in all (%.0fx real time); %lld packet-hops\n",
              s.duration_s, wall, s.duration_s * runs.size() / std::max(wall, 1e-9), hops);
  if (!s.output.file.empty())
    std::printf("results: %s%s\n", replication_output_path(s, 0).c_str(), s.replications > 1 ? " ..." : "");
  std::printf("\n");
}

void print_json(const std::vector<Scenario>& scs, const std::vector<std::vector<RunResult>>& all)
{
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (size_t k = 0; k < scs.size(); ++k) {
    nlohmann::ordered_json tables = nlohmann::ordered_json::array();
    for (auto tab : {&RunResult::sinks, &RunResult::links, &RunResult::devices, &RunResult::formation}) {
      const auto& t = all[k].front().*tab;
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (size_t i = 0; i < t.row_names.size(); ++i) {
        nlohmann::ordered_json row{{"name", t.row_names[i]}};
        for (const auto& c : t.columns) {
          const Interval iv = cell(all[k], tab, c, i);
          row[c] = json_number(iv.n ? iv.mean : std::nan(""));
          if (iv.n > 1)
            row[c + "_ci95"] = json_number(iv.half_width);
        }
        rows.push_back(std::move(row));
      }
      tables.push_back({{"table", t.name}, {"rows", std::move(rows)}});
    }
    out.push_back({{"scenario", scs[k].title}, {"file", scs[k].file}, {"tables", std::move(tables)}});
  }
  std::cout << out.dump() << "\n";
}

struct RunOptions {
  std::vector<std::string> files;
  int jobs  = 1;
  bool json = false;
  bool verbose = false;
  std::vector<std::string> log;
};

// SimGrid's log (stderr): --verbose shows each link formed or lost, --log CATEGORY.thres:LEVEL any category.
void add_log_options(CLI::App* sub, RunOptions& o)
{
  sub->add_flag("-v,--verbose", o.verbose,
                "log the protocol as it happens on stderr: links formed, lost and reconnected (--log btl.thres:info)");
  sub->add_option("--log", o.log,
                  "SimGrid log setting, repeatable: btl.thres:LEVEL for all, or btl_source, btl_acl (each exchange at "
                  "debug, retransmissions at verbose), btl_link (supervision, reconnection), btl_formation (discovery, "
                  "page, handshake messages at verbose); LEVEL trace, debug, verbose, info, warning");
}

Action run_action(CLI::App* sub, std::shared_ptr<RunOptions> o)
{
  return [sub, o]() -> int {
    if (!sub->parsed())
      return -1;
    Loaded L = load_scenarios(o->files, true);
    if (!L.ok)
      return 2;
    std::vector<std::string> log = o->log;
    if (o->verbose)
      log.insert(log.begin(), "btl.thres:info");
    set_log_settings(log);
    std::vector<std::vector<RunResult>> all;
    for (const auto& s : L.scenarios) {
      try {
        all.push_back(run_replications(s, o->jobs));
      } catch (const RunFailure& e) {
        std::cerr << "btlinksim: " << s.file << ": " << e.what() << "\n";
        return 1;
      }
      if (!o->json)
        print_summary(s, all.back());
    }
    if (o->json)
      print_json(L.scenarios, all);
    return 0;
  };
}

}  // namespace

Action add_run_command(CLI::App& app)
{
  auto o   = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Simulate scenario files and print per-sink statistics (HDF5 per output.file)");
  sub->add_option("files", o->files, "scenario YAML files")->required();
  sub->add_option("-j,--jobs", o->jobs, "replications run in parallel (results do not depend on it)")->check(CLI::Range(1, 256));
  sub->add_flag("--json", o->json, "print JSON instead of tables");
  add_log_options(sub, *o);
  return run_action(sub, o);
}

Action add_compare_command(CLI::App& app)
{
  auto o   = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("compare", "Run several scenarios (e.g. relay and dual stream) and print them side by side");
  sub->add_option("files", o->files, "scenario YAML files")->required()->expected(2, 64);
  sub->add_option("-j,--jobs", o->jobs, "replications run in parallel")->check(CLI::Range(1, 256));
  sub->add_flag("--json", o->json, "print JSON instead of tables");
  add_log_options(sub, *o);
  return run_action(sub, o);
}

Action add_validate_command(CLI::App& app)
{
  auto files = std::make_shared<std::vector<std::string>>();
  auto* sub  = app.add_subcommand("validate", "Check scenario files without running them (exit 2 on any error)");
  sub->add_option("files", *files, "scenario YAML files")->required();
  return [sub, files]() -> int {
    if (!sub->parsed())
      return -1;
    Loaded L = load_scenarios(*files, true);
    for (const auto& s : L.scenarios)
      std::printf("%s: ok (%zu devices, %zu links, %d replication%s)\n", s.file.c_str(), s.devices.size(),
                  s.topo.links.size(), s.replications, s.replications > 1 ? "s" : "");
    return L.ok ? 0 : 2;
  };
}

}  // namespace btlinksim::cli
