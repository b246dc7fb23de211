#include "models/core/stats.hpp"
#include "sim/cli/commands.hpp"
#include "sim/optimise/optimise_file.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/sweep.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/cli/load.hpp"
#include "sim/cli/summary.hpp"
#include "sim/cli/verdict.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "sim/output/json.hpp"
#include "sim/output/output_lock.hpp"
#include "sim/scenario/link_check.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <iostream>
#include <memory>

namespace btlinksim::cli {

namespace {

struct RunOptions {
  std::vector<std::string> files;
  bool strict = false;  // warnings of the checks are errors (exit 2)
  bool force  = false;  // replace an output that holds another scenario file's result
  int jobs  = 1;
  bool json = false;
  bool verbose = false;
  bool side_by_side = false;  // compare: one table with a column per scenario
  bool quiet        = false;
  double progress_every_s = 0;  // 0: 1 s on a terminal, 10 s otherwise
  double run_timeout_s    = 0;  // 0: none
  std::string max_memory;       // --max-memory: the memory a run's time series may need (default half the machine's)
  std::vector<std::string> log;
};

// The memory a run's time series needs at its peak: one row per packet at each sink, every replication, ~340 B a
// row (the rows in the parent, one replication's serialized text and the file's in-memory image; measured with
// scenarios/relay.yaml at 10 and 40 min: 182 and 590 MB max RSS for 0.41 and 1.65 M rows), and 50 MB besides.
double timeseries_memory_bytes(const Scenario& s, double& rows)
{
  rows = audio_packet(s).packets_per_s * static_cast<double>(s.resolved.topo.sinks.size()) * s.duration_s * s.replications;
  return 50e6 + 340.0 * rows;
}

// "8G", "500M", "2048K" or bytes -> bytes; NaN if it is not such a size.
double parse_memory_size(const std::string& t)
{
  char* end       = nullptr;
  const double v  = std::strtod(t.c_str(), &end);
  const std::string unit(end);
  const double scale = unit.empty() ? 1 : unit == "K" ? 1024.0 : unit == "M" ? 1048576.0 : unit == "G" ? 1073741824.0
                                                             : unit == "T" ? 1099511627776.0 : std::nan("");
  return end != t.c_str() && v > 0 && std::isfinite(v) ? v * scale : std::nan("");
}

// Progress of long runs on stderr, in simulated time: replications done and where each one in flight is. On a
// terminal one line rewritten in place every second; otherwise a plain line every 10 s (--progress-every).
struct SimTimeProgress {
  ProgressLine line;
  double every_s = 1;

  void operator()(const std::string& file, int replications, size_t done, const std::vector<InFlight>& now)
  {
    std::string text = "run: " + file + ": " + std::to_string(done) + "/" + std::to_string(replications) + " done";
    for (const auto& f : now) {
      char b[96];
      std::snprintf(b, sizeof b, "; replication %zu at %.0f/%.0f s simulated (%.0f %%)", f.index, f.now_s, f.end_s,
                    f.end_s > 0 ? 100 * f.now_s / f.end_s : 0.0);
      text += b;
    }
    line.show(text);
  }
  void end() { line.clear(); }
};

// SimGrid's log (stderr): --verbose shows each link formed or lost, --log CATEGORY.thres:LEVEL any category.
void add_log_options(CLI::App* sub, RunOptions& o)
{
  sub->add_option("--run-timeout", o.run_timeout_s,
                  "a replication still going after this many seconds of wall time is killed: the command fails (exit 1)")
      ->check(CLI::PositiveNumber);
  sub->add_flag("-q,--quiet", o.quiet, "no progress line on stderr");
  sub->add_option("--max-memory", o.max_memory,
                  "memory a run with output.timeseries may need (e.g. 8G; default half of this machine's): a run "
                  "estimated above it is refused before it starts (exit 2)");
  sub->add_flag("--strict", o.strict,
                "refuse a scenario with warnings (a link below the received power it needs, a radio over its air time): exit 2");
  sub->add_flag("--force", o.force,
                "replace an output.file that holds the result of another scenario file (refused otherwise: exit 2)");
  sub->add_option("--progress-every", o.progress_every_s,
                  "seconds between progress lines of long runs (default: 1 on a terminal, 10 otherwise)")
      ->check(CLI::Range(0.05, 3600.0));
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
    Loaded L = load_scenarios(o->files, true, o->strict, o->force);
    if (!L.ok)
      return 2;
    // A time series grows with duration x sinks x replications: estimated before the first run (a long one grew to
    // 8 GB and failed), refused above the limit.
    const double machine = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGESIZE));
    const double limit   = o->max_memory.empty() ? machine / 2 : parse_memory_size(o->max_memory);
    if (std::isnan(limit)) {
      std::cerr << "btlinksim: --max-memory '" << o->max_memory << "': give a size with K, M, G or T, e.g. 8G\n";
      return 2;
    }
    for (const auto& s : L.scenarios)
      if (double rows = 0; s.output.timeseries && timeseries_memory_bytes(s, rows) > limit) {
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "output.timeseries: %.3g rows (a packet at each of %zu sinks, %.0f s, %d replications) need about "
                      "%.1f GB of memory, above the limit of %.1f GB (%s); shorten the run, use fewer replications, turn "
                      "the time series off, or raise the limit with --max-memory",
                      rows, s.resolved.topo.sinks.size(), s.duration_s, s.replications, timeseries_memory_bytes(s, rows) / 1e9,
                      limit / 1e9, o->max_memory.empty() ? "half of this machine's memory" : "--max-memory");
        std::cerr << format_diagnostic(s.file, s.output.where, msg);
        return 2;
      }
    std::vector<std::string> log = o->log;
    if (o->verbose)
      log.insert(log.begin(), "btl.thres:info");
    set_log_settings(log);
    std::vector<OutputLock> locks;  // every output is ours before the first run (one command writes a file at a time)
    for (const auto& s : L.scenarios) {
      if (s.output.file.empty())
        continue;
      std::string holder, error;
      auto lock = OutputLock::acquire(s.output.file, OutputLock::Mode::exclusive, holder, error);
      if (!lock) {
        std::cerr << format_diagnostic(s.file, s.output.where, "output.file " + OutputLock::refusal(s.output.file, holder, error));
        return 2;
      }
      locks.push_back(std::move(*lock));
    }
    std::vector<std::vector<RunResult>> all;
    SimTimeProgress bar;
    bar.every_s = o->progress_every_s > 0 ? o->progress_every_s : bar.line.tty() ? 1.0 : 10.0;
    for (const auto& s : L.scenarios) {
      Waiting waiting;
      if (!o->quiet)
        waiting = [&bar, &s](size_t done, size_t, const std::vector<InFlight>& now) {
          bar(s.file, s.replications, done, now);
        };
      try {
        all.push_back(run_replications(s, o->jobs, waiting, bar.every_s, o->run_timeout_s));
        bar.end();
        if (!s.output.file.empty())
          write_run_hdf5(s.output.file, s, all.back());  // one file, every replication in it
      } catch (const std::runtime_error& e) {  // a run failed (RunFailure) or its file could not be written
        bar.end();
        std::cerr << "btlinksim: " << s.file << ": " << e.what() << "\n";
        return 1;
      }
      if (!o->json && !o->side_by_side)
        print_summary(s, all.back());
    }
    std::vector<Design> designs;
    for (size_t k = 0; k < all.size(); ++k)
      designs.push_back({L.scenarios[k].title, &all[k]});
    if (o->json && o->side_by_side) {  // compare --json: the scenarios and the verdict
      std::printf("{\"scenarios\": ");
      print_json(L.scenarios, all);
      std::printf(", \"verdict\": %s}\n", verdict_json(designs, verdict(designs)).dump().c_str());
    } else if (o->json)
      print_json(L.scenarios, all);
    else if (o->side_by_side) {
      print_comparison(L.scenarios, all);
      print_verdict(designs, verdict(designs));
    }
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
  auto o          = std::make_shared<RunOptions>();
  o->side_by_side = true;
  auto* sub = app.add_subcommand("compare", "Run several scenarios (e.g. relay and dual stream) and print them side by side");
  sub->add_option("files", o->files, "scenario YAML files")->required()->expected(2, 64);
  sub->add_option("-j,--jobs", o->jobs, "replications run in parallel")->check(CLI::Range(1, 256));
  sub->add_flag("--json", o->json, "print JSON instead of tables");
  add_log_options(sub, *o);
  return run_action(sub, o);
}

namespace {
// What kind of file a path holds, from its top-level keys (a line starting with the key): an optimisation file
// (optimise, variables, objective, pareto), a sweep (sweep, parameters) or else a scenario.
enum class FileKind { scenario, sweep, optimisation };
FileKind file_kind(const std::string& path)
{
  std::string why;
  const auto text = read_input_file(path, "scenario", why);
  if (!text)
    return FileKind::scenario;  // the scenario loader reports why it cannot be read
  std::istringstream in(*text);
  for (std::string line; std::getline(in, line);) {
    for (const char* k : {"optimise:", "variables:", "objective:", "pareto:"})
      if (line.rfind(k, 0) == 0)
        return FileKind::optimisation;
    for (const char* k : {"sweep:", "parameters:"})
      if (line.rfind(k, 0) == 0)
        return FileKind::sweep;
  }
  return FileKind::scenario;
}
}  // namespace

Action add_validate_command(CLI::App& app)
{
  auto files  = std::make_shared<std::vector<std::string>>();
  auto strict = std::make_shared<bool>(false);
  auto* sub   = app.add_subcommand("validate", "Check scenario, sweep and optimisation files without running them (exit 2 on any error)");
  sub->add_option("files", *files, "scenario, sweep or optimisation YAML files")->required();
  sub->add_flag("--strict", *strict, "warnings are errors: exit 2 if a scenario has any");
  return [sub, files, strict]() -> int {
    if (!sub->parsed())
      return -1;
    bool ok = true;
    std::vector<std::string> scenarios;
    for (const auto& f : *files)
      if (const FileKind k = file_kind(f); k == FileKind::sweep) {
        const SweepLoad L = load_sweep_file(f);
        if (!L.sweep) {
          std::cerr << L.format_errors();
          ok = false;
        } else
          std::printf("%s: ok (a sweep: %zu points x %d replications)\n", f.c_str(), L.sweep->points.size(),
                      L.sweep->replications);
      } else if (k == FileKind::optimisation) {
        const OptimisationLoad L = load_optimisation_file(f);
        if (!L.opt) {
          std::cerr << L.format_errors();
          ok = false;
        } else
          std::printf("%s: ok (an optimisation: %zu variable%s, %zu combination%s of the listed values)\n", f.c_str(),
                      L.opt->variables.size(), L.opt->variables.size() == 1 ? "" : "s", L.opt->combinations(),
                      L.opt->combinations() == 1 ? "" : "s");
      } else
        scenarios.push_back(f);
    if (!scenarios.empty()) {
      // What the results directory holds now is the run's business (--force), not the file's: not judged here.
      Loaded L = load_scenarios(scenarios, true, *strict, true);
      for (const auto& s : L.scenarios)
        std::printf("%s: ok (%zu devices, %zu links, %d replication%s)\n", s.file.c_str(), s.devices.size(),
                    s.resolved.topo.links.size(), s.replications, s.replications > 1 ? "s" : "");
      ok = ok && L.ok;
    }
    return ok ? 0 : 2;
  };
}

}  // namespace btlinksim::cli
