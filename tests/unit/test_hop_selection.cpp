// Hop selection against the Core specification's sample data: the BR/EDR basic channel in the connection state
// (Vol 2 Part G, the first hops for the addresses 0x0000000 and 0x2a96ef25 at CLK 0x10 ... 0x1e) and LE Channel
// Selection Algorithm #2 (Vol 6 Part C §3.1 and §3.2: access address 0x8E89BED6, 37 and 9 used channels, events
// and the subevents of an isochronous event).
#include "models/baseband/hop_selection.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>

using namespace btlinksim;

TEST_CASE("BR/EDR basic hop channel: the specification's sample sequence, connection state")
{
  struct Hop {
    std::uint32_t clk, address;
    int channel;
  };
  // Vol 2 Part G, sample data, connection state (master-to-slave slots CLK1 = 0 and the slots after, CLK1 = 1).
  const Hop g[] = {{0x10, 0, 8},           {0x12, 0, 66},          {0x14, 0, 10},          {0x16, 0, 70},
                   {0x18, 0, 12},          {0x1a, 0, 19},          {0x1c, 0, 14},          {0x1e, 0, 23},
                   {0x10, 0x2a96ef25, 55}, {0x12, 0x2a96ef25, 26}, {0x14, 0x2a96ef25, 19}, {0x16, 0x2a96ef25, 20},
                   {0x18, 0x2a96ef25, 23}, {0x1a, 0x2a96ef25, 22}, {0x1c, 0x2a96ef25, 53}, {0x1e, 0x2a96ef25, 40}};
  for (const auto& h : g) {
    INFO("CLK 0x" << std::hex << h.clk << ", address 0x" << h.address);
    CHECK(bredr_basic_channel(h.clk, h.address) == h.channel);
  }
  // Worked by hand for address 0, CLK 0x12 (Y1 = 1): X = 4, Z = 4 = 0b00100; P13..P9 all set: P13 moves bit 2
  // to bit 1, P11 bit 1 to bit 3, P9 bit 3 to bit 0: 1; + Y2 (32) = 33 -> register bank 33 = channel 66 (above).
}

TEST_CASE("BR/EDR hop channels cover the 79 channels evenly and the adapted channel stays in the used set")
{
  std::map<int, int> n;
  const std::uint32_t address = 0x2a96ef25;
  const int hops              = 79 * 2000;
  for (int i = 0; i < hops; ++i)
    ++n[bredr_basic_channel(static_cast<std::uint32_t>(4 * i), address)];  // the central's slots
  REQUIRE(n.size() == 79);
  double chi2 = 0;
  for (const auto& [ch, count] : n)
    chi2 += std::pow(count - 2000.0, 2) / 2000.0;
  CHECK(chi2 < 140);  // chi-square, 78 degrees of freedom: P(> 140) < 1e-5 for a uniform sequence
  // AFH with the 22 channels of Wi-Fi channel 6 (2426-2448 MHz, channels 24..46) removed.
  std::vector<int> used;
  for (int c = 0; c < 79; ++c)
    if (c < 24 || c > 46)
      used.push_back(c);
  std::map<int, int> m;
  int same = 0;
  for (int i = 0; i < hops; ++i) {
    const auto clk = static_cast<std::uint32_t>(4 * i);
    const int a    = bredr_adapted_channel(clk, address, used);
    REQUIRE(std::binary_search(used.begin(), used.end(), a));
    ++m[a];
    same += a == bredr_basic_channel(clk, address);
  }
  CHECK(m.size() == used.size());
  // The channels the basic sequence already used stay where they are: 56 of 79 hops.
  CHECK(same == Approx(hops * 56.0 / 79.0).epsilon(0.03));
  // With every channel used, the adapted channel is the basic one.
  std::vector<int> all;
  for (int c = 0; c < 79; ++c)
    all.push_back(c);
  for (std::uint32_t clk = 0; clk < 4000; clk += 4)
    CHECK(bredr_adapted_channel(clk, address, all) == bredr_basic_channel(clk, address));
}

TEST_CASE("LE Channel Selection Algorithm #2: the specification's sample data, events and subevents")
{
  const std::uint16_t id = csa2_channel_identifier(0x8E89BED6);
  CHECK(id == 0x305F);
  LeChannelMap all{};
  all.fill(true);
  LeChannelMap nine{};
  for (int c : {9, 10, 21, 22, 23, 33, 34, 35, 36})
    nine[static_cast<size_t>(c)] = true;
  struct Event {
    std::uint16_t counter;
    bool all;
    std::uint16_t prn_e;
    int channel, index;
    int sub[3];  // the channels of subevents 2, 3, 4
  };
  const Event ev[] = {{0, true, 56857, 25, 25, {1, 16, 36}}, {1, true, 1685, 20, 20, {36, 12, 34}},
                      {2, true, 38301, 6, 6, {18, 32, 21}},  {3, true, 27475, 21, 21, {4, 22, 8}},
                      {6, false, 10975, 23, 4, {35, 21, 36}}, {7, false, 5490, 9, 0, {22, 36, 33}},
                      {8, false, 46970, 34, 6, {9, 33, 10}}};
  for (const auto& x : ev) {
    INFO("event counter " << x.counter << (x.all ? ", 37 channels" : ", 9 channels"));
    const auto& map = x.all ? all : nine;
    Csa2Event e     = csa2_event(x.counter, id, map);
    CHECK(e.prn_e == x.prn_e);
    CHECK(e.channel == x.channel);
    CHECK(e.remap_index == x.index);
    for (int s = 0; s < 3; ++s)
      CHECK(csa2_next_subevent(id, map, e) == x.sub[s]);
  }
}
