// The answer of an optimisation as people read it -- the best design with its metrics, intervals and decisions,
// what limits it, the best of each combination, the Pareto front -- from the optimisation just run or from its
// result file (`btlinksim summary FILE`): one view, one printer.
#pragma once

#include "models/core/stats.hpp"
#include "sim/optimise/optimiser.hpp"

#include <H5Cpp.h>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace btlinksim::cli {

struct AnswerMetric {
  std::string label, unit;
  bool maximise = false, at_most = true;
  std::string limit_text;
};

struct AnswerRow {
  std::vector<std::pair<std::string, std::string>> variables;  // (path, value as shown)
  Interval objective, second;
  std::vector<Interval> constraints;
  std::vector<int> status;  // ConstraintStatus
};

struct OptimiseAnswer {
  std::string title;
  size_t evaluations = 0, runs = 0, stored_runs = 0;
  double wall_s = -1;  // < 0: not known (read from a file)
  AnswerMetric objective;
  std::optional<AnswerMetric> second;
  std::vector<AnswerMetric> constraints;
  std::map<size_t, AnswerRow> rows;  // the evaluations the answer shows
  int best = -1;
  std::vector<std::string> active;
  struct Combination {
    std::string values, stop;
    int best = -1, evaluations = 0;
  };
  std::vector<Combination> combinations;
  std::vector<size_t> front;
  // Over every design evaluated, per constraint: met, violated, undecided, and (of the violated) without a value.
  std::vector<std::array<int, 4>> constraint_counts;
  int failed = 0;            // designs that could not be loaded or run
  std::string first_error;   // the first of their errors
};

// A metric's value as people read it: seconds in ms, everything else in its declared unit.
std::string shown(double v, const std::string& unit);
OptimiseAnswer answer_of(const Optimisation& o, const OptimiseResult& r);
// Throws H5::Exception or std::runtime_error if the file is not a complete optimisation result.
OptimiseAnswer answer_of_file(const H5::H5File& f);
void print_answer(const OptimiseAnswer& a);

}  // namespace btlinksim::cli
