// A sweep as a Slurm job array (`btlinksim sweep FILE --slurm`): OUTPUT.slurm/ holds array.sbatch (task I runs
// shard I/N into OUTPUT.runs), merge.sbatch (the result file, once every task succeeded) and submit.sh (both).
// The first piece of batch work in its own room (sim/batch/, issue 24): the CLI parses and calls.
#pragma once

#include <cstddef>
#include <string>

namespace btlinksim {

struct SlurmOptions {
  int tasks = 0;            // array tasks (0: one per 25 runs, at least 1)
  std::string partition;    // #SBATCH --partition
  std::string time_limit;   // #SBATCH --time (Slurm's forms: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S)
  std::string account;      // #SBATCH --account
  std::string memory;       // #SBATCH --mem (a number with K, M, G or T)
  int max_running = 0;      // the array's throttle (--array=0-N%M); 0: Slurm's own limit
};

// What is wrong with the options ("" if nothing): a value Slurm would refuse, or one that would break the job
// file (a space or newline in a partition or account name).
std::string slurm_options_problem(const SlurmOptions& o);

// Writes OUTPUT.slurm/ for `runs` runs of the sweep file; returns the number of array tasks, or 0 with `error`.
std::size_t write_slurm_jobs(const SlurmOptions& o, const std::string& sweep_file, const std::string& output,
                             std::size_t runs, const std::string& exe, std::string& error);

// Why the jobs cannot be submitted from this machine ("" if they can): no sbatch on the PATH, or a controller
// that does not answer `scontrol ping` within 10 s (its own words).
std::string slurm_unreachable();

}  // namespace btlinksim
