#include "models/wifi/wifi.hpp"

namespace btlinksim {

const std::vector<WifiMcs>& wifi_mcs_table()
{
  // IEEE 802.11-2012 Table 20-30 (rates, 20 MHz, 800 ns GI, 1 stream) and Table 20-21 (minimum sensitivity) (S).
  static const std::vector<WifiMcs> t{{0, 6.5e6, -82}, {1, 13e6, -79},   {2, 19.5e6, -77}, {3, 26e6, -74},
                                      {4, 39e6, -70},  {5, 52e6, -66},   {6, 58.5e6, -65}, {7, 65e6, -64}};
  return t;
}

std::optional<WifiMcs> wifi_mcs_for(double rx_dbm)
{
  std::optional<WifiMcs> best;
  for (const auto& m : wifi_mcs_table())
    if (rx_dbm >= m.sensitivity_dbm)
      best = m;
  return best;
}

}  // namespace btlinksim
