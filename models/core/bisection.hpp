// Bisection for the largest x in [lo, hi] at which a criterion holds, for a criterion that holds up to some
// point and fails beyond it (state + step, so a caller can evaluate the points of many bisections together).
// The two ends are asked first; if the criterion fails at lo the answer is lo (below_lo); if it holds at hi the
// answer is hi (at_least_hi: censored by the interval); otherwise the bracket is halved while hi - lo > tolerance,
// ceil(log2((hi - lo) / tolerance)) more points, and the answer is the last lo.
#pragma once

#include <vector>

namespace btlinksim {

class Bisection {
public:
  Bisection(double lo, double hi, double tolerance) : lo_(lo), hi_(hi), tol_(tolerance) {}
  // The points to evaluate now: {lo, hi} first, then one midpoint at a time; empty when done.
  std::vector<double> pending() const;
  // The criterion's answers for pending(), in its order.
  void record(const std::vector<bool>& holds);
  bool done() const { return pending().empty(); }
  double value() const { return lo_; }  // the answer once done
  bool below_lo() const { return below_lo_; }
  bool at_least_hi() const { return at_least_hi_; }
  int evaluations() const { return evaluations_; }

private:
  double lo_, hi_, tol_;
  bool ends_done_ = false, below_lo_ = false, at_least_hi_ = false;
  int evaluations_ = 0;
};

}  // namespace btlinksim
