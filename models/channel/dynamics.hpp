// Slow channel processes over time: a two-state (clear/blocked) Markov body-blocking process and correlated
// log-normal shadowing (Gudmundson's exponential correlation). Pure value types; the simulator samples them.
#pragma once

#include "models/core/rng.hpp"

#include <vector>

namespace btlinksim {

// Two-state continuous-time Markov process with exponential dwell times (means mean_clear_s, mean_blocked_s).
// The initial state is drawn from the stationary distribution. State changes are generated lazily, so the state
// can be asked at any time at or after the last forget() point, in any order, with the same answer.
// docs/references.md [body]: two-state shadowing, 10-20 dB while blocked, dwell ~1-5 s (D).
class TwoStateMarkov {
public:
  TwoStateMarkov(double mean_clear_s, double mean_blocked_s, RngStream rng);
  bool on_at(double t_s);            // true = blocked
  void forget_before(double t_s);    // drop changes no later query needs
  double stationary_on() const { return mean_on_ / (mean_on_ + mean_off_); }

private:
  double mean_off_, mean_on_;
  RngStream rng_;
  bool first_on_ = false;             // state at t = 0
  std::vector<double> switches_s_;    // times the state flips, after base_s_
};

// Correlation of shadowing between two samples (Gudmundson 1991, Electron. Lett. 27(23):2145, exponential in
// distance moved; and, for a changing room with static ends, exponential in time):
// rho = exp(-moved_m / decorrelation_m - dt_s / time_constant_s); an infinite constant drops its term.
double shadowing_correlation(double moved_m, double decorrelation_m, double dt_s, double time_constant_s);
// One AR(1) step of a zero-mean Gaussian process of standard deviation sigma: rho*prev + sqrt(1-rho^2)*sigma*z.
// Keeps the marginal N(0, sigma^2) whatever the step.
double ar1_step(double prev, double rho, double sigma, double z);

}  // namespace btlinksim
