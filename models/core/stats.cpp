#include "models/core/stats.hpp"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <tuple>
#include <cmath>
#include <limits>

namespace btlinksim {


LogHistogram::LogHistogram(double lo, double hi, int bins_per_decade)
    : lo_(lo), log_lo_(std::log10(lo)), bins_per_decade_(bins_per_decade),
      nbins_(static_cast<size_t>(std::ceil((std::log10(hi) - std::log10(lo)) * bins_per_decade)) + 2)
{
  struct Binning {
    std::vector<double> edges;
    std::vector<std::uint32_t> guess;
    std::uint64_t bucket0 = 0;
  };
  static std::map<std::tuple<double, double, int>, Binning> shared;  // one engine (thread) per process
  auto bits_of = [](double v) {
    std::uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
  };
  Binning& bn = shared[{lo, hi, bins_per_decade}];
  if (bn.edges.empty()) {
    const size_t last = nbins_ - 1;
    auto& e           = bn.edges;
    e.assign(last + 1, lo);  // e[i - 1]: lower edge of bin i; e[last] = +inf
    for (size_t i = 2; i <= last; ++i)
      e[i - 1] = std::pow(10.0, log_lo_ + static_cast<double>(i - 1) / bins_per_decade_);
    e[last] = std::numeric_limits<double>::infinity();
    // Buckets from lo's to the overflow edge's: the bin of each bucket's lowest value (at least lo), i.e. the
    // number of edges <= it, in one pass over buckets and edges together (both ascending).
    bn.bucket0              = bits_of(lo) >> 42;
    const std::uint64_t end = (bits_of(e[last - 1]) >> 42) + 1;
    bn.guess.resize(end - bn.bucket0);
    size_t b = 1;
    for (std::uint64_t k = bn.bucket0; k < end; ++k) {
      const std::uint64_t u = k << 42;
      double v;
      std::memcpy(&v, &u, sizeof v);
      v = std::max(v, lo);
      while (b < last && e[b] <= v)
        ++b;
      bn.guess[k - bn.bucket0] = static_cast<std::uint32_t>(b);
    }
  }
  edges_   = &bn.edges;
  guess_   = &bn.guess;
  bucket0_ = bn.bucket0;
}

double HistogramCounts::quantile(double q) const
{
  if (n == 0)
    return 0.0;
  if (q <= 0)
    return min;
  if (q >= 1)
    return max;
  const double target = q * static_cast<double>(n);
  double cum          = 0;
  for (size_t w = 0; w < size; ++w) {
    const std::uint64_t c = window[w];
    const size_t i        = base + w;  // the bin
    if (c == 0)
      continue;
    if (cum + c >= target) {
      if (i == 0)
        return min;
      if (i == nbins - 1)
        return max;
      const double frac = (target - cum) / c;
      const double e0   = log_lo + (i - 1) / bins_per_decade;
      const double v    = std::pow(10.0, e0 + frac / bins_per_decade);
      return std::clamp(v, min, max);
    }
    cum += c;
  }
  return max;
}

void LogHistogram::grow_to(size_t b)
{
  if (window_.empty()) {
    base_ = b;
    window_.assign(1, 1);
  } else if (b < base_) {
    window_.insert(window_.begin(), base_ - b, 0);
    base_      = b;
    window_[0] = 1;
  } else {
    window_.resize(b - base_ + 1, 0);
    window_.back() = 1;
  }
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
