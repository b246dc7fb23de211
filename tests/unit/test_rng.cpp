#include "models/core/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace btlinksim;

TEST_CASE("SplitMix64 matches the reference implementation's first outputs", "[rng]")
{
  // splitmix64.c (Vigna) with state 0: 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4.
  std::uint64_t s = 0;
  CHECK(splitmix64_next(s) == 0xe220a8397b1dcdafULL);
  CHECK(splitmix64_next(s) == 0x6e789e6aa1b965f4ULL);
}

TEST_CASE("xoshiro256** matches a hand-worked step", "[rng]")
{
  // state {1,2,3,4}: out1 = rotl(2*5, 7) * 9 = 1280 * 9 = 11520; after the step s1 = 2 ^ (3 ^ 1) = 0, so out2 = 0.
  RngStream r(std::array<std::uint64_t, 4>{1, 2, 3, 4});
  CHECK(r.next_u64() == 11520u);
  CHECK(r.next_u64() == 0u);
}

TEST_CASE("FNV-1a 64 of known strings", "[rng]")
{
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);   // offset basis
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);  // published FNV-1a test vector
}

TEST_CASE("streams are keyed by seed, replication, entity and purpose", "[rng]")
{
  RngStream a(1, 0, "left", "fading"), b(1, 0, "left", "fading");
  for (int i = 0; i < 100; ++i)
    REQUIRE(a.next_u64() == b.next_u64());
  const std::uint64_t base = RngStream(1, 0, "left", "fading").next_u64();
  CHECK(RngStream(2, 0, "left", "fading").next_u64() != base);
  CHECK(RngStream(1, 1, "left", "fading").next_u64() != base);
  CHECK(RngStream(1, 0, "right", "fading").next_u64() != base);
  CHECK(RngStream(1, 0, "left", "shadowing").next_u64() != base);
}

TEST_CASE("portable distributions have the right moments", "[rng]")
{
  RngStream r(42, 0, "test", "moments");
  const int n = 200000;
  double su = 0, sn = 0, sn2 = 0, se = 0;
  std::vector<int> dice(6, 0);
  for (int i = 0; i < n; ++i) {
    su += r.uniform01();
    const double x = r.normal(0, 1);
    sn += x;
    sn2 += x * x;
    se += r.exponential(2.0);
    dice[r.uniform_int(6)]++;
  }
  // Tolerances are ~5 standard errors: U(0,1) sd 0.2887, N(0,1) sd 1, Exp(2) sd 2.
  CHECK(su / n == Approx(0.5).margin(5 * 0.2887 / std::sqrt(n)));
  CHECK(sn / n == Approx(0.0).margin(5 / std::sqrt(n)));
  CHECK(sn2 / n == Approx(1.0).margin(5 * std::sqrt(2.0 / n)));
  CHECK(se / n == Approx(2.0).margin(5 * 2 / std::sqrt(n)));
  const double expect = n / 6.0, sd = std::sqrt(n * (1 / 6.0) * (5 / 6.0));
  for (int c : dice)
    CHECK(std::abs(c - expect) < 5 * sd);
}

TEST_CASE("normal pairs are standard normal and uncorrelated", "[rng]")
{
  RngStream r(7, 0, "test", "pairs");
  const int n = 200000;
  double s1 = 0, s2 = 0, q1 = 0, q2 = 0, c = 0;
  for (int i = 0; i < n; ++i) {
    const auto [a, b] = r.normal_pair();
    s1 += a, s2 += b, q1 += a * a, q2 += b * b, c += a * b;
  }
  // ~5 standard errors: mean sd 1/sqrt(n), E[x^2] sd sqrt(2/n), E[ab] sd 1/sqrt(n) for independent N(0,1).
  CHECK(std::abs(s1 / n) < 5 / std::sqrt(n));
  CHECK(std::abs(s2 / n) < 5 / std::sqrt(n));
  CHECK(q1 / n == Approx(1.0).margin(5 * std::sqrt(2.0 / n)));
  CHECK(q2 / n == Approx(1.0).margin(5 * std::sqrt(2.0 / n)));
  CHECK(std::abs(c / n) < 5 / std::sqrt(n));
}
