// Radio: power classes, PHY modes, receiver sensitivity defaults, thermal noise floor.
// Sources: docs/references.md [bt-radio], [noise-ber] (keys in brackets are defined there).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

// BR/EDR power classes. Max output power [sig-radio]: class 1 +20 dBm, class 2 +4 dBm, class 3 0 dBm;
// class 1.5 +10 dBm (Core v5.x, tagged U in the reference).
enum class PowerClass { class1, class1_5, class2, class3 };
double class_max_tx_power_dbm(PowerClass c);
std::optional<PowerClass> power_class_from_string(const std::string& s);  // "1", "1.5", "2", "3"
std::string to_string(PowerClass c);

// Physical-layer modes of a receiver.
enum class Phy { br, edr2m, edr3m, le1m, le2m, le_coded_s2, le_coded_s8 };
const std::vector<Phy>& all_phys();
std::string to_string(Phy p);
std::optional<Phy> phy_from_string(const std::string& s);
// Whether a PHY is one of LE's (1M, 2M, coded S2/S8) rather than BR/EDR.
inline bool is_le_phy(Phy p) { return p == Phy::le1m || p == Phy::le2m || p == Phy::le_coded_s2 || p == Phy::le_coded_s8; }

enum class Modulation { gfsk_br, pi4_dqpsk, dpsk8, gfsk_le };

struct PhyInfo {
  Modulation modulation;
  double bits_per_symbol;
  double symbol_rate_sps;       // symbols per second on air
  double noise_bandwidth_hz;    // receiver noise bandwidth used for the noise floor
  double typical_sensitivity_dbm;  // typical real receiver [everythingrf-sens], T
  double spec_sensitivity_dbm;     // specification requirement (BR/LE: -70 dBm at 0.1 % BER) [sig-radio], [umich-ble]
  double reference_ber;            // BER at which sensitivity is specified: 1e-3 (BR, LE), 1e-4 (EDR, U)
  double coding_rate;              // 1 for uncoded, 1/2 for S=2, 1/8 for S=8 (LE coded)
};
const PhyInfo& phy_info(Phy p);

// Thermal noise floor: N = -174 dBm/Hz + 10 log10(B) + NF  [rfess-noise], [vbat-noise].
double noise_floor_dbm(double bandwidth_hz, double noise_figure_db);

// Default receiver noise figure used when none is given: 7 dB (docs/references.md [noise-ber] worked example, D).
inline constexpr double kDefaultNoiseFigure_db = 7.0;
// Maximum usable input level (BR, BER < 0.1 %): -20 dBm [bluegiga-wrap], [honhai], [anritsu].
inline constexpr double kMaxUsableInput_dbm = -20.0;

}  // namespace btlinksim
