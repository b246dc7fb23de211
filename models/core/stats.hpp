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

// What a quantile of a LogHistogram reads: its binning, count, min, max and the window of counts. A run's result
// keeps this much of each sink's latencies (a few bins), and the latency CDF is computed from it when the file is
// written rather than 103 values per sink in the run (docs/performance.md).
struct HistogramCounts {
  double log_lo = 0, bins_per_decade = 0;  // bin i = 1 .. nbins - 2 holds [10^(log_lo + (i-1)/bpd), 10^(log_lo + i/bpd))
  std::size_t nbins = 0;                   // bins 0 (underflow) .. nbins - 1 (overflow)
  std::size_t base = 0;                    // the bin of window[0]
  const std::uint64_t* window = nullptr;   // counts of bins base .. base + size - 1 (not owned)
  std::size_t size = 0;
  std::uint64_t n = 0;  // the sum of the window
  double min = 0, max = 0;
  // Quantile q in [0, 1], interpolated geometrically inside the bin; exact min/max at q = 0 / 1 (0 when n = 0).
  double quantile(double q) const;
};

// Histogram with logarithmic bins from lo to hi (bins_per_decade per decade), plus under/overflow, for
// quantiles of positive quantities (latencies) with bounded relative error (10^(1/bpd) - 1) and flat memory.
class alignas(64) LogHistogram {  // 128 bytes: two cache lines (a sink's latencies get one value per frame)
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
  // The same as add(value_of(0)), ..., add(value_of(n - 1)) (bit for bit), with the running state in registers:
  // inside add, every count's store might alias it, so each value reloads and stores it (a packet's frames).
  template <class F>
  void add_each(int n, F value_of)
  {
    if (n <= 0)
      return;
    if (n_ == 0)
      first_ = min_ = max_ = value_of(0);
    const double first = first_;
    double mn = min_, mx = max_, sum = sum_dev_;
    std::uint64_t* w   = window_.data();
    std::size_t base   = base_, size = window_.size();
    for (int i = 0; i < n; ++i) {
      const double x = value_of(i);
      mn             = x < mn ? x : mn;
      mx             = x > mx ? x : mx;
      sum += x - first;
      const std::size_t b = bin_of(x);
      if (b - base < size) {
        ++w[b - base];
      } else {
        grow_to(b);
        w    = window_.data();
        base = base_;
        size = window_.size();
      }
    }
    n_ += static_cast<std::uint64_t>(n);
    min_     = mn;
    max_     = mx;
    sum_dev_ = sum;
  }
  // n copies of x: the same counts, minimum and maximum as n adds (the mean's sum by one multiplication).
  void add_n(double x, std::uint64_t n)
  {
    if (n == 0)
      return;
    add(x);
    if (--n == 0)
      return;
    n_ += n;
    sum_dev_ += static_cast<double>(n) * (x - first_);
    window_[bin_of(x) - base_] += n;  // add(x) made room for x's bin
  }
  std::uint64_t count() const { return n_; }
  // Quantile q in [0, 1], interpolated geometrically inside the bin; exact min/max at q = 0 / 1.
  double quantile(double q) const { return counts().quantile(q); }
  // What the quantiles read; valid until the next add.
  HistogramCounts counts() const
  {
    return {log_lo_, bins_per_decade_, nbins_, base_, window_.data(), window_.size(), n_, min_, max_};
  }
  double min() const { return min_; }
  double max() const { return max_; }
  double mean() const { return n_ ? first_ + sum_dev_ / static_cast<double>(static_cast<std::int64_t>(n_)) : 0.0; }

private:
  std::size_t bin_of(double x) const
  {
    if (x < lo_)
      return 0;
    // The value's top bits (exponent and 10 bits of mantissa: a bucket 1/1024 of an octave wide) index the bin of
    // the bucket's lowest value; the edges then move it up to x's own (at most one edge lies in a bucket at 200
    // bins per decade; the sentinel edge +inf ends the walk at the overflow bin).
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const std::uint64_t i = (bits >> 42) - bucket0_;
    const auto& g         = *guess_;
    if (i >= g.size())
      return nbins_ - 1;  // above the last bucket (beyond hi), or NaN
    std::size_t b  = g[i];
    const double* e = edges_->data();
    while (e[b] <= x)
      ++b;
    return b;
  }
  double lo_, log_lo_, bins_per_decade_;
  std::size_t nbins_;  // bins 0 (underflow) .. nbins_ - 1 (overflow)
  // Counts of bins base_ .. base_ + window_.size() - 1, the span values fell in so far (a sink's latencies cover
  // a few dozen of the 1,802 bins: a 1,000-speaker run keeps 1,000 small windows instead of 14 MB of counts).
  std::vector<std::uint64_t> window_;
  std::size_t base_ = 0;
  void grow_to(std::size_t b);  // a value in bin b outside the window: widen it and count the value
  std::uint64_t n_ = 0;                      // exact count, min, max; the mean to rounding
  double first_ = 0, sum_dev_ = 0, min_ = 0, max_ = 0;
  // e[i - 1]: lower edge of bin i = 1 .. nbins_ - 1: bin i holds [10^(log10 lo + (i-1)/bpd), 10^(log10 lo + i/bpd)),
  // then +inf; and per bucket of values (their bits >> 42, from bucket0_) the bin of its lowest value. Computed
  // once per (lo, hi, bins) and shared.
  const std::vector<double>* edges_ = nullptr;
  const std::vector<std::uint32_t>* guess_ = nullptr;
  std::uint64_t bucket0_ = 0;
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
