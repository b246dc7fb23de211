#include "models/radio/radio.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("power classes give the specification's maximum output", "[radio]")
{
  // Core spec radio (SIG radio architecture page): 100 mW, 2.5 mW, 1 mW; class 1.5: 10 mW.
  CHECK(class_max_tx_power_dbm(PowerClass::class1) == 20.0);
  CHECK(class_max_tx_power_dbm(PowerClass::class1_5) == 10.0);
  CHECK(class_max_tx_power_dbm(PowerClass::class2) == 4.0);
  CHECK(class_max_tx_power_dbm(PowerClass::class3) == 0.0);
  CHECK(power_class_from_string("1.5") == PowerClass::class1_5);
  CHECK_FALSE(power_class_from_string("4").has_value());
}

TEST_CASE("thermal noise floor is -174 dBm/Hz + 10 log10 B + NF", "[radio]")
{
  CHECK(noise_floor_dbm(1e6, 0) == Approx(-114.0));    // docs/references.md [noise-ber]: 1 MHz -> -114 dBm
  CHECK(noise_floor_dbm(2e6, 0) == Approx(-110.99).margin(0.01));  // 2 MHz -> -111 dBm
  CHECK(noise_floor_dbm(1e6, 7) == Approx(-107.0));
}

TEST_CASE("PHY names round-trip and typical sensitivities follow the reference", "[radio]")
{
  for (Phy p : all_phys())
    CHECK(phy_from_string(to_string(p)) == p);
  CHECK(phy_info(Phy::br).typical_sensitivity_dbm == -90);
  CHECK(phy_info(Phy::edr3m).typical_sensitivity_dbm == -87);
  CHECK(phy_info(Phy::le_coded_s8).typical_sensitivity_dbm == -101);
}
