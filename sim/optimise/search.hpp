// The continuous search of an optimisation: NLopt's derivative-free methods on variables scaled to [0, 1]
// (docs/optimise.md says why COBYLA by default; docs/references.md [nlopt], [powell-cobyla], [powell-bobyqa]).
// No engine here: the function it minimises is given, so the search is tested on functions whose optimum is
// known by hand (tests/sim/test_optimise.cpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace btlinksim {

struct SearchProblem {
  std::vector<double> x0;     // the start, each in [0, 1]
  int constraints = 0;        // g(x) <= 0 each (cobyla only)
  std::string method = "cobyla";  // cobyla | bobyqa
  double xtol         = 1e-3;  // stop when a step moves every variable by less than this (absolute, on [0, 1])
  int max_evaluations = 200;
  double initial_step = 0.25;
};

// Returns the objective to minimise at x and sets g (size constraints) to each constraint's value (<= 0: met).
using SearchFunction = std::function<double(const std::vector<double>& x, std::vector<double>& g)>;

struct SearchOutcome {
  std::vector<double> x;  // where the method stopped (its own best; the caller keeps its own record too)
  double f        = 0;
  int evaluations = 0;
  std::string stop;  // why it stopped, in words
};

SearchOutcome minimise(const SearchProblem& p, const SearchFunction& f);

}  // namespace btlinksim
