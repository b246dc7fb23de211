#include "models/channel/dynamics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace btlinksim {

TwoStateMarkov::TwoStateMarkov(double mean_clear_s, double mean_blocked_s, RngStream rng)
    : mean_off_(mean_clear_s), mean_on_(mean_blocked_s), rng_(rng)
{
  first_on_ = rng_.bernoulli(stationary_on());
  // Exponential dwell times are memoryless, so a fresh dwell from t = 0 is the stationary residual time.
  switches_s_.push_back(rng_.exponential(first_on_ ? mean_on_ : mean_off_));
}

bool TwoStateMarkov::on_at(double t)
{
  while (switches_s_.back() <= t) {
    const bool on_after_last = first_on_ ^ (switches_s_.size() % 2 == 1);
    switches_s_.push_back(switches_s_.back() + rng_.exponential(on_after_last ? mean_on_ : mean_off_));
  }
  const auto n = std::upper_bound(switches_s_.begin(), switches_s_.end(), t) - switches_s_.begin();
  return first_on_ ^ (n % 2 == 1);
}

void TwoStateMarkov::forget_before(double t)
{
  // Keep whole pairs so the parity (and so the state) of the remaining switches is unchanged.
  size_t drop = 0;
  while (drop + 2 < switches_s_.size() && switches_s_[drop + 1] < t)
    drop += 2;
  if (drop > 0)
    switches_s_.erase(switches_s_.begin(), switches_s_.begin() + static_cast<long>(drop));
}

double shadowing_correlation(double moved_m, double decorrelation_m, double dt_s, double time_constant_s)
{
  double e = 0;
  if (std::isfinite(decorrelation_m) && decorrelation_m > 0)
    e += std::abs(moved_m) / decorrelation_m;
  if (std::isfinite(time_constant_s) && time_constant_s > 0)
    e += std::abs(dt_s) / time_constant_s;
  return std::exp(-e);
}

double ar1_step(double prev, double rho, double sigma, double z)
{
  return rho * prev + std::sqrt(std::max(0.0, 1.0 - rho * rho)) * sigma * z;
}

}  // namespace btlinksim
