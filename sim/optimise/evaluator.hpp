// One evaluation of `btlinksim optimise`: a design (the base with the variables' values) made, loaded and run
// through the runner (its runs from and into the run store), then its metrics' intervals and constraints decided,
// with more replications while a constraint's interval straddles its limit. Part of sim/optimise/optimiser.cpp.
#pragma once

#include "sim/batch/run_store.hpp"
#include "sim/engine/runner.hpp"
#include "sim/optimise/optimiser.hpp"

#include <map>
#include <string>
#include <vector>

namespace btlinksim {

class Evaluator {
public:
  Evaluator(const Optimisation& o, const OptimiseOptions& opt, OptimiseResult& res, const EvaluationReport& report)
      : o_(o), opt_(opt), res_(res), report_(report), store_(opt.store.empty() ? o.output : opt.store)
  {
    if (store_.enabled())
      store_.prepare(opt.fresh);
  }
  // The evaluation of a design (the same design twice is evaluated once).
  const Evaluation& evaluate(size_t combo, const std::vector<double>& x);

private:
  const Optimisation& o_;
  const OptimiseOptions& opt_;
  OptimiseResult& res_;
  const EvaluationReport& report_;
  RunStore store_;
  std::map<std::string, size_t> memo_;  // design text -> evaluation

  // Runs from the store, or run -j at a time and each stored as it ends; "" or the first failure.
  std::string run_keyed(const std::vector<RunJob>& jobs, const std::vector<std::string>& keys, std::vector<RunResult>& results);
  // Replications [from, to) of the design into results[from, to).
  std::string run(const Scenario& s, int from, int to, std::vector<RunResult>& results);
  std::string measure(Evaluation& e, const Scenario& s, int from, int to, std::vector<RunResult>& results,
                      std::map<std::string, std::vector<double>>& ranges);
  Interval interval(const OptMetric& m, const Evaluation& e, const std::vector<RunResult>& results,
                    const std::map<std::string, std::vector<double>>& ranges, int& missing) const;
  void judge(Evaluation& e, const std::vector<RunResult>& results, const std::map<std::string, std::vector<double>>& ranges);
};

}  // namespace btlinksim
