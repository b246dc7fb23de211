// Runs the replications of a scenario, one forked child process per replication (one SimGrid engine per
// process), up to `jobs` at a time. Each child sends its results back on a pipe; the parent writes the files.
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace btlinksim {

struct RunFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Results in replication order (deterministic whatever `jobs` is). Throws RunFailure if a run fails.
std::vector<RunResult> run_replications(const Scenario& s, int jobs);

// Any set of runs (scenario variant, replication), up to `jobs` forked at a time; results in the order given.
struct RunJob {
  const Scenario* scenario;
  int replication;
};
std::vector<RunResult> run_jobs(const std::vector<RunJob>& runs, int jobs);

// Every run, whatever fails: each outcome (sim/output/results.hpp) holds the result or the failure's message. The
// progress callback, if any, hears (runs done, runs failed) after each run.
using Progress = std::function<void(size_t done, size_t failed)>;
// Called in run order as each run's outcome is known (e.g. to store it at once).
using Done = std::function<void(size_t index, const RunOutcome& outcome)>;
// A run in flight: its index in the runs given and its simulated clock (sim_progress.hpp).
struct InFlight {
  size_t index;
  double now_s, end_s;
};
// Called about every waiting_every_s while runs are in flight: (runs done, runs failed, the runs in flight).
using Waiting = std::function<void(size_t done, size_t failed, const std::vector<InFlight>& in_flight)>;
// timeout_s > 0: a run still going after that long is killed and recorded as failed.
std::vector<RunOutcome> run_all(const std::vector<RunJob>& runs, int jobs, const Progress& progress = {},
                                double timeout_s = 0, const Done& done = {}, const Waiting& waiting = {},
                                double waiting_every_s = 1.0);
// run_replications telling `waiting` where the replications in flight are in simulated time; a replication
// still going after timeout_s (> 0) of wall time is killed and fails the lot.
std::vector<RunResult> run_replications(const Scenario& s, int jobs, const Waiting& waiting, double waiting_every_s,
                                        double timeout_s = 0);

}  // namespace btlinksim
