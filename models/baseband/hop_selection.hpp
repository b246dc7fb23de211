// Which RF channel a packet is sent on, as the Core specification selects it (pure: no engine, no random draw):
// the BR/EDR hop selection kernel for the basic and adapted piconet channels (Vol 2 Part B §2.6), and LE Channel
// Selection Algorithm #2 for connection and isochronous events and their subevents (Vol 6 Part B §4.5.8.3).
// Both are functions of an address and a clock or event counter; checked against the specification's sample
// data (Vol 2 Part G; Vol 6 Part C §3) in tests/unit/test_hop_selection.cpp. docs/references.md [sig-hop], [sig-csa2].
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace btlinksim {

// BR/EDR, connection state. clk: the central's 28-bit clock (CLK27..0, one tick per 312.5 µs); address: the 28
// low bits of the central's BD_ADDR (LAP and the 4 low bits of UAP). Returns the channel k (f = 2402 + k MHz).
int bredr_basic_channel(std::uint32_t clk, std::uint32_t address);
// The adapted piconet channel (AFH, §2.6.3.? "adapted"): the basic channel when it is in `used` (sorted ascending,
// at least 20 channels), otherwise the same kernel's output re-mapped onto the used channels; a peripheral answers
// on the central's channel (the same-channel mechanism: CLK1 taken as 0).
int bredr_adapted_channel(std::uint32_t clk, std::uint32_t address, const std::vector<int>& used);

// A piconet's hop sequence as a link sees it: the central's address and its clock, whose slot pairs (CLK1..0 = 00,
// the central's transmissions) fall at phase + k x period on the central's slot grid.
struct HopSequence {
  std::uint32_t address = 0;  // the central's BD_ADDR, 28 low bits
  std::uint32_t clk0    = 0;  // CLK at the grid's slot pair k = 0 (a multiple of 4)
  double phase_s        = 0;
  double period_s       = 1.25e-3;  // a slot pair of the central's clock (drift included)
  // CLK at time t (28 bits; before the first slot pair: clk0).
  std::uint32_t clk(double t_s) const;
  // The channel of a packet starting at t: basic, or adapted onto `used` (sorted ascending) with AFH.
  int channel(double t_s) const { return bredr_basic_channel(clk(t_s), address); }
  int channel(double t_s, const std::vector<int>& used) const { return bredr_adapted_channel(clk(t_s), address, used); }
};

// LE: the 37 data channels, a bit per channel (channel map).
using LeChannelMap = std::array<bool, 37>;
// Channel Identifier: the access address's upper and lower 16 bits XORed.
std::uint16_t csa2_channel_identifier(std::uint32_t access_address);
// An event (connection event, or the first subevent of an isochronous event): its channel, the channel's index
// among the used channels, and prn_s, the state the event's subevents continue from.
struct Csa2Event {
  int channel;
  int remap_index;
  std::uint16_t prn_s;
  std::uint16_t prn_e;
};
Csa2Event csa2_event(std::uint16_t counter, std::uint16_t channel_id, const LeChannelMap& used);
// The next subevent of an isochronous event (CIS or BIS subevent 2, 3, ...): advances `e` (prn_s holds the
// subevent's prnSubEvent_lu, remap_index the used-channel index) and returns its channel.
int csa2_next_subevent(std::uint16_t channel_id, const LeChannelMap& used, Csa2Event& e);

}  // namespace btlinksim
