// The transports' own sections, le_audio and wifi: read whatever the kind (one base scenario serves a sweep over
// topology kinds); the transport that uses one resolves it (sim/scenario/transports/).
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/sections.hpp"

namespace btlinksim {

void read_le_audio(YamlReader& L, const Fields& top, LeAudioSpec& e)
{
  const Fields f = L.section(top, "le_audio", le_audio_section().table(), "le_audio");
  if (top.count("le_audio"))
    e.where = L.loc(top.at("le_audio"));
  L.read(le_audio_section(), f, e, "le_audio");
}

void read_wifi(YamlReader& L, const Fields& top, WifiSpec& w)
{
  const Fields f = L.section(top, "wifi", wifi_section().table(), "wifi");
  if (top.count("wifi"))
    w.where = L.loc(top.at("wifi"));
  L.read(wifi_section(), f, w, "wifi");
  if (f.count("access_point"))
    if (auto xy = L.numbers(f.at("access_point"), Dimension::length, 2, "wifi.access_point", "[0, 0]")) {
      w.ap_x_m = (*xy)[0];
      w.ap_y_m = (*xy)[1];
    }
}

}  // namespace btlinksim
