// `btlinksim sweep FILE`: every (point, replication) of a sweep file, forked up to -j at a time, into one HDF5 file.
#include "sim/batch/sweep_batch.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/progress_line.hpp"
#include "sim/cli/summary.hpp"
#include "sim/scenario/sweep.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

namespace btlinksim::cli {

namespace {

struct SweepOptions {
  std::string file;
  bool strict = false;  // the points' warnings are errors
  bool force  = false;  // replace an output that holds another file's result
  bool list   = false;
  bool dry    = false;
  bool slurm  = false;  // write a Slurm job array (one shard per task) and its dependent merge job
  SweepBatchOptions batch = with_every_core();

  static SweepBatchOptions with_every_core()
  {
    SweepBatchOptions b;
    b.jobs = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    return b;
  }
};

void print_points(const Sweep& sw)
{
  const size_t n = sw.kept.size();
  std::printf("%s: %zu point%s x %d replication%s = %zu runs\n", sw.title.c_str(), n, n == 1 ? "" : "s",
              sw.replications, sw.replications == 1 ? "" : "s", n * sw.replications);
  for (size_t k = 0; k < n; ++k) {
    const auto values = sw.point_values(k);
    std::printf("  point %zu:", k);
    for (size_t j = 0; j < sw.parameters.size(); ++j)
      std::printf(" %s = %s;", sw.parameters[j].path.c_str(), values[j].c_str());
    std::printf("\n");
  }
}

// Progress on stderr (ProgressLine): on a terminal each second, with the runs in flight in simulated time; a line
// per tenth of the runs otherwise.
std::pair<Progress, Waiting> progress_printer(size_t total)
{
  const auto t0   = std::chrono::steady_clock::now();
  auto last       = std::make_shared<size_t>(0);
  auto out        = std::make_shared<ProgressLine>();
  const bool tty  = out->tty();
  // partial: the runs in flight, counted by the share of their simulated time done (for the ETA).
  auto line = [=](size_t done, size_t failed, const std::string& extra, bool final, double partial = 0) {
    const double s    = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rate = done / std::max(s, 1e-9), work = static_cast<double>(done) + partial;
    char text[160], eta[32] = "-";
    if (work > 0)
      std::snprintf(eta, sizeof eta, "%.0f s", (static_cast<double>(total) - work) * s / work);
    std::snprintf(text, sizeof text, "sweep: %zu/%zu runs, %zu failed, %.1f runs/s, ETA %s", done, total, failed, rate, eta);
    out->show(text + extra, final);
  };
  std::pair<Progress, Waiting> p;
  p.first = [=](size_t done, size_t failed) {
    if (!tty && done * 10 / total == *last * 10 / total && done != total)
      return;
    *last = done;
    line(done, failed, "", !tty || done == total);
  };
  if (tty)
    p.second = [=](size_t done, size_t failed, const std::vector<InFlight>& now) {
      double sum = 0;
      for (const auto& f : now)
        sum += f.end_s > 0 ? f.now_s / f.end_s : 0;
      char b[80];
      std::snprintf(b, sizeof b, "; %zu in flight, %.0f %% of their simulated time on average", now.size(),
                    now.empty() ? 0.0 : 100 * sum / static_cast<double>(now.size()));
      line(done, failed, b, false, sum);
    };
  return p;
}

void print_results(const Sweep& sw, const std::vector<RunOutcome>& runs)
{
  const int R = sw.replications;
  const PointLabels labels = point_labels(sw.points.size(), sw.parameters.size(),
                                          [&](size_t j, size_t p) { return sw.points[p].values[j]; });
  const int width = labels.width;
  std::printf("%-6s %-*s %-10s %8s %16s %16s %16s\n", "point", width, "parameters", "sink", "played", "drop/min",
              "e2e_mean_ms", "lat_mean_ms");
  for (size_t p = 0; p < sw.points.size(); ++p) {
    std::vector<RunResult> ok;
    for (int r = 0; r < R; ++r)
      if (runs[p * R + r].result)
        ok.push_back(*runs[p * R + r].result);
    const std::string& label = labels.text[p];
    if (ok.empty()) {
      std::printf("%-6zu %-*s every replication failed\n", p, width, label.c_str());
      continue;
    }
    for (size_t i = 0; i < ok.front().sinks.row_names.size(); ++i)
      std::printf("%-6zu %-*s %-10s %8s %16s %16s %16s\n", p, width, i ? "" : label.c_str(),
                  ok.front().sinks.row_names[i].c_str(),
                  (std::to_string(played_in(ok, i)) + "/" + std::to_string(R)).c_str(),
                  fmt(cell(ok, &RunResult::sinks, "dropouts_per_min", i), 1, "%.2f", R).c_str(),
                  fmt(cell(ok, &RunResult::sinks, "e2e_latency_mean_s", i), 1e3, "%.1f", R).c_str(),
                  fmt(cell(ok, &RunResult::sinks, "latency_mean_s", i), 1e3, "%.2f", R).c_str());
  }
}

}  // namespace

namespace {
// The sweep file loaded and its output checked; errors printed (the caller exits 2 without a sweep).
SweepLoad load_checked(const std::string& file, bool strict, bool force, bool load_points = true)
{
  SweepLoad L = load_sweep_file(file, load_points);
  if (L.sweep) {  // the points' warnings, located like their errors (at the swept parameter); errors with --strict
    const Sweep& sw      = *L.sweep;
    const Location where = sw.parameters.empty() ? Location{} : sw.parameters.front().where;
    for (const auto& p : sw.points)
      for (const auto& w : p.scenario.warnings) {
        const std::string msg = "sweep point " + std::to_string(p.index) +
                                p.scenario.title.substr(std::min(p.scenario.title.size(), sw.title.size())) + ": " + w.message;
        if (strict)
          L.errors.push_back({where, msg + " (an error with --strict)"});
        else
          std::cerr << sw.file << ":" << where.line << ":" << where.column << ": warning: " << msg << "\n";
      }
    if (!L.errors.empty())
      L.sweep.reset();
  }
  if (!L.sweep) {
    std::cerr << L.format_errors();
    return L;
  }
  const Sweep& sw = *L.sweep;
  if (!sw.output.empty())
    if (const std::string why = sweep_output_problem(sw, force); !why.empty()) {
      std::cerr << sw.file << ":" << sw.output_where.line << ":" << sw.output_where.column << ": " << why << "\n";
      L.sweep.reset();
    }
  return L;
}
}  // namespace

namespace {
// The console's part of a sweep: the progress line and the results table.
SweepReport report() { return {progress_printer, print_results}; }
}  // namespace

Action add_sweep_command(CLI::App& app)
{
  auto o    = std::make_shared<SweepOptions>();
  auto* sub = app.add_subcommand("sweep", "Run a sweep file (scenarios/sweeps/): every design point and replication, "
                                          "forked -j at a time, into one HDF5 file");
  sub->add_option("file", o->file, "sweep YAML file")->required();
  sub->add_option("-j,--jobs", o->batch.jobs, "runs in parallel (default: the cores; results do not depend on it)")
      ->check(CLI::Range(1, 256));
  sub->add_flag("--list", o->list, "print the design points and exit");
  sub->add_flag("--dry-run", o->dry, "check every point's scenario and exit");
  sub->add_flag("--strict", o->strict, "refuse the sweep if any point has a warning (exit 2); by default such points run");
  sub->add_flag("--force", o->force, "replace an output that holds the result of another file (refused otherwise: exit 2)");
  sub->add_flag("-q,--quiet", o->batch.quiet, "no progress on stderr");
  sub->add_option("--progress-every", o->batch.progress_every_s,
                  "on a terminal, seconds between updates of the progress line while runs are in flight (default 1)")
      ->check(CLI::Range(0.05, 3600.0));
  sub->add_option("--run-timeout", o->batch.run_timeout_s, "a run still going after this many seconds is killed and recorded as failed")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--fresh", o->batch.fresh, "forget the runs a previous sweep completed (OUTPUT.runs) and run everything");
  sub->add_option("--shard", o->batch.shard, "I/N: run only the I-th of N chunks of the runs, into OUTPUT.runs (cluster array tasks)");
  sub->add_flag("--merge", o->batch.merge, "run nothing: write OUTPUT from OUTPUT.runs once every shard is done");
  sub->add_flag("--slurm", o->slurm, "write a Slurm job array (a shard per task) and its merge job in OUTPUT.slurm/");
  auto& c = o->batch.cluster;
  const std::vector<CLI::Option*> slurm_only{
      sub->add_option("--tasks", c.tasks, "--slurm: array tasks (default: one per 25 runs)")->check(CLI::Range(1, 100000)),
      sub->add_option("--partition", c.partition, "--slurm: the partition to submit to"),
      sub->add_option("--time", c.time_limit, "--slurm: each job's time limit, as sbatch --time (30, 2:00:00, 1-12:00:00)"),
      sub->add_option("--account", c.account, "--slurm: the account charged, as sbatch --account"),
      sub->add_option("--mem", c.memory, "--slurm: memory per task, as sbatch --mem (e.g. 2G)"),
      sub->add_option("--max-running", c.max_running, "--slurm: at most this many array tasks at once (--array=0-N%M)")
          ->check(CLI::Range(1, 100000))};
  for (auto* opt : slurm_only)
    opt->needs(sub->get_option("--slurm"));
  return [sub, o]() -> int {
    if (!sub->parsed())
      return -1;
    SweepLoad L = load_checked(o->file, o->strict, o->force, !o->list || o->dry || o->strict);  // --list: the values alone
    if (!L.sweep)
      return 2;
    const Sweep& sw = *L.sweep;
    if (o->list || o->dry) {
      print_points(sw);
      if (o->dry)
        std::printf("every point's scenario is valid\n");
      return 0;
    }
    if (o->slurm) {
      char exe[4096];
      const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
      return write_sweep_slurm(o->batch, sw, n > 0 ? std::string(exe, static_cast<size_t>(n)) : "btlinksim");
    }
    return run_sweep_batch(o->batch, sw, report());
  };
}

// `btlinksim merge FILE`: the sweep's one result file from its run store (the runs that shards, array tasks or
// MPI ranks left in OUTPUT.runs); the same as `btlinksim sweep FILE --merge`.
Action add_merge_command(CLI::App& app)
{
  auto o    = std::make_shared<SweepOptions>();
  auto* sub = app.add_subcommand("merge", "Write a sweep's result file from the runs its shards left in OUTPUT.runs "
                                          "(as btlinksim sweep FILE --merge)");
  sub->add_option("file", o->file, "sweep YAML file")->required();
  sub->add_flag("-q,--quiet", o->batch.quiet, "no table on stdout");
  sub->add_flag("--force", o->force, "replace an output that holds the result of another file (refused otherwise: exit 2)");
  o->batch.merge = true;
  return [sub, o]() -> int {
    if (!sub->parsed())
      return -1;
    SweepLoad L = load_checked(o->file, false, o->force);
    if (!L.sweep)
      return 2;
    return run_sweep_batch(o->batch, *L.sweep, report());
  };
}

}  // namespace btlinksim::cli
