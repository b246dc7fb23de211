// Wi-Fi multi-room (pure part): the 802.11n rate a station gets from its received power, and how a grouped
// speaker renders by network time. The medium itself -- stations sharing one channel's air time at their own
// rates -- is SimGrid's Wi-Fi network model (sim/engine/wifi_transport.hpp).
//
// Sources (docs/models.md, "Wi-Fi multi-room"):
//   802.11n, 20 MHz, 800 ns guard interval, one spatial stream: MCS 0..7 data rates 6.5 .. 65 Mb/s and the
//   minimum receiver sensitivities -82, -79, -77, -74, -70, -66, -65, -64 dBm (IEEE 802.11-2012 §20.6,
//   Table 20-30, and §20.3.21.1, Table 20-21) (S). A station uses the fastest MCS its received power from the
//   access point supports (ideal rate control, U).
#pragma once

#include <optional>
#include <vector>

namespace btlinksim {

struct WifiMcs {
  int index;
  double rate_bps;
  double sensitivity_dbm;
};
// MCS 0..7 in index order.
const std::vector<WifiMcs>& wifi_mcs_table();
// The fastest MCS whose minimum sensitivity the received power meets; nullopt below MCS 0.
std::optional<WifiMcs> wifi_mcs_for(double rx_dbm);

}  // namespace btlinksim
