// `btlinksim optimise`: the best design of an optimisation file. Every evaluation is a design (the base with the
// variables' values) run through the runner: its replications forked -j at a time with the seed of the file, so
// every evaluation sees the same random streams (common random numbers) and noise does not steer the search.
// Each run is kept in OUTPUT.runs as it ends (sim/batch/run_store.hpp): after a kill the same command replays the
// search from the stored runs (NLopt's methods are deterministic) and goes on where it stopped.
//
// Per combination of the discrete variables the continuous ones are searched (sim/optimise/search.hpp). A
// constraint is decided on its 95 % bound (at_most: mean + half-width; at_least: mean - half-width); while the
// interval straddles the limit the evaluation gets more replications (doubling, up to max_replications).
#pragma once

#include "models/core/stats.hpp"
#include "sim/optimise/optimise_file.hpp"

#include <functional>
#include <string>
#include <vector>

namespace btlinksim {

enum class ConstraintStatus { met = 0, violated = 1, undecided = 2 };

struct Evaluation {
  size_t index = 0, combination = 0;
  std::vector<double> x;  // the continuous values, in each variable's file unit (a region: x then y, in m)
  std::string text;       // the design's scenario
  std::string error;      // the design could not be loaded or run (infeasible)
  int replications = 0;
  Interval objective, second;  // second: the Pareto front's other objective
  std::vector<Interval> constraint_values;
  std::vector<ConstraintStatus> status;
  double region_distance_m = 0;  // largest signed distance to a region (> 0: outside)
  bool feasible            = false;
  int missing              = 0;  // replications in which a metric had no value (a sink that never played)
};

struct OptimiseOptions {
  int jobs       = 1;
  bool fresh     = false;  // forget the stored runs
  double run_timeout_s = 0;
  // Search only these combinations (empty: every one): an MPI rank's share, its runs left in the store.
  std::vector<size_t> only_combinations;
  // The run store's file name (OUTPUT of OUTPUT.runs) when it is not the optimisation's output: a temporary one.
  std::string store;
  // With -j N > 1 and several combinations, up to N processes search the combinations side by side (each with
  // its share of the slots) into the run store; this process then replays every search from it. Off for a part.
  bool split_combinations = true;
};

struct CombinationResult {
  size_t combination = 0;
  int best           = -1;  // evaluation index of the best feasible design of the combination (-1: none)
  int evaluations    = 0;
  std::string stop;
};

struct OptimiseResult {
  std::vector<Evaluation> evaluations;
  std::vector<CombinationResult> combinations;
  int best = -1;               // the best feasible evaluation overall (-1: none is feasible)
  std::vector<size_t> front;   // pareto: the non-dominated feasible evaluations, by the first objective
  std::vector<std::string> active;  // what limits the best design: constraints, bounds, regions at their edge
  double wall_s = 0, engine_s = 0;  // wall time of the optimisation; the runs' own engine time
  double design_s = 0;              // making and loading the designs' scenarios (in the parent)
  size_t runs   = 0, stored_runs = 0;
  int processes = 1;  // processes that searched the combinations side by side
};

// Told after each evaluation: the evaluation and the best so far (nullptr if none is feasible yet).
using EvaluationReport = std::function<void(const Evaluation&, const Evaluation* best)>;

// Runs the optimisation. Throws RunFailure when the runs cannot be made (a fork fails).
OptimiseResult optimise(const Optimisation& o, const OptimiseOptions& opt, const EvaluationReport& report = {});

// Whether a is better than b on objective ob (by the mean).
bool better(const OptObjective& ob, const Interval& a, const Interval& b);
// The decision of a constraint from its interval.
ConstraintStatus decide(const OptConstraint& c, const Interval& v);
// The non-dominated points (both objectives by their mean, each in its direction), as indices into the input.
std::vector<size_t> pareto_front(const OptObjective& a, const OptObjective& b, const std::vector<Interval>& first,
                                 const std::vector<Interval>& second);

}  // namespace btlinksim
