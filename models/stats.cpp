#include "models/stats.hpp"

#include <algorithm>
#include <cmath>

namespace btlinksim {

void RunningStats::add(double x)
{
  if (n_ == 0)
    min_ = max_ = x;
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
  ++n_;
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (x - mean_);
}

LogHistogram::LogHistogram(double lo, double hi, int bins_per_decade)
    : lo_(lo), log_lo_(std::log10(lo)), bins_per_decade_(bins_per_decade),
      counts_(static_cast<size_t>(std::ceil((std::log10(hi) - std::log10(lo)) * bins_per_decade)) + 2, 0)
{
}

void LogHistogram::add(double x)
{
  moments_.add(x);
  size_t idx;
  if (x < lo_)
    idx = 0;
  else {
    const double b = (std::log10(x) - log_lo_) * bins_per_decade_;
    idx            = std::min(static_cast<size_t>(b) + 1, counts_.size() - 1);
  }
  counts_[idx]++;
}

double LogHistogram::quantile(double q) const
{
  if (count() == 0)
    return 0.0;
  if (q <= 0)
    return min();
  if (q >= 1)
    return max();
  const double target = q * static_cast<double>(count());
  double cum          = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0)
      continue;
    if (cum + counts_[i] >= target) {
      if (i == 0)
        return min();
      if (i == counts_.size() - 1)
        return max();
      const double frac = (target - cum) / counts_[i];
      const double e0   = log_lo_ + (i - 1) / bins_per_decade_;
      const double v    = std::pow(10.0, e0 + frac / bins_per_decade_);
      return std::clamp(v, min(), max());
    }
    cum += counts_[i];
  }
  return max();
}

double student_t_975(int dof)
{
  // Two-sided 95 % critical values of Student's t (standard statistical tables, e.g. NIST/SEMATECH
  // e-Handbook of Statistical Methods §1.3.6.7.2) for 1..30 degrees of freedom.
  static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof < 1)
    return 0.0;
  if (dof <= 30)
    return table[dof - 1];
  // Cornish-Fisher expansion around z = 1.959964 (Abramowitz & Stegun 26.7.5), error < 1e-4 for dof > 30.
  const double z = 1.959963985, v = dof;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

Interval mean_ci95(const std::vector<double>& values)
{
  Interval r;
  RunningStats s;
  for (double v : values)
    s.add(v);
  r.n    = static_cast<int>(values.size());
  r.mean = s.mean();
  if (r.n >= 2)
    r.half_width = student_t_975(r.n - 1) * std::sqrt(s.variance() / r.n);
  return r;
}

}  // namespace btlinksim
