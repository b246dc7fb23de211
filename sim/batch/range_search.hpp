// The simulated range of a speaker (issue 5; `btlinksim range SCENARIO --vary DEVICE`, and `optimise`'s metric
// range): the device is moved along the line from an anchor (by default the device it receives from) through its
// position; for each replication the largest distance at which the criterion holds is found by bisection (common
// random numbers: the same replication's streams at every distance), and the per-replication ranges give a mean
// with a 95 % t-interval.
#pragma once

#include "models/radio/link_criterion.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace btlinksim {

struct ScenarioRangeOptions {
  std::vector<std::string> files;
  std::string vary, from;           // from: anchor device ("" = the device feeding `vary`)
  double min_m = 0.5, max_m = 100, tolerance_m = 0.25;
  double max_dropouts_per_min = 1.0;
  bool keep_link   = false;         // criterion: no supervision disconnect of the varied device's link
  int replications = 0;             // 0: the scenario's own
  int first_replication = 0;        // simulated_range: replications first_replication .. the scenario's - 1
  // simulated_range: how its runs are made (default: run_jobs with `jobs`); distances[i] is where jobs[i] puts
  // the speaker. Throws RunFailure like run_jobs. `optimise` keeps them in its run store this way.
  std::function<std::vector<RunResult>(const std::vector<RunJob>& jobs, const std::vector<double>& distances)> runner;
  int jobs         = 1;
  bool json        = false;
};

struct ScenarioRange {
  std::string file, title, topology, vary, from;
  std::vector<double> per_replication_m;
  int below_min = 0, at_least_max = 0, evaluations = 0;
  double budget_m = 0;  // link-budget range along the line by the link criterion (median power = required power)
  LinkBudgetTable budget;           // the budget behind budget_m (no fade margin)
  double budget_walls_db = 0;       // walls and floors on the line at budget_m (part of its path loss)
  std::vector<std::string> why;     // what makes the simulated range differ from the budget
};

// Place `device` at distance d from `anchor` along the anchor->device direction (+x if they coincide).
void place_at_distance(Scenario& s, int device, int anchor, double d);
// The device feeding `device` on the topology (relay: the previous in the chain; otherwise the source).
int feeding_device(const Scenario& s, int device);

// The range per replication (lockstep bisection: every replication keeps its own bisection and each round runs
// all their pending distances in parallel, -j; a replication's streams are the same at every distance: common
// random numbers). Throws RunFailure.
ScenarioRange simulated_range(const ScenarioRangeOptions& o, const Scenario& base);

}  // namespace btlinksim
