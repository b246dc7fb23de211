// Random streams: one independent stream per (seed, replication, entity, purpose), so adding a speaker or a new
// use of randomness never perturbs the draws of another entity (common random numbers across designs; see
// docs/references.md [streams]). Generator: xoshiro256** 1.0 (Blackman & Vigna, 2018,
// https://prng.di.unimi.it/xoshiro256starstar.c) seeded through SplitMix64 (Vigna, https://prng.di.unimi.it/splitmix64.c).
// Distributions are our own code (never std::*_distribution, whose output differs between standard libraries).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

namespace btlinksim {

// SplitMix64 step: advances `state` and returns the next output.
std::uint64_t splitmix64_next(std::uint64_t& state);
// FNV-1a 64-bit hash of a string (http://www.isthe.com/chongo/tech/comp/fnv/), used to key streams by name.
std::uint64_t fnv1a64(std::string_view text);

class RngStream {
public:
  // Raw state constructor (tests, known-answer vectors).
  explicit RngStream(const std::array<std::uint64_t, 4>& state) : s_(state) {}
  RngStream(std::uint64_t seed, std::uint64_t replication, std::string_view entity, std::string_view purpose);

  std::uint64_t next_u64();
  double uniform01();                        // [0, 1) with 53 random bits
  double uniform(double lo, double hi);      // [lo, hi)
  std::uint64_t uniform_int(std::uint64_t n);  // [0, n), unbiased (rejection)
  bool bernoulli(double p);
  double normal(double mean, double sd);     // Box-Muller (one value per two uniforms; no hidden cache)
  // Two independent standard normals from the same two uniforms (Box-Muller's cosine and sine branches).
  std::pair<double, double> normal_pair();
  // normal_pair's mapping from its two uniforms, drawn in this order: u1 = 1 - uniform01() in (0, 1] (the radius
  // sqrt(-2 ln u1)), then u2 = uniform01() in [0, 1) (the phase 2 pi u2).
  static std::pair<double, double> normal_pair_from(double u1, double u2);
  double exponential(double mean);

private:
  std::array<std::uint64_t, 4> s_;
};

}  // namespace btlinksim
