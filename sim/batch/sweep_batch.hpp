// Batch work on a sweep, between the CLI (which parses and calls) and the engine (which runs): the runs of a
// sweep -- here, as a shard into the run store (sim/batch/run_store.hpp), across MPI ranks, or as a Slurm job
// array (sim/batch/slurm.hpp) -- and the merge of the stored runs into the sweep's one result file.
#pragma once

#include "sim/batch/slurm.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/sweep.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace btlinksim {

struct SweepBatchOptions {
  int jobs              = 1;
  bool quiet            = false;
  double run_timeout_s  = 0;  // a run still going after this long is killed and recorded as failed (0: never)
  double progress_every_s = 1;
  bool fresh            = false;  // forget the stored runs
  std::string shard;              // "I/N": run only chunk I (0-based) of N, into the run store
  bool merge            = false;  // run nothing: write the file from the run store
  SlurmOptions cluster;           // write_sweep_slurm
};

// What the batch tells its caller: the progress of the runs about to run, then every outcome (a table).
struct SweepReport {
  std::function<std::pair<Progress, Waiting>(size_t runs)> progress;
  std::function<void(const Sweep&, const std::vector<RunOutcome>&)> results;
};

// "" or why the sweep's output cannot be written: it is an input, a directory, a file btlinksim did not write,
// or in a directory that cannot be written; unless `force`, the result of another sweep file.
std::string sweep_output_problem(const Sweep& sw, bool force);
// "I/N" with 0 <= I < N.
bool parse_shard(const std::string& text, size_t& i, size_t& n);
// The sweep here (as its shard, or its merge), or under mpirun each rank a shard and rank 0 the merge. Messages
// on stderr; returns the exit status (2: bad options, 1: a run or the file failed).
int run_sweep_batch(const SweepBatchOptions& o, const Sweep& sw, const SweepReport& report);
// --slurm: the job files in OUTPUT.slurm/, then whether they can be submitted from here (exit status).
int write_sweep_slurm(const SweepBatchOptions& o, const Sweep& sw, const std::string& exe);

}  // namespace btlinksim
