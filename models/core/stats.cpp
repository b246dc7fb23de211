#include "models/core/stats.hpp"

#include <boost/math/distributions/students_t.hpp>

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
  if (dof < 1)
    return 0.0;
  // Boost.Math's inverse Student-t CDF: any degrees of freedom, no table.
  return boost::math::quantile(boost::math::students_t_distribution<double>(dof), 0.975);
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
