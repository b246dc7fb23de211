// Statistics helpers: running moments, a log-binned histogram for quantiles in flat memory, Student-t intervals.
#pragma once

#include <cstdint>
#include <vector>

namespace btlinksim {

class RunningStats {
public:
  void add(double x);
  std::uint64_t count() const { return n_; }
  double mean() const { return n_ ? mean_ : 0.0; }
  double variance() const { return n_ > 1 ? m2_ / (n_ - 1) : 0.0; }  // sample variance
  double min() const { return min_; }
  double max() const { return max_; }

private:
  std::uint64_t n_ = 0;
  double mean_ = 0, m2_ = 0, min_ = 0, max_ = 0;  // Welford
};

// Histogram with logarithmic bins from lo to hi (bins_per_decade per decade), plus under/overflow, for
// quantiles of positive quantities (latencies) with bounded relative error (10^(1/bpd) - 1) and flat memory.
class LogHistogram {
public:
  LogHistogram(double lo = 1e-6, double hi = 1e3, int bins_per_decade = 200);
  void add(double x);
  std::uint64_t count() const { return moments_.count(); }
  // Quantile q in [0, 1], interpolated geometrically inside the bin; exact min/max at q = 0 / 1.
  double quantile(double q) const;
  double min() const { return moments_.min(); }
  double max() const { return moments_.max(); }
  double mean() const { return moments_.mean(); }

private:
  double lo_, log_lo_, bins_per_decade_;
  std::vector<std::uint64_t> counts_;  // [0] underflow, [last] overflow
  RunningStats moments_;               // exact count, mean, min, max
};

// Two-sided Student-t quantile t_{1 - alpha/2, dof} for alpha = 0.05 (95 % intervals).
double student_t_975(int dof);

struct Interval {
  double mean = 0, half_width = 0;
  int n = 0;
};
// Mean and 95 % Student-t half-width of per-replication values (half-width 0 when n < 2).
Interval mean_ci95(const std::vector<double>& values);

}  // namespace btlinksim
