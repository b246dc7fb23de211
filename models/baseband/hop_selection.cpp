#include "models/baseband/hop_selection.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace btlinksim {

namespace {
constexpr int kBr = 79;

// Bits b[0], b[1], ... of v gathered into one number (bit i of the result is bit b[i] of v).
template <size_t N> std::uint32_t gather(std::uint32_t v, const int (&b)[N])
{
  std::uint32_t r = 0;
  for (size_t i = 0; i < N; ++i)
    r |= ((v >> b[i]) & 1u) << i;
  return r;
}

// The butterfly permutation PERM5 (§2.6.2.4): control bit P_i exchanges bits kPair[i] of the 5-bit input; the
// stages run from P13 (input side) to P0.
std::uint32_t perm5(std::uint32_t z, std::uint32_t p)
{
  static constexpr int kPair[14][2] = {{0, 1}, {2, 3}, {1, 2}, {3, 4}, {0, 4}, {1, 3}, {0, 2},
                                       {3, 4}, {1, 4}, {0, 3}, {2, 4}, {1, 3}, {0, 3}, {1, 2}};
  for (int i = 13; i >= 0; --i)
    if ((p >> i) & 1u) {
      const std::uint32_t a = (z >> kPair[i][0]) & 1u, b = (z >> kPair[i][1]) & 1u;
      if (a != b)
        z ^= (1u << kPair[i][0]) | (1u << kPair[i][1]);
    }
  return z;
}

// The kernel's inputs in the connection state (Table 2.x of §2.6.2) and its output before the channel bank:
// PERM5's output (Z), and E + F + Y2 with F taken mod `n` (79: basic; N: F' of the adapted channel).
struct Kernel {
  std::uint32_t perm, e, f_basic, f_adapted, y2;
};
Kernel kernel(std::uint32_t clk, std::uint32_t address, int n_adapted, bool same_channel)
{
  static constexpr int kC[] = {0, 2, 4, 6, 8}, kE[] = {1, 3, 5, 7, 9, 11, 13};
  const std::uint32_t y1 = same_channel ? 0u : (clk >> 1) & 1u;
  const std::uint32_t x  = (clk >> 2) & 0x1Fu;
  const std::uint32_t a  = ((address >> 23) & 0x1Fu) ^ ((clk >> 21) & 0x1Fu);
  const std::uint32_t b  = (address >> 19) & 0x0Fu;
  const std::uint32_t c  = gather(address, kC) ^ ((clk >> 16) & 0x1Fu);
  const std::uint32_t d  = ((address >> 10) & 0x1FFu) ^ ((clk >> 7) & 0x1FFu);
  const std::uint32_t e  = gather(address, kE);
  const std::uint32_t f16 = 16u * ((clk >> 7) & 0x1FFFFFu);  // 16 x CLK27..7
  const std::uint32_t z   = ((x + a) & 0x1Fu) ^ b;           // the adder mod 32, then B XORed onto the 4 low bits
  const std::uint32_t p   = ((c ^ (y1 ? 0x1Fu : 0u)) << 9) | d;  // P13..9 = C xor Y1, P8..0 = D
  return {perm5(z, p), e, f16 % kBr, n_adapted > 0 ? f16 % static_cast<std::uint32_t>(n_adapted) : 0u, 32u * y1};
}

// The register bank: index k holds channel 2k for k < 40, then the odd channels (2k - 79).
int bank(std::uint32_t k) { return static_cast<int>((2 * k) % kBr); }
}  // namespace

int bredr_basic_channel(std::uint32_t clk, std::uint32_t address)
{
  const Kernel k = kernel(clk, address, 0, false);
  return bank((k.perm + k.e + k.f_basic + k.y2) % kBr);
}

int bredr_adapted_channel(std::uint32_t clk, std::uint32_t address, const std::vector<int>& used)
{
  assert(!used.empty());
  const int n    = static_cast<int>(used.size());
  const Kernel k = kernel(clk, address, n, true);
  const int f    = bank((k.perm + k.e + k.f_basic + k.y2) % kBr);
  if (std::binary_search(used.begin(), used.end(), f))
    return f;
  return used[(k.perm + k.e + k.f_adapted + k.y2) % static_cast<std::uint32_t>(n)];
}

std::uint32_t HopSequence::clk(double t_s) const
{
  // Ticks of 312.5 us (a quarter of the slot pair) since the grid's slot pair 0; the 1e-6 keeps a start computed
  // as phase + k x period on its own tick.
  const double ticks = std::floor((t_s - phase_s) / (period_s / 4) + 1e-6);
  const auto n       = ticks > 0 ? static_cast<std::uint64_t>(ticks) : 0u;
  return static_cast<std::uint32_t>((clk0 + n) & 0x0FFFFFFFu);
}

namespace {
std::uint16_t reverse_bytes_bits(std::uint16_t v)  // PERM: the bits of each octet in reverse order
{
  std::uint16_t r = 0;
  for (int i = 0; i < 8; ++i) {
    r |= static_cast<std::uint16_t>(((v >> i) & 1u) << (7 - i));
    r |= static_cast<std::uint16_t>(((v >> (8 + i)) & 1u) << (15 - i));
  }
  return r;
}
std::uint16_t mam(std::uint16_t a, std::uint16_t b)  // multiply, add, modulo 2^16
{
  return static_cast<std::uint16_t>((17u * a + b) & 0xFFFFu);
}
std::vector<int> used_list(const LeChannelMap& used)
{
  std::vector<int> u;
  for (int c = 0; c < 37; ++c)
    if (used[static_cast<size_t>(c)])
      u.push_back(c);
  assert(u.size() >= 2);
  return u;
}
}  // namespace

std::uint16_t csa2_channel_identifier(std::uint32_t access_address)
{
  return static_cast<std::uint16_t>((access_address >> 16) ^ (access_address & 0xFFFFu));
}

Csa2Event csa2_event(std::uint16_t counter, std::uint16_t channel_id, const LeChannelMap& used)
{
  std::uint16_t x = counter ^ channel_id;
  for (int round = 0; round < 3; ++round)
    x = mam(reverse_bytes_bits(x), channel_id);
  const std::uint16_t prn_e = x ^ channel_id;
  const auto u              = used_list(used);
  const int unmapped        = prn_e % 37;
  Csa2Event e{unmapped, 0, x, prn_e};
  if (used[static_cast<size_t>(unmapped)]) {
    e.remap_index = static_cast<int>(std::lower_bound(u.begin(), u.end(), unmapped) - u.begin());
  } else {
    e.remap_index = static_cast<int>((u.size() * prn_e) >> 16);
    e.channel     = u[static_cast<size_t>(e.remap_index)];
  }
  return e;
}

int csa2_next_subevent(std::uint16_t channel_id, const LeChannelMap& used, Csa2Event& e)
{
  const auto u = used_list(used);
  const int n  = static_cast<int>(u.size());
  // d: the least distance in used-channel indices between consecutive subevents (§4.5.8.3.6).
  const int d = std::max(1, std::max(std::min(3, std::max(0, n - 5)), std::min(11, std::max(0, (n - 10) / 2))));
  e.prn_s                 = mam(reverse_bytes_bits(e.prn_s), channel_id);  // prnSubEvent_lu
  const std::uint32_t se  = static_cast<std::uint32_t>(e.prn_s ^ channel_id);  // prnSubEvent_se
  e.remap_index = static_cast<int>((static_cast<std::uint32_t>(e.remap_index + d) +
                                    ((se * static_cast<std::uint32_t>(n - 2 * d + 1)) >> 16)) %
                                   static_cast<std::uint32_t>(n));
  e.channel = u[static_cast<size_t>(e.remap_index)];
  return e.channel;
}

}  // namespace btlinksim
