#include "models/radio/power.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("radio energy from the time in each state, worked by hand", "[power]")
{
  // CC256x profile: 3.6 V x (77 mA x 1 s + 40.5 mA x 2 s + 1 mA x 7 s idle) = 3.6 x 0.165 = 0.594 J.
  CHECK(radio_energy_j(br_edr_power_profile(), 1, 2, 10) == Approx(0.594).epsilon(1e-12));
  PowerProfile p = le_power_profile();
  p.other_a      = 0.1;  // an amplifier drawing 100 mA all the time dominates: 3 V x 0.1 A x 10 s = 3 J more
  CHECK(radio_energy_j(p, 0, 0, 10) == Approx(3.0 * (2e-6 * 10 + 0.1 * 10)).epsilon(1e-12));
  CHECK(radio_energy_j(br_edr_power_profile(), 6, 6, 10) == Approx(3.6 * (0.077 * 6 + 0.0405 * 6)).epsilon(1e-12));
}

TEST_CASE("scan windows and inquiry/page trains over an interval", "[power]")
{
  // Windows of 11.25 ms every 1.28 s from 0.5 s: in [0, 10) they start at 0.5, 1.78, ..., 9.46 s: 8 windows.
  CHECK(scan_window_time_s(1.28, 0.01125, 0.5, 0, 10) == Approx(8 * 0.01125).epsilon(1e-12));
  // A part of one window: [0.505, 0.51125).
  CHECK(scan_window_time_s(1.28, 0.01125, 0.5, 0.505, 1.0) == Approx(0.00625).epsilon(1e-9));
  CHECK(scan_window_time_s(1.28, 0.01125, 0.5, 2.0, 2.0) == 0);
  // Two 68 us IDs per 1.25 ms: 10.88 % transmitting; listening half the time.
  CHECK(train_tx_s(1.0) == Approx(0.1088).epsilon(1e-12));
  CHECK(train_rx_s(2.0) == Approx(1.0));
}
