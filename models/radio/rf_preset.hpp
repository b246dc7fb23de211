// Device RF presets (issue 22): what a real device adds to the radio's datasheet -- transmit power, antenna gain
// (radiation efficiency), losses in the enclosure and in the hand or body holding it, and receiver sensitivity per
// PHY. Each number's source is in docs/models.md ("Device RF presets"): a datasheet or a published measurement (T,
// M), or assumed (U) with the reason. `ideal` is the textbook end: class 2, 0 dBi, no loss, typical sensitivities.
#pragma once

#include "models/radio/radio.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

struct RfPreset {
  const char* name;
  const char* help;
  double tx_power_dbm;
  double antenna_gain_db;  // tx and rx (reciprocal antenna)
  double cable_loss_db;    // matching, feed and enclosure (tx and rx)
  double body_loss_db;     // the hand or body at the device (tx and rx)
  // Sensitivity per PHY (all_phys() order: br, edr2m, edr3m, le1m, le2m, le_coded_s2, le_coded_s8); none: typical.
  std::array<std::optional<double>, 7> sensitivity_dbm;
};

const std::vector<RfPreset>& rf_presets();
const RfPreset* rf_preset(const std::string& name);
std::vector<std::string> rf_preset_names();

}  // namespace btlinksim
