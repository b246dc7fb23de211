// Statistics helpers: running moments, a log-binned histogram for quantiles in flat memory, Student-t intervals.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <vector>

namespace btlinksim {

class RunningStats {
public:
  void add(double x)  // inline: once per frame received
  {
    if (n_ == 0)
      min_ = max_ = x;
    min_ = x < min_ ? x : min_;
    max_ = x > max_ ? x : max_;
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(static_cast<std::int64_t>(n_));  // (a signed conversion: one instruction)
    m2_ += d * (x - mean_);
  }
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
  void add(double x)  // inline: once per frame received
  {
    // Count, min, max and a sum of deviations from the first value (mean = first + sum / n): no division per value,
    // so consecutive adds do not wait on one another as Welford's running mean does (its division was most of the
    // time a frame took in a 100-speaker chain).
    if (n_ == 0)
      first_ = min_ = max_ = x;
    min_ = x < min_ ? x : min_;
    max_ = x > max_ ? x : max_;
    ++n_;
    sum_dev_ += x - first_;
    const std::size_t b = bin_of(x);
    if (b - base_ < window_.size())  // (b < base_ wraps to a large number)
      ++window_[b - base_];
    else
      grow_to(b);
  }
  std::uint64_t count() const { return n_; }
  // Quantile q in [0, 1], interpolated geometrically inside the bin; exact min/max at q = 0 / 1.
  double quantile(double q) const;
  double min() const { return min_; }
  double max() const { return max_; }
  double mean() const { return n_ ? first_ + sum_dev_ / static_cast<double>(static_cast<std::int64_t>(n_)) : 0.0; }

private:
  std::size_t bin_of(double x) const
  {
    if (x < lo_)
      return 0;
    const auto& e          = *edges_;
    const std::size_t last = e.size();  // bins 1 .. last
    // A first guess from the binary exponent and a table of log2 over the mantissa's top 10 bits (within 0.1
    // of a bin at 200 per decade), then the edges decide exactly.
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const double l2 =
        static_cast<double>(static_cast<int>((bits >> 52) & 0x7ff) - 1023) + (*log2_mantissa_)[(bits >> 42) & 0x3ff];
    const double g = (l2 - log2_lo_) * bins_per_octave_;
    std::size_t b  = g < 0 ? 1 : static_cast<std::size_t>(static_cast<std::int64_t>(g)) + 1;
    b              = b < last ? b : last;
    while (b < last && e[b] <= x)
      ++b;
    while (b > 1 && e[b - 1] > x)
      --b;
    return b;
  }
  const std::array<double, 1024>* log2_mantissa_ = nullptr;
  double lo_, log_lo_, bins_per_decade_;
  std::size_t nbins_;  // bins 0 (underflow) .. nbins_ - 1 (overflow)
  // Counts of bins base_ .. base_ + window_.size() - 1, the span values fell in so far (a sink's latencies cover
  // a few dozen of the 1,802 bins: a 1,000-speaker run keeps 1,000 small windows instead of 14 MB of counts).
  std::vector<std::uint64_t> window_;
  std::size_t base_ = 0;
  void grow_to(std::size_t b);  // a value in bin b outside the window: widen it and count the value
  std::uint64_t n_ = 0;                      // exact count, min, max; the mean to rounding
  double first_ = 0, sum_dev_ = 0, min_ = 0, max_ = 0;
  // Lower edges of bins 1 .. last: bin i holds [10^(log10 lo + (i-1)/bpd), 10^(log10 lo + i/bpd)) (computed once
  // per (lo, hi, bins) and shared); a value is binned by comparisons with them, from a guess by log2.
  const std::vector<double>* edges_ = nullptr;
  double log2_lo_ = 0, bins_per_octave_ = 0;
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
