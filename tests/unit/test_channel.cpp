// Channel dynamics models (issue 5): walls, floors, trajectories, body blocking, correlated shadowing, C/I, AFH,
// and the range bisection. Expected values are worked by hand in the comments.
#include "models/channel/dynamics.hpp"
#include "models/channel/geometry.hpp"
#include "models/channel/interference.hpp"
#include "models/radio/range.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

TEST_CASE("wall losses add along the line of sight", "[channel]")
{
  const std::vector<Wall> walls{{"light", {3, -1}, {3, 1}, 3.4},
                                {"heavy", {6, -1}, {6, 1}, 6.9},
                                {"beyond", {12, -1}, {12, 1}, 6.9},
                                {"parallel", {0, 2}, {10, 2}, 6.9}};
  // (0,0) -> (10,0) crosses x = 3 and x = 6 only: 3.4 + 6.9 = 10.3 dB.
  CHECK(wall_loss_db({0, 0}, {10, 0}, walls) == Approx(10.3));
  CHECK(wall_loss_db({10, 0}, {0, 0}, walls) == Approx(10.3));  // either direction
  CHECK(wall_loss_db({0, 0}, {2, 0}, walls) == 0.0);            // in the same room
  CHECK(wall_loss_db({0, 0}, {13, 0}, walls) == Approx(17.2));  // 3.4 + 6.9 + 6.9
  // (0,0) -> (10,3): y = 0.9 at x = 3 (light, crossed), y = 1.8 at x = 6 (above the heavy wall), y = 2 at
  // x = 6.67 (the parallel wall, crossed): 3.4 + 6.9 dB.
  CHECK(wall_loss_db({0, 0}, {10, 3}, walls) == Approx(3.4 + 6.9));
  CHECK(segments_cross({0, 0}, {3, 0}, {3, -1}, {3, 1}));       // touching the wall counts
  CHECK_FALSE(segments_cross({0, 0}, {2.99, 0}, {3, -1}, {3, 1}));
}

TEST_CASE("COST 231 floor loss", "[channel]")
{
  CHECK(floor_loss_db(0) == 0.0);
  CHECK(floor_loss_db(1) == Approx(18.3));  // 1^(3/2 - 0.46) * 18.3
  // 2^((4/3) - 0.46) = 2^0.87333 = 1.83183 -> 33.52 dB
  CHECK(floor_loss_db(2) == Approx(33.52).margin(0.01));
}

TEST_CASE("waypoint trajectories interpolate linearly and hold their ends", "[channel]")
{
  const Trajectory t({{10, {14, 0}}, {0, {0, 0}}});  // given out of order: sorted by time
  CHECK(t.at(5).x_m == Approx(7));
  CHECK(t.at(-1).x_m == 0.0);
  CHECK(t.at(20).x_m == Approx(14));
  CHECK(t.moves());
  CHECK_FALSE(Trajectory::fixed({1, 2}).moves());
  CHECK(Trajectory::fixed({1, 2}).at(100).y_m == 2.0);
}

TEST_CASE("random waypoint stays in the room at the drawn speeds", "[channel]")
{
  RngStream rng(1, 0, "walker", "mobility");
  const Room room{0, 0, 5, 4};
  const Trajectory t = random_waypoint({1, 1}, room, 0.5, 1.5, 2.0, 600, rng);
  REQUIRE(t.points().size() > 20);
  CHECK(t.points().back().t_s >= 600);
  for (size_t i = 1; i < t.points().size(); ++i) {
    const auto& a = t.points()[i - 1];
    const auto& b = t.points()[i];
    CHECK(b.p.x_m >= 0);
    CHECK(b.p.x_m <= 5);
    CHECK(b.p.y_m >= 0);
    CHECK(b.p.y_m <= 4);
    const double d = distance_m(a.p, b.p);
    if (d > 0) {  // a walk: speed in [0.5, 1.5]; a pause: 2 s in place
      CHECK(d / (b.t_s - a.t_s) >= 0.5 - 1e-9);
      CHECK(d / (b.t_s - a.t_s) <= 1.5 + 1e-9);
    } else {
      CHECK(b.t_s - a.t_s == Approx(2.0));
    }
  }
}

TEST_CASE("body blocking: two-state Markov with the given mean dwell times", "[channel]")
{
  TwoStateMarkov m(4.0, 1.0, RngStream(7, 0, "phone", "body"));
  CHECK(m.stationary_on() == Approx(0.2));  // 1 / (4 + 1)
  const double dt = 0.01, T = 20000;
  long on = 0, n = 0, runs = 0;
  bool prev = false;
  for (double t = 0; t < T; t += dt, ++n) {
    const bool b = m.on_at(t);
    on += b;
    runs += b && !prev;
    prev = b;
    if (n % 1000 == 0)
      m.forget_before(t);
  }
  CHECK(double(on) / n == Approx(0.2).margin(0.01));
  CHECK(on * dt / runs == Approx(1.0).margin(0.05));  // mean blocked dwell 1 s
  // Same answers whatever the order of the questions.
  TwoStateMarkov a(4.0, 1.0, RngStream(7, 1, "phone", "body")), b(4.0, 1.0, RngStream(7, 1, "phone", "body"));
  std::vector<bool> fwd, back;
  for (int i = 0; i <= 200; ++i)
    fwd.push_back(a.on_at(i * 0.5));
  for (int i = 200; i >= 0; --i)
    back.push_back(b.on_at(i * 0.5));
  std::reverse(back.begin(), back.end());
  CHECK(fwd == back);
}

TEST_CASE("correlated shadowing keeps sigma and has the exponential correlation", "[channel]")
{
  CHECK(shadowing_correlation(5, 5, 0, INFINITY) == Approx(std::exp(-1)));
  CHECK(shadowing_correlation(0, 5, 2, 4) == Approx(std::exp(-0.5)));
  CHECK(shadowing_correlation(0, 5, 10, INFINITY) == 1.0);  // static ends, static room: no change
  RngStream r(3, 0, "a->b", "shadowing");
  const double rho = 0.9, sigma = 4;
  double x = r.normal(0, sigma), sum = 0, sum2 = 0, lag = 0, prev = x;
  const int N = 200000;
  for (int i = 0; i < N; ++i) {
    x = ar1_step(prev, rho, sigma, r.normal(0, 1));
    sum += x;
    sum2 += x * x;
    lag += x * prev;
    prev = x;
  }
  // Tolerances from the statistics of an AR(1) series (4 standard errors): the mean has variance
  // sigma^2 (1 + rho) / (N (1 - rho)) = 16 * 19 / 2e5, sd 0.039; the mean square sd sqrt(2 sigma^4 (1 + rho^2) /
  // (N (1 - rho^2))) = 0.156 (1 % of 16); the lag-1 estimate sd sqrt((1 - rho^2) / N) = 0.001.
  CHECK(std::abs(sum / N) < 4 * 0.039);
  CHECK(sum2 / N == Approx(16).margin(4 * 0.156));
  CHECK(lag / sum2 == Approx(0.9).margin(4 * 0.001));
}

TEST_CASE("C/I rule of the BR receiver and Wi-Fi overlap", "[channel]")
{
  CHECK_FALSE(survives(-60, -70, 0));  // C/I 10 dB < 11 dB co-channel
  CHECK(survives(-60, -71, 0));        // 11 dB
  CHECK(survives(-60, -60, 1));        // adjacent: 0 dB needed
  CHECK_FALSE(survives(-60, -59, 1));
  CHECK(survives(-60, -31, 2));        // +/-2 MHz: C/I -29 dB >= -30 dB
  CHECK_FALSE(survives(-60, -29, 2));
  CHECK_FALSE(survives(-60, -19, 5));  // >= 3 MHz: -40 dB
  CHECK(wifi_channel_mhz(1) == 2412);
  CHECK(wifi_channel_mhz(6) == 2437);
  CHECK(wifi_channel_mhz(14) == 2484);
  const auto in = wifi_overlap(-50, 2437, br_channel_mhz(35));  // 2437 MHz: the Wi-Fi centre
  CHECK(in.offset_mhz == 0.0);
  CHECK(in.in_channel_dbm == Approx(-50 - 13.424).margin(0.001));  // 10 log10(22) = 13.424
  CHECK(wifi_overlap(-50, 2437, br_channel_mhz(49)).offset_mhz == Approx(3.5));  // 14 MHz away: 3 beyond the edge
}

TEST_CASE("AFH removes jammed channels and PER falls after the update delay", "[channel]")
{
  // Channels 0..21 (22 MHz, one Wi-Fi channel) always fail; the rest never. 400 attempts/s, uniform hopping.
  AfhParams p;
  AfhClassifier afh(p);
  RngStream r(5, 0, "link", "hop");
  long n1 = 0, f1 = 0, n2 = 0, f2 = 0;
  for (double t = 0; t < 5.0; t += 1.0 / 400) {
    const auto& set = afh.hop_set(t);
    const int ch    = set[r.uniform_int(set.size())];
    const bool fail = ch <= 21;
    afh.record(ch, fail, t);
    if (t < p.assessment_s) {
      ++n1;
      f1 += fail;
    } else if (t >= 3.0) {
      ++n2;
      f2 += fail;
    }
  }
  CHECK(double(f1) / n1 == Approx(22.0 / 79).margin(0.05));  // before adaptation: the jammed share
  CHECK(double(f2) / n2 < 0.01);                               // after: (almost) only clean channels
  CHECK(afh.hop_set(5.0).size() == 57u);
  CHECK(afh.map_updates() >= 1);
  // The first new map is not used before the end of the first window plus the update delay.
  AfhClassifier late(p);
  for (int i = 0; i < 400; ++i)
    late.record(i % 79, i % 79 < 22, i / 400.0);
  CHECK(late.hop_set(p.assessment_s + p.update_delay_s * 0.5).size() == 79u);
  CHECK(late.hop_set(p.assessment_s + p.update_delay_s).size() == 57u);
}

TEST_CASE("AFH keeps at least 20 channels", "[channel]")
{
  AfhClassifier afh(AfhParams{});
  for (int i = 0; i < 79 * 10; ++i)
    afh.record(i % 79, i % 79 < 70, i * 0.001);  // 70 of 79 channels bad
  CHECK(afh.hop_set(1.1).size() == static_cast<size_t>(kAfhMinChannels));
}

TEST_CASE("range bisection converges on a synthetic monotone criterion", "[channel][range]")
{
  int calls       = 0;
  const auto crit = [&](double d) {
    ++calls;
    return d <= 7.3;
  };
  const auto r = bisect_largest(crit, 1, 20, 0.01);
  CHECK(r.value <= 7.3);
  CHECK(r.value > 7.3 - 0.01);
  CHECK(r.evaluations == 2 + 11);  // ceil(log2(19 / 0.01)) = ceil(10.89) = 11
  CHECK(calls == r.evaluations);
  CHECK(bisect_largest(crit, 8, 20, 0.01).below_lo);
  const auto all = bisect_largest(crit, 1, 5, 0.01);
  CHECK(all.at_least_hi);
  CHECK(all.value == 5.0);
}

TEST_CASE("distance range of two moving devices: closest approach inside a segment", "[channel]")
{
  // a walks from (0, 0) to (10, 0) in 10 s; b stands at (5, 3): closest at t = 5 s (3 m), farthest at the ends
  // (sqrt(25 + 9) = 5.83 m). Over [6, 10] s only: 3.16 m at 6 s to 5.83 m at 10 s.
  const Trajectory a({Waypoint{0, {0, 0}}, Waypoint{10, {10, 0}}}), b = Trajectory::fixed({5, 3});
  const auto r = distance_range(a, b, 0, 10);
  CHECK(r.min_m == Approx(3.0).epsilon(1e-12));
  CHECK(r.max_m == Approx(std::sqrt(34.0)).epsilon(1e-12));
  const auto late = distance_range(a, b, 6, 10);
  CHECK(late.min_m == Approx(std::sqrt(10.0)).epsilon(1e-12));
  // Both moving in parallel at the same speed: the distance never changes.
  const auto same = distance_range(a, Trajectory({Waypoint{0, {0, 4}}, Waypoint{10, {10, 4}}}), 0, 10);
  CHECK(same.min_m == Approx(4.0));
  CHECK(same.max_m == Approx(4.0));
}
