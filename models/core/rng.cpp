#include "models/core/rng.hpp"

#include <cmath>

namespace btlinksim {

std::uint64_t splitmix64_next(std::uint64_t& state)
{
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z               = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z               = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t fnv1a64(std::string_view text)
{
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;  // FNV-1a 64 prime
  }
  return h;
}

RngStream::RngStream(std::uint64_t seed, std::uint64_t replication, std::string_view entity, std::string_view purpose)
{
  // Key = a SplitMix64 chain over the four components; each component is absorbed by xor before a mixing step,
  // so (seed, replication, entity, purpose) tuples that differ in any part give unrelated states.
  std::uint64_t k = 0;
  for (std::uint64_t part : {seed, replication, fnv1a64(entity), fnv1a64(purpose)}) {
    k ^= part;
    k = splitmix64_next(k);
  }
  for (auto& word : s_)
    word = splitmix64_next(k);
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0)  // all-zero is the one forbidden xoshiro state
    s_[0] = 1;
}

static inline std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::uint64_t RngStream::next_u64()
{
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t      = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double RngStream::uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double RngStream::uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }

std::uint64_t RngStream::uniform_int(std::uint64_t n)
{
  if (n <= 1)
    return 0;
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // reject the incomplete last block
  std::uint64_t x;
  do {
    x = next_u64();
  } while (x >= limit);
  return x % n;
}

bool RngStream::bernoulli(double p) { return uniform01() < p; }

double RngStream::normal(double mean, double sd)
{
  const double u1 = 1.0 - uniform01();  // (0, 1]: log is finite
  const double u2 = uniform01();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

std::pair<double, double> RngStream::normal_pair()
{
  const double u1 = 1.0 - uniform01();
  const double u2 = uniform01();
  return normal_pair_from(u1, u2);
}

std::pair<double, double> RngStream::normal_pair_from(double u1, double u2)
{
  const double r = std::sqrt(-2.0 * std::log(u1));
  return {r * std::cos(2.0 * M_PI * u2), r * std::sin(2.0 * M_PI * u2)};
}

double RngStream::exponential(double mean) { return -mean * std::log(1.0 - uniform01()); }

}  // namespace btlinksim
