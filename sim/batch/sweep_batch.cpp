#include "sim/batch/sweep_batch.hpp"

#include "sim/batch/mpi_session.hpp"
#include "sim/batch/run_store.hpp"
#include "sim/output/output_guard.hpp"
#include "sim/output/output_lock.hpp"
#include "sim/output/sweep_writer.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace btlinksim {

std::string sweep_output_problem(const Sweep& sw, bool force)
{
  return batch_output_problem(sw.output, {sw.file, sw.base_file}, "sweep", force);
}

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

int write_sweep_slurm(const SweepBatchOptions& o, const Sweep& sw, const std::string& exe)
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

namespace {
// The output's locks: one command at a time on an output (its shards together, each shard once); the second
// exits 2 naming the holder.
struct SweepLocks {
  std::optional<OutputLock> output, shard;
};
std::optional<SweepLocks> lock_output(const SweepBatchOptions& o, const Sweep& sw, size_t shard_i, size_t shard_n)
{
  SweepLocks locks;
  if (sw.output.empty())
    return locks;
  std::string holder, error;
  const bool shard = !o.shard.empty() && !o.merge;
  locks.output = OutputLock::acquire(sw.output, shard ? OutputLock::Mode::shared : OutputLock::Mode::exclusive, holder, error);
  if (locks.output && shard)
    locks.shard = OutputLock::acquire(sw.output, OutputLock::Mode::exclusive, holder, error,
                                      ".shard-" + std::to_string(shard_i) + "-of-" + std::to_string(shard_n) + ".lock");
  if (!locks.output || (shard && !locks.shard)) {
    std::cerr << "btlinksim sweep: " << (shard ? "shard " + o.shard + " of " : std::string())
              << OutputLock::refusal(sw.output, holder, error) << "\n";
    return std::nullopt;
  }
  return locks;
}

// Every (point, replication) of the sweep: those a previous run of the command completed come from the store;
// this process runs the others of its shard (none when it merges).
struct SweepPlan {
  std::vector<RunOutcome> runs;
  std::vector<std::string> keys;  // each run's key in the store
  std::vector<RunJob> todo;
  std::vector<size_t> where;  // todo[k] is run where[k]
};
SweepPlan plan_runs(const SweepBatchOptions& o, const Sweep& sw, const RunStore& store, size_t shard_i, size_t shard_n)
{
  SweepPlan plan;
  const size_t total = sw.points.size() * static_cast<size_t>(sw.replications);
  for (const auto& p : sw.points)
    for (int r = 0; r < sw.replications; ++r) {
      plan.keys.push_back(RunStore::key(p.scenario, r));
      auto done = store.enabled() ? store.load(plan.keys.back()) : std::nullopt;
      plan.runs.push_back({std::move(done), ""});
      const size_t i = plan.runs.size() - 1;
      // Shard I of N: the I-th of N contiguous chunks of the runs (array tasks cost seconds each: chunk them).
      const bool mine = o.shard.empty() || i * shard_n / total == shard_i;
      if (!plan.runs.back().result && mine && !o.merge) {
        plan.todo.push_back({&p.scenario, r});
        plan.where.push_back(i);
      }
    }
  return plan;
}

// Runs the plan's runs (each stored as it ends); returns how many could not be stored.
size_t run_plan(const SweepBatchOptions& o, const RunStore& store, const SweepReport& report, SweepPlan& plan,
                std::vector<RunOutcome>& fresh)
{
  std::pair<Progress, Waiting> printer;
  if (!o.quiet && report.progress)
    printer = report.progress(std::max<size_t>(1, plan.todo.size()));
  size_t unsaved = 0;
  fresh          = run_all(
      plan.todo, o.jobs, printer.first, o.run_timeout_s,
      [&](size_t i, const RunOutcome& out) {
        if (store.enabled() && out.result && !store.save(plan.keys[plan.where[i]], *out.result))
          ++unsaved;
      },
      printer.second, o.progress_every_s);
  for (size_t i = 0; i < fresh.size(); ++i)
    plan.runs[plan.where[i]] = fresh[i];
  return unsaved;
}

// Every run is here: the failures named, the table, the result file.
int finish(const Sweep& sw, const std::vector<RunOutcome>& runs, const SweepReport& report)
{
  size_t failed = 0;
  for (size_t i = 0; i < runs.size(); ++i)
    if (!runs[i].result) {
      ++failed;
      std::cerr << "btlinksim sweep: point " << i / sw.replications << " replication " << i % sw.replications
                << ": " << runs[i].error << "\n";
    }
  if (report.results)
    report.results(sw, runs);
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

// The runs of this process: a whole sweep, a shard into the store, or a merge of the store into the file.
int run_here(const SweepBatchOptions& o, const Sweep& sw, const SweepReport& report)
{
  size_t shard_i = 0, shard_n = 1;
  if (!o.shard.empty() && (!parse_shard(o.shard, shard_i, shard_n) || sw.output.empty())) {
    std::cerr << "btlinksim sweep: --shard takes I/N with 0 <= I < N (e.g. 0/4) and a sweep with an output\n";
    return 2;
  }
  if (o.merge && sw.output.empty()) {
    std::cerr << "btlinksim sweep: --merge needs a sweep with an output (its runs are kept in OUTPUT.runs)\n";
    return 2;
  }
  if (std::error_code ec; o.merge && !std::filesystem::is_directory(sw.output + ".runs", ec)) {  // made nothing before
    std::cerr << "btlinksim merge: nothing to merge: " << sw.output << ".runs does not exist; run the sweep's shards "
                 "first (btlinksim sweep " << sw.file << " --shard I/N)\n";
    return 1;
  }
  const auto locks = lock_output(o, sw, shard_i, shard_n);
  if (!locks)
    return 2;
  RunStore store(sw.output);
  if (store.enabled())
    store.prepare(o.fresh);
  SweepPlan plan = plan_runs(o, sw, store, shard_i, shard_n);
  const size_t total = plan.runs.size(), todo = plan.todo.size();
  if (o.merge) {
    size_t missing = 0;
    for (const auto& r : plan.runs)
      missing += !r.result;
    if (missing > 0) {
      std::cerr << "btlinksim sweep: --merge: " << missing << " of " << total << " runs are not in " << sw.output
                << ".runs yet; run the missing shards first\n";
      return 1;
    }
  }
  if (!o.quiet && !o.merge && todo < total)
    std::fprintf(stderr, "sweep: %zu of %zu runs already complete (%s.runs), %zu to run\n", total - todo, total,
                 sw.output.c_str(), todo);
  std::vector<RunOutcome> fresh;
  const size_t unsaved = run_plan(o, store, report, plan, fresh);
  if (unsaved > 0)
    std::cerr << "btlinksim sweep: " << unsaved << " results could not be stored in " << sw.output << ".runs\n";
  if (!o.shard.empty()) {  // a shard leaves its runs in the store; --merge writes the file
    size_t failed = 0;
    for (const auto& r : fresh)
      failed += !r.result;
    if (!o.quiet)
      std::printf("shard %s: %zu runs run, %zu failed; results in %s.runs\n", o.shard.c_str(), fresh.size(), failed,
                  sw.output.c_str());
    return failed || unsaved ? 1 : 0;  // an unstored result is lost to the merge: the task must not look done
  }
  return finish(sw, plan.runs, report);
}

}  // namespace

int run_sweep_batch(const SweepBatchOptions& o, const Sweep& sw, const SweepReport& report)
{
  MpiSession mpi;
  if (mpi.launched_without_support()) {
    std::cerr << "btlinksim sweep: started by mpirun, but this btlinksim was built without MPI; install "
                 "libopenmpi-dev and rebuild (bash .ci/setup)\n";
    return 2;
  }
  if (mpi.size() > 1 && !o.merge) {
    // Each rank runs its chunk into the run store (every rank forks its own runs); rank 0 then writes the file.
    if (sw.output.empty()) {
      std::cerr << "btlinksim sweep: under mpirun the sweep needs an output\n";
      return 2;
    }
    if (mpi.rank() == 0 && o.fresh)
      RunStore(sw.output).prepare(true);
    mpi.barrier();
    SweepBatchOptions part = o;
    part.fresh             = false;
    part.quiet             = true;
    part.shard             = std::to_string(mpi.rank()) + "/" + std::to_string(mpi.size());
    const int rc           = run_here(part, sw, report);
    mpi.barrier();
    if (mpi.rank() != 0)
      return rc;
    SweepBatchOptions merge = o;
    merge.merge             = true;
    return std::max(rc, run_here(merge, sw, report));
  }
  return run_here(o, sw, report);
}

}  // namespace btlinksim
