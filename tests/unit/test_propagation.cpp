#include "models/radio/link_budget.hpp"
#include "models/channel/propagation.hpp"
#include "models/core/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

TEST_CASE("free-space loss at 1 m matches the reference table", "[propagation]")
{
  // docs/references.md [free-space]: 2402 MHz 40.06 dB, 2441 MHz 40.20 dB, 2480 MHz 40.34 dB.
  CHECK(free_space_path_loss_db(1, 2402e6) == Approx(40.06).margin(0.01));
  CHECK(free_space_path_loss_db(1, 2441e6) == Approx(40.20).margin(0.01));
  CHECK(free_space_path_loss_db(1, 2480e6) == Approx(40.34).margin(0.01));
  // Inverse square: doubling the distance adds 6.02 dB.
  CHECK(free_space_path_loss_db(20, 2.44e9) - free_space_path_loss_db(10, 2.44e9) == Approx(6.0206).margin(1e-4));
}

TEST_CASE("log-distance: PL(d0) + 10 n log10(d/d0)", "[propagation]")
{
  const double pl0 = free_space_path_loss_db(1, 2.44e9);  // 40.196 dB
  CHECK(path_loss_db(LogDistance{3.0, 1.0, -1.0, 2.44e9}, 10) == Approx(pl0 + 30.0));
  CHECK(path_loss_db(LogDistance{3.0, 1.0, 47.9, 2.44e9}, 4) == Approx(47.9 + 30 * std::log10(4.0)));
  // n = 2 with a free-space reference is free space at every distance.
  for (double d : {0.5, 3.0, 17.0, 250.0})
    CHECK(path_loss_db(LogDistance{2.0, 1.0, -1.0, 2.44e9}, d) == Approx(path_loss_db(FreeSpace{2.44e9}, d)));
}

TEST_CASE("ITU-R P.1238 worked by hand", "[propagation]")
{
  // 20 log10(2440) = 67.747; residential N = 28, one floor Lf = 4: 67.747 + 28 + 4 - 28 = 71.747
  CHECK(path_loss_db(ItuP1238{ItuP1238::Building::residential, 1, 2.44e9}, 10) == Approx(71.747).margin(1e-3));
  // office, N = 30, no floor: 67.747 + 30 - 28 = 69.747
  CHECK(path_loss_db(ItuP1238{ItuP1238::Building::office, 0, 2.44e9}, 10) == Approx(69.747).margin(1e-3));
  CHECK(itu_p1238_floor_loss_db(ItuP1238::Building::office, 2) == 19.0);      // 15 + 4(n-1)
  CHECK(itu_p1238_floor_loss_db(ItuP1238::Building::commercial, 3) == 12.0);  // 6 + 3(n-1)
}

TEST_CASE("multi-wall losses add along the path", "[propagation]")
{
  MultiWall mw;
  mw.wall_losses_db = {kLightWallLoss_db, kLightWallLoss_db, kHeavyWallLoss_db};
  const double fs5  = 54.175;  // FSPL(5 m, 2.44 GHz), computed by hand: 40.196 + 20 log10 5
  CHECK(path_loss_db(mw, 5) == Approx(fs5 + 3.4 + 3.4 + 6.9).margin(1e-3));
  mw.floors = 1;  // 1^(3/2 - 0.46) * 18.3 = 18.3
  CHECK(path_loss_db(mw, 5) == Approx(fs5 + 13.7 + 18.3).margin(1e-3));
  mw.floors = 2;  // 2^(4/3 - 0.46) * 18.3 = 33.524
  CHECK(path_loss_db(mw, 5) == Approx(fs5 + 13.7 + 33.524).margin(1e-3));
}

TEST_CASE("802.15.2 two-slope model", "[propagation]")
{
  CHECK(path_loss_db(TwoSlope{}, 8) == Approx(40.2 + 20 * std::log10(8.0)));   // 58.26
  CHECK(path_loss_db(TwoSlope{}, 16) == Approx(58.5 + 33 * std::log10(2.0)));  // 68.43
}

TEST_CASE("maximum range reproduces the reference's link-budget table", "[propagation][range]")
{
  // docs/references.md [link-budget]: d = 10^((MAPL - 40.2)/(10 n)); class 2, -90 dBm, n = 3.0 -> 62 m;
  // class 1, -70 dBm, n = 2.0 -> 309 m; class 3, -70 dBm, n = 3.5 -> 7 m.
  auto ld = [](double n) { return LogDistance{n, 1.0, 40.2, 2.44e9}; };
  LinkEnds c2{4}, c1{20}, c3{0};
  CHECK(max_range_m(ld(3.0), max_path_loss_db(c2, -90, 0)) == Approx(62.1).margin(0.1));
  CHECK(max_range_m(ld(2.0), max_path_loss_db(c1, -70, 0)) == Approx(309.0).margin(0.5));
  CHECK(max_range_m(ld(3.5), max_path_loss_db(c3, -70, 0)) == Approx(7.0).margin(0.2));
  // Bisection agrees with the analytic inverse to 1e-6 relative.
  const double mapl = 83.7;
  CHECK(max_range_m(ld(2.7), mapl) == Approx(std::pow(10.0, (mapl - 40.2) / 27.0)).epsilon(1e-6));
  // Two-slope: exactly 16 m at its own loss there.
  CHECK(max_range_m(TwoSlope{}, 58.5 + 33 * std::log10(2.0)) == Approx(16.0).epsilon(1e-6));
  // Nothing reachable / everything reachable.
  CHECK(max_range_m(ld(3.0), 0.0) == 0.0);
}

TEST_CASE("shadowing margin uses the normal quantile", "[propagation]")
{
  CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-9));
  CHECK(normal_quantile(0.9) == Approx(1.281552).margin(1e-6));
  CHECK(normal_quantile(0.975) == Approx(1.959964).margin(1e-6));
  CHECK(normal_quantile(0.001) == Approx(-3.090232).margin(1e-6));
  CHECK(total_fade_margin_db(10, 4, 0.9) == Approx(10 + 4 * 1.281552).margin(1e-5));  // 1.28 sigma at 90 %
}

TEST_CASE("shadowing and fading draws have the modelled statistics", "[propagation]")
{
  RngStream r(7, 0, "link", "fading");
  const int n = 200000;
  double s = 0, s2 = 0, ray_mean = 0, ray_below1 = 0, ric_mean = 0, ric_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw_shadowing_db(r, 4.0);
    s += x;
    s2 += x * x;
    const double g = std::pow(10.0, draw_fading_gain_db(r, 0.0) / 10.0);  // Rayleigh: |h|^2 ~ Exp(1)
    ray_mean += g;
    ray_below1 += g < 1.0;
    const double k = std::pow(10.0, 0.6);  // K = 6 dB
    const double h = std::pow(10.0, draw_fading_gain_db(r, k) / 10.0);
    ric_mean += h;
    ric_sq += h * h;
  }
  CHECK(std::sqrt(s2 / n) == Approx(4.0).margin(0.05));
  CHECK(ray_mean / n == Approx(1.0).margin(0.015));
  CHECK(ray_below1 / n == Approx(1 - std::exp(-1.0)).margin(0.006));  // P(Exp(1) < 1) = 0.632
  // Rician power: mean 1, variance (1 + 2K) / (1 + K)^2.
  const double k = std::pow(10.0, 0.6), mean = ric_mean / n;
  CHECK(mean == Approx(1.0).margin(0.01));
  CHECK(ric_sq / n - mean * mean == Approx((1 + 2 * k) / ((1 + k) * (1 + k))).margin(0.01));
}
