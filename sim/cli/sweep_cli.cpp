// `btlinksim sweep FILE`: every (point, replication) of a sweep file, forked up to -j at a time, into one HDF5 file.
#include "sim/cli/commands.hpp"
#include "sim/cli/summary.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/runner.hpp"
#include "sim/batch/slurm.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/output/output_lock.hpp"
#include "sim/output/sweep_writer.hpp"
#include "sim/output/temporary.hpp"
#include "sim/scenario/sweep.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "btlinksim/version.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#ifdef BTLINKSIM_HAVE_MPI
#include <mpi.h>
#endif

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <memory>

namespace btlinksim::cli {

namespace {

struct SweepOptions {
  std::string file;
  bool strict = false;  // the points' warnings are errors
  int jobs    = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  bool list   = false;
  bool dry    = false;
  bool quiet  = false;
  double run_timeout_s = 0;
  double progress_every_s = 1;  // on a terminal: seconds between updates of the line while runs are in flight
  bool fresh  = false;
  std::string shard;  // "I/N": run only chunk I (0-based) of N, into the run store
  bool merge  = false;  // run nothing: write the file from the run store
  bool slurm  = false;  // write a Slurm job array (one shard per task) and its dependent merge job
  SlurmOptions cluster;  // --slurm: tasks, partition, time limit, account, memory, throttle
};

// MPI when started by mpirun (Open MPI or PMI environment), nothing otherwise.
class MpiSession {
public:
  MpiSession()
  {
    launched_ = std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
#ifdef BTLINKSIM_HAVE_MPI
    if (launched_) {
      MPI_Init(nullptr, nullptr);
      MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
      MPI_Comm_size(MPI_COMM_WORLD, &size_);
      active_ = true;
    }
#endif
  }
  ~MpiSession()
  {
#ifdef BTLINKSIM_HAVE_MPI
    if (active_)
      MPI_Finalize();
#endif
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  bool launched_without_support() const { return launched_ && !active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  void barrier() const
  {
#ifdef BTLINKSIM_HAVE_MPI
    if (active_)
      MPI_Barrier(MPI_COMM_WORLD);
#endif
  }

private:
  bool launched_ = false, active_ = false;
  int rank_ = 0, size_ = 1;
};

// "I/N" with 0 <= I < N.
bool parse_shard(const std::string& text, size_t& i, size_t& n)
{
  char slash = 0;
  std::istringstream is(text);
  long long a = -1, b = -1;
  if (!(is >> a >> slash >> b) || slash != '/' || b < 1 || a < 0 || a >= b || !is.eof())
    return false;
  i = static_cast<size_t>(a);
  n = static_cast<size_t>(b);
  return true;
}

// Runs already complete, kept beside the output (OUTPUT.runs/KEY.run) as each finishes: a rerun of the same
// command skips them. KEY hashes the point's resolved scenario, the replication and the build, so a changed
// point or another btlinksim never reuses a result. Files are written to KEY.HOST.PID.tmp and renamed: a killed
// sweep leaves whole results or nothing. At the start a process removes only the temporaries of processes of its
// own host that no longer run: shards of one sweep start side by side (Slurm array tasks, MPI ranks, perhaps on
// other nodes of a shared file system), and removing every temporary once deleted a running shard's result
// before its rename (found by tests/cli/determinism.sh: the merge then missed a run).
class RunStore {
public:
  explicit RunStore(const std::string& output) : dir_(output.empty() ? "" : output + ".runs") {}
  bool enabled() const { return !dir_.empty(); }
  void prepare(bool fresh)
  {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fresh)
      fs::remove_all(dir_, ec);
    fs::create_directories(dir_, ec);
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
      if (e.path().extension() != ".tmp")
        continue;
      const std::string n  = e.path().stem().string();  // KEY.HOST.PID
      const size_t dot     = n.rfind('.');
      const size_t hostdot = dot == std::string::npos || dot == 0 ? std::string::npos : n.rfind('.', dot - 1);
      if (hostdot == std::string::npos || n.substr(hostdot + 1, dot - hostdot - 1) != host())
        continue;  // another host's, or not a name of ours: not ours to judge
      const std::string pid = n.substr(dot + 1);
      if (!pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos &&
          kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH)
        fs::remove(e.path(), ec);
    }
  }
  static std::string key(const Scenario& s, int rep)
  {
    return sha256_hex(s.text + "\nreplication " + std::to_string(rep) + "\nbtlinksim " BTLINKSIM_VERSION " " +
                      BTLINKSIM_GIT_COMMIT);
  }
  std::optional<RunResult> load(const std::string& k) const
  {
    std::string why;
    const auto text = read_input_file(dir_ + "/" + k + ".run", "run", why);
    if (!text || text->rfind("OK\n", 0) != 0)
      return std::nullopt;  // absent or unreadable: run it again
    try {
      return RunResult::deserialize(text->substr(3));
    } catch (const std::exception&) {
      return std::nullopt;  // unreadable: run it again
    }
  }
  // False if the result could not be stored (it is still in memory for this process's own file).
  bool save(const std::string& k, const RunResult& r) const
  {
    const std::string path = dir_ + "/" + k + ".run",
                      tmp  = dir_ + "/" + k + "." + host() + "." + std::to_string(getpid()) + ".tmp";
    try {  // written, synced and closed with every step checked; on failure the temporary is removed
      write_then_rename(tmp, path, "OK\n" + r.serialize());
      return true;
    } catch (const std::runtime_error&) {
      return false;
    }
  }

private:
  static std::string host()
  {
    char h[256] = {};
    if (gethostname(h, sizeof h - 1) != 0 || h[0] == '\0')
      return "host";
    std::string n(h);
    for (char& c : n)
      if (c == '.' || c == '/')
        c = '_';
    return n;
  }
  std::string dir_;
};

// The output must not be an input, and may replace only an earlier btlinksim result.
std::string output_problem(const Sweep& sw)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& in : {sw.file, sw.base_file})
    if (fs::exists(sw.output, ec) && fs::equivalent(sw.output, in, ec))
      return "output '" + sw.output + "' is an input of the sweep (" + in + "); name a new .h5 file";
  if (fs::is_directory(sw.output, ec))
    return "output '" + sw.output + "' is a directory; name a file in it";
  if (fs::exists(sw.output, ec) && !is_btlinksim_result(sw.output))
    return "output '" + sw.output + "' exists and is not a btlinksim result; choose another name or move it away";
  if (const std::string why = unwritable_reason(sw.output); !why.empty())
    return "output '" + sw.output + "' cannot be written: " + why + "; choose a writable directory";
  return "";
}

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

// Progress on stderr: a line that rewrites itself on a terminal (each second, with the runs in flight in simulated
// time), a line per tenth of the runs otherwise.
struct ProgressPrinter {
  Progress progress;
  Waiting waiting;
};
ProgressPrinter progress_printer(size_t total, bool quiet)
{
  if (quiet)
    return {};
  const bool tty = isatty(STDERR_FILENO);
  const auto t0  = std::chrono::steady_clock::now();
  auto last      = std::make_shared<size_t>(0);
  // partial: the runs in flight, counted by the share of their simulated time done (for the ETA).
  auto line = [=](size_t done, size_t failed, const std::string& extra, bool final, double partial = 0) {
    const double s    = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rate = done / std::max(s, 1e-9), work = static_cast<double>(done) + partial;
    char eta[32] = "-";
    if (work > 0)
      std::snprintf(eta, sizeof eta, "%.0f s", (static_cast<double>(total) - work) * s / work);
    std::fprintf(stderr, "%ssweep: %zu/%zu runs, %zu failed, %.1f runs/s, ETA %s%s%s", tty ? "\r" : "", done, total,
                 failed, rate, eta, extra.c_str(), tty && !final ? "\033[K" : "\n");
  };
  ProgressPrinter p;
  p.progress = [=](size_t done, size_t failed) {
    if (!tty && done * 10 / total == *last * 10 / total && done != total)
      return;
    *last = done;
    line(done, failed, "", !tty || done == total);
  };
  if (tty)
    p.waiting = [=](size_t done, size_t failed, const std::vector<InFlight>& now) {
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
  // The parameters column is as wide as its widest label: values are never cut.
  auto label_of = [&](size_t p) {
    std::string label;
    for (size_t j = 0; j < sw.parameters.size(); ++j)
      label += (j ? "; " : "") + sw.points[p].values[j];
    return label;
  };
  int width = 10;
  for (size_t p = 0; p < sw.points.size(); ++p)
    width = std::max(width, static_cast<int>(label_of(p).size()));
  std::printf("%-6s %-*s %-10s %8s %16s %16s %16s\n", "point", width, "parameters", "sink", "played", "drop/min",
              "e2e_mean_ms", "lat_mean_ms");
  for (size_t p = 0; p < sw.points.size(); ++p) {
    std::vector<RunResult> ok;
    for (int r = 0; r < R; ++r)
      if (runs[p * R + r].result)
        ok.push_back(*runs[p * R + r].result);
    const std::string label = label_of(p);
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

// --slurm: the job files in OUTPUT.slurm/ (sim/batch/slurm.hpp), then whether they can be submitted from here.
int write_slurm(const SweepOptions& o, const Sweep& sw, const std::string& exe)
{
  if (sw.output.empty()) {
    std::cerr << "btlinksim sweep: --slurm needs a sweep with an output\n";
    return 2;
  }
  if (const std::string why = slurm_options_problem(o.cluster); !why.empty()) {
    std::cerr << "btlinksim sweep: " << why << "\n";
    return 2;
  }
  const size_t runs = sw.points.size() * static_cast<size_t>(sw.replications);
  std::string error;
  const size_t tasks = write_slurm_jobs(o.cluster, sw.file, sw.output, runs, exe, error);
  if (tasks == 0) {
    std::cerr << "btlinksim sweep: " << error << "\n";
    return 1;
  }
  const std::string dir = std::filesystem::absolute(sw.output + ".slurm").lexically_normal().string();
  std::printf("%zu runs in %zu array task%s: %s/array.sbatch, then %s/merge.sbatch\n", runs, tasks, tasks == 1 ? "" : "s",
              dir.c_str(), dir.c_str());
  if (const std::string why = slurm_unreachable(); !why.empty()) {
    std::cerr << "btlinksim sweep: the job files are written, but " << why << ". Submit them from a machine of the "
              << "cluster (bash " << dir << "/submit.sh), or run the sweep here in parts: btlinksim sweep " << sw.file
              << " --shard I/" << tasks << " for I = 0.." << tasks - 1 << ", then btlinksim merge " << sw.file << "\n";
    return 1;
  }
  std::printf("submit: bash %s/submit.sh\n", dir.c_str());
  return 0;
}

int execute(const SweepOptions& opt, const Sweep& sw)
{
  const SweepOptions* o = &opt;
    // Every (point, replication); those a previous run of the command completed come from the store.
    size_t shard_i = 0, shard_n = 1;
    if (!o->shard.empty() && (!parse_shard(o->shard, shard_i, shard_n) || sw.output.empty())) {
      std::cerr << "btlinksim sweep: --shard takes I/N with 0 <= I < N (e.g. 0/4) and a sweep with an output\n";
      return 2;
    }
    if (o->merge && sw.output.empty()) {
      std::cerr << "btlinksim sweep: --merge needs a sweep with an output (its runs are kept in OUTPUT.runs)\n";
      return 2;
    }
    if (std::error_code ec; o->merge && !std::filesystem::is_directory(sw.output + ".runs", ec)) {  // made nothing before
      std::cerr << "btlinksim merge: nothing to merge: " << sw.output << ".runs does not exist; run the sweep's shards "
                   "first (btlinksim sweep " << sw.file << " --shard I/N)\n";
      return 1;
    }
    // One command at a time on an output (its shards together, each shard once): the second exits 2.
    std::optional<OutputLock> lock, shard_lock;
    if (!sw.output.empty()) {
      std::string holder, error;
      const bool shard = !o->shard.empty() && !o->merge;
      lock = OutputLock::acquire(sw.output, shard ? OutputLock::Mode::shared : OutputLock::Mode::exclusive, holder, error);
      if (lock && shard)
        shard_lock = OutputLock::acquire(sw.output, OutputLock::Mode::exclusive, holder, error,
                                         ".shard-" + std::to_string(shard_i) + "-of-" + std::to_string(shard_n) + ".lock");
      if (!lock || (shard && !shard_lock)) {
        std::cerr << "btlinksim sweep: " << (shard ? "shard " + o->shard + " of " : std::string())
                  << OutputLock::refusal(sw.output, holder, error) << "\n";
        return 2;
      }
    }
    RunStore store(sw.output);
    if (store.enabled())
      store.prepare(o->fresh);
    std::vector<RunOutcome> runs;
    std::vector<std::string> keys;
    std::vector<RunJob> todo;
    std::vector<size_t> where;
    const size_t total = sw.points.size() * static_cast<size_t>(sw.replications);
    for (const auto& p : sw.points)
      for (int r = 0; r < sw.replications; ++r) {
        keys.push_back(RunStore::key(p.scenario, r));
        auto done = store.enabled() ? store.load(keys.back()) : std::nullopt;
        runs.push_back({std::move(done), ""});
        const size_t i = runs.size() - 1;
        // Shard I of N: the I-th of N contiguous chunks of the runs (array tasks cost seconds each: chunk them).
        const bool mine = i * shard_n / total == shard_i || (o->shard.empty());
        if (!runs.back().result && mine && !o->merge) {
          todo.push_back({&p.scenario, r});
          where.push_back(i);
        }
      }
    if (o->merge) {
      size_t missing = 0;
      for (const auto& r : runs)
        missing += !r.result;
      if (missing > 0) {
        std::cerr << "btlinksim sweep: --merge: " << missing << " of " << runs.size()
                  << " runs are not in " << sw.output << ".runs yet; run the missing shards first\n";
        return 1;
      }
    }
    if (!o->quiet && !o->merge && todo.size() < runs.size())
      std::fprintf(stderr, "sweep: %zu of %zu runs already complete (%s.runs), %zu to run\n", runs.size() - todo.size(),
                   runs.size(), sw.output.c_str(), todo.size());
    const ProgressPrinter printer = progress_printer(std::max<size_t>(1, todo.size()), o->quiet);
    size_t unsaved        = 0;
    const auto fresh_runs = run_all(
        todo, o->jobs, printer.progress, o->run_timeout_s,
        [&](size_t i, const RunOutcome& out) {
          if (store.enabled() && out.result && !store.save(keys[where[i]], *out.result))
            ++unsaved;
        },
        printer.waiting, o->progress_every_s);
    for (size_t i = 0; i < fresh_runs.size(); ++i)
      runs[where[i]] = fresh_runs[i];
    if (unsaved > 0)
      std::cerr << "btlinksim sweep: " << unsaved << " results could not be stored in " << sw.output << ".runs\n";
    if (!o->shard.empty()) {  // a shard leaves its runs in the store; --merge writes the file
      size_t failed = 0;
      for (const auto& r : fresh_runs)
        failed += !r.result;
      if (!o->quiet)
        std::printf("shard %s: %zu runs run, %zu failed; results in %s.runs\n", o->shard.c_str(), fresh_runs.size(),
                    failed, sw.output.c_str());
      return failed || unsaved ? 1 : 0;  // an unstored result is lost to the merge: the task must not look done
    }
    size_t failed = 0;
    for (size_t i = 0; i < runs.size(); ++i)
      if (!runs[i].result) {
        ++failed;
        std::cerr << "btlinksim sweep: point " << i / sw.replications << " replication " << i % sw.replications
                  << ": " << runs[i].error << "\n";
      }
    print_results(sw, runs);
    if (!sw.output.empty()) {
      try {
        write_sweep_hdf5(sw.output, sw, runs);
        std::printf("results: %s\n", sw.output.c_str());
      } catch (const std::exception& e) {
        std::cerr << "btlinksim sweep: " << e.what() << "\n";
        return 1;
      }
    }
    if (failed > 0) {
      std::cerr << "btlinksim sweep: " << failed << " of " << runs.size() << " runs failed\n";
      return 1;
    }
    return 0;
}

}  // namespace

namespace {
// The sweep file loaded and its output checked; errors printed (the caller exits 2 without a sweep).
SweepLoad load_checked(const std::string& file, bool strict, bool load_points = true)
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
    if (const std::string why = output_problem(sw); !why.empty()) {
      std::cerr << sw.file << ":" << sw.output_where.line << ":" << sw.output_where.column << ": " << why << "\n";
      L.sweep.reset();
    }
  return L;
}
}  // namespace

Action add_sweep_command(CLI::App& app)
{
  auto o    = std::make_shared<SweepOptions>();
  auto* sub = app.add_subcommand("sweep", "Run a sweep file (scenarios/sweeps/): every design point and replication, "
                                          "forked -j at a time, into one HDF5 file");
  sub->add_option("file", o->file, "sweep YAML file")->required();
  sub->add_option("-j,--jobs", o->jobs, "runs in parallel (default: the cores; results do not depend on it)")
      ->check(CLI::Range(1, 256));
  sub->add_flag("--list", o->list, "print the design points and exit");
  sub->add_flag("--dry-run", o->dry, "check every point's scenario and exit");
  sub->add_flag("--strict", o->strict, "refuse the sweep if any point has a warning (exit 2); by default such points run");
  sub->add_flag("-q,--quiet", o->quiet, "no progress on stderr");
  sub->add_option("--progress-every", o->progress_every_s,
                  "on a terminal, seconds between updates of the progress line while runs are in flight (default 1)")
      ->check(CLI::Range(0.05, 3600.0));
  sub->add_option("--run-timeout", o->run_timeout_s, "a run still going after this many seconds is killed and recorded as failed")
      ->check(CLI::PositiveNumber);
  sub->add_flag("--fresh", o->fresh, "forget the runs a previous sweep completed (OUTPUT.runs) and run everything");
  sub->add_option("--shard", o->shard, "I/N: run only the I-th of N chunks of the runs, into OUTPUT.runs (cluster array tasks)");
  sub->add_flag("--merge", o->merge, "run nothing: write OUTPUT from OUTPUT.runs once every shard is done");
  sub->add_flag("--slurm", o->slurm, "write a Slurm job array (a shard per task) and its merge job in OUTPUT.slurm/");
  auto& c = o->cluster;
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
    SweepLoad L = load_checked(o->file, o->strict, !o->list || o->dry || o->strict);  // --list: the values alone
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
      return write_slurm(*o, sw, n > 0 ? std::string(exe, static_cast<size_t>(n)) : "btlinksim");
    }
    MpiSession mpi;
    if (mpi.launched_without_support()) {
      std::cerr << "btlinksim sweep: started by mpirun, but this btlinksim was built without MPI; install "
                   "libopenmpi-dev and rebuild (bash .ci/setup)\n";
      return 2;
    }
    if (mpi.size() > 1) {
      // Each rank runs its chunk into the run store (every rank forks its own runs); rank 0 then writes the file.
      if (sw.output.empty()) {
        std::cerr << "btlinksim sweep: under mpirun the sweep needs an output\n";
        return 2;
      }
      if (mpi.rank() == 0 && o->fresh)
        RunStore(sw.output).prepare(true);
      mpi.barrier();
      SweepOptions part = *o;
      part.fresh        = false;
      part.quiet        = true;
      part.shard        = std::to_string(mpi.rank()) + "/" + std::to_string(mpi.size());
      const int rc      = execute(part, sw);
      mpi.barrier();
      if (mpi.rank() != 0)
        return rc;
      SweepOptions merge = *o;
      merge.merge        = true;
      return std::max(rc, execute(merge, sw));
    }
    return execute(*o, sw);
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
  sub->add_flag("-q,--quiet", o->quiet, "no table on stdout");
  o->merge = true;
  return [sub, o]() -> int {
    if (!sub->parsed())
      return -1;
    SweepLoad L = load_checked(o->file, false);
    if (!L.sweep)
      return 2;
    return execute(*o, *L.sweep);
  };
}

}  // namespace btlinksim::cli
