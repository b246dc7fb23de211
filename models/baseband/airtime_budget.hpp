// Air-time budget of half-duplex radios: the share of time each radio needs for the audio it sends and receives,
// before any run (docs/models.md, "Air-time budget"). Pure (no engine).
//
// Every ACL exchange holds both radios for its packet's slots plus the 1-slot return (acl_exchange_time_s). A link
// carrying r packets per second with a mean of a attempts each needs r * a * exchange of both its radios. A master
// starts exchanges only on its own slot-pair grid (1.25 ms, [sig-radio]); a radio that serves links of two piconets
// (a relay: a slave in the phone's, the master of its own) waits at each change of piconet for the other grid. The
// two waits of one round trip, (phase_B - phase_A) mod 1.25 ms and (phase_A - phase_B) mod 1.25 ms, add to exactly one
// slot pair whatever the phases (unless they coincide): a relay that receives a packet and forwards it pays one
// 1.25 ms slot pair per packet it relays. This is the alternating schedule; a relay that batches several packets per
// change of piconet pays less, so the figure is what the design needs in the worst ordering.
// The need is the sum of those shares; above 1 the radio cannot keep up and its transmit queue overflows.
#pragma once

#include <string>
#include <vector>

namespace btlinksim {

struct LinkLoad {
  int tx = -1, rx = -1;      // device indices of the link's ends
  int master = -1;           // the device whose slot grid the link's exchanges follow (the transmitter here)
  double packets_per_s = 0;  // audio packets offered per second
  double attempts      = 1;  // mean attempts per packet (1 / (1 - PER) at the median received power)
  double exchange_s    = 0;  // one exchange: packet slots + return slot
};

struct RadioNeed {
  double exchanges = 0;  // share of time in exchanges
  double alignment = 0;  // share of time waiting for the other piconet's grid
  double total() const { return exchanges + alignment; }
};

inline constexpr double kSlotPair_s = 1.25e-3;  // a master's transmit grid: every other 625 us slot [sig-radio]

// The need of every device's radio (n_devices entries) for the given links.
std::vector<RadioNeed> radio_airtime_need(int n_devices, const std::vector<LinkLoad>& links);

}  // namespace btlinksim
