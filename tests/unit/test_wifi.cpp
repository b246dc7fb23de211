#include "models/wifi/wifi.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("802.11n MCS from received power: the fastest whose minimum sensitivity is met", "[wifi]")
{
  // IEEE 802.11-2012 Table 20-21 (20 MHz): MCS 0..7 need -82, -79, -77, -74, -70, -66, -65, -64 dBm; Table 20-30:
  // 6.5 .. 65 Mb/s with 800 ns GI, one stream.
  CHECK_FALSE(wifi_mcs_for(-82.01));
  CHECK(wifi_mcs_for(-82)->index == 0);
  CHECK(wifi_mcs_for(-82)->rate_bps == 6.5e6);
  CHECK(wifi_mcs_for(-74.5)->index == 2);
  CHECK(wifi_mcs_for(-74)->index == 3);
  CHECK(wifi_mcs_for(-65.5)->index == 5);
  CHECK(wifi_mcs_for(-64)->index == 7);
  CHECK(wifi_mcs_for(-30)->rate_bps == 65e6);
  CHECK(wifi_mcs_table().size() == 8);
}
