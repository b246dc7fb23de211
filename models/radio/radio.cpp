#include "models/radio/radio.hpp"

#include <cmath>
#include <stdexcept>

namespace btlinksim {

double class_max_tx_power_dbm(PowerClass c)
{
  switch (c) {
    case PowerClass::class1: return 20.0;    // 100 mW [sig-radio]
    case PowerClass::class1_5: return 10.0;  // 10 mW (Core v5.x; U in the reference)
    case PowerClass::class2: return 4.0;     // 2.5 mW [sig-radio]
    case PowerClass::class3: return 0.0;     // 1 mW [sig-radio]
  }
  return 0.0;
}

std::optional<PowerClass> power_class_from_string(const std::string& s)
{
  if (s == "1") return PowerClass::class1;
  if (s == "1.5") return PowerClass::class1_5;
  if (s == "2") return PowerClass::class2;
  if (s == "3") return PowerClass::class3;
  return std::nullopt;
}

std::string to_string(PowerClass c)
{
  switch (c) {
    case PowerClass::class1: return "1";
    case PowerClass::class1_5: return "1.5";
    case PowerClass::class2: return "2";
    case PowerClass::class3: return "3";
  }
  return "?";
}

const std::vector<Phy>& all_phys()
{
  static const std::vector<Phy> phys{Phy::br, Phy::edr2m, Phy::edr3m, Phy::le1m, Phy::le2m, Phy::le_coded_s2,
                                     Phy::le_coded_s8};
  return phys;
}

std::string to_string(Phy p)
{
  switch (p) {
    case Phy::br: return "br";
    case Phy::edr2m: return "edr2m";
    case Phy::edr3m: return "edr3m";
    case Phy::le1m: return "le1m";
    case Phy::le2m: return "le2m";
    case Phy::le_coded_s2: return "le_coded_s2";
    case Phy::le_coded_s8: return "le_coded_s8";
  }
  return "?";
}

std::optional<Phy> phy_from_string(const std::string& s)
{
  for (Phy p : all_phys())
    if (to_string(p) == s)
      return p;
  return std::nullopt;
}

const PhyInfo& phy_info(Phy p)
{
  // Symbol rate 1 Msym/s for all BR/EDR modulations [sig-radio]; LE 1M/2M per Core Vol 6; noise bandwidth = the
  // channel's occupied bandwidth (1 MHz BR/EDR/LE1M/coded, 2 MHz LE2M), docs/references.md [noise-ber]
  // Typical sensitivities [everythingrf-sens] (T): BR -90, EDR2 -90, EDR3 -87, LE1M -94, LE2M -89, S2 -99, S8 -101.
  // Reference BER: 0.1 % for BR and LE [umich-ble], 0.01 % for EDR (U in the reference).
  static const PhyInfo br{Modulation::gfsk_br, 1, 1e6, 1e6, -90, -70, 1e-3, 1.0};
  static const PhyInfo edr2{Modulation::pi4_dqpsk, 2, 1e6, 1e6, -90, -70, 1e-4, 1.0};
  static const PhyInfo edr3{Modulation::dpsk8, 3, 1e6, 1e6, -87, -70, 1e-4, 1.0};
  static const PhyInfo le1{Modulation::gfsk_le, 1, 1e6, 1e6, -94, -70, 1e-3, 1.0};
  static const PhyInfo le2{Modulation::gfsk_le, 1, 2e6, 2e6, -89, -70, 1e-3, 1.0};
  static const PhyInfo s2{Modulation::gfsk_le, 1, 1e6, 1e6, -99, -75, 1e-3, 0.5};
  static const PhyInfo s8{Modulation::gfsk_le, 1, 1e6, 1e6, -101, -82, 1e-3, 0.125};
  switch (p) {
    case Phy::br: return br;
    case Phy::edr2m: return edr2;
    case Phy::edr3m: return edr3;
    case Phy::le1m: return le1;
    case Phy::le2m: return le2;
    case Phy::le_coded_s2: return s2;
    case Phy::le_coded_s8: return s8;
  }
  throw std::logic_error("unknown PHY");
}

double noise_floor_dbm(double bandwidth_hz, double noise_figure_db)
{
  return -174.0 + 10.0 * std::log10(bandwidth_hz) + noise_figure_db;
}

}  // namespace btlinksim
