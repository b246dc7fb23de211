#include "models/radio/rf_preset.hpp"

namespace btlinksim {

const std::vector<RfPreset>& rf_presets()
{
  // Sources (docs/models.md, "Device RF presets"):
  //  class 2 maximum +4 dBm [sig-radio] (S); typical sensitivities [everythingrf-sens] (T) where none is given;
  //  hand loss 0.0-6.7 dB over six grips, 2.4 GHz-band PIFA [berg-2009] (M); user body loss in data mode typically
  //  below 6 dB at 2.3 GHz [nielsen-2012] (M) -- the phone takes 3 dB, the middle of those (the choice is U);
  //  TI CC2564MODN: class 1.5 up to +10 dBm, -93 dBm typical sensitivity (BR) [ti-cc2564modn] (T).
  static const std::vector<RfPreset> p{
      {"ideal", "textbook end: class 2 (+4 dBm), 0 dBi, no loss, typical sensitivities", 4.0, 0.0, 0.0, 0.0, {}},
      {"phone_in_hand", "a phone held in the hand: class 2 (+4 dBm, U), -3 dBi antenna (U), 3 dB hand loss (M range)",
       4.0, -3.0, 0.0, 3.0, {}},
      {"small_speaker", "a small battery speaker on a shelf: CC2564-class controller (+10 dBm, BR -93 dBm; T), "
                        "-2 dBi chip antenna and 1 dB enclosure loss (U)",
       10.0, -2.0, 1.0, 0.0, {-93.0, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt}},
      {"party_speaker", "a mains-powered party speaker: +10 dBm (U), 0 dBi antenna clear of the enclosure (U), "
                        "CC2564-class receiver (BR -93 dBm; T)",
       10.0, 0.0, 0.0, 0.0, {-93.0, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt}}};
  return p;
}

const RfPreset* rf_preset(const std::string& name)
{
  for (const auto& r : rf_presets())
    if (name == r.name)
      return &r;
  return nullptr;
}

std::vector<std::string> rf_preset_names()
{
  std::vector<std::string> n;
  for (const auto& r : rf_presets())
    n.emplace_back(r.name);
  return n;
}

}  // namespace btlinksim
