// Declarations of the channel's keys: environment (path loss, fading, shadowing, walls, interferers).
#include "sim/scenario/declarations.hpp"

#include "sim/scenario/decl_helpers.hpp"

namespace btlinksim {

using namespace decl;

const Section<EnvironmentSpec>& environment_section()
{
  using E = EnvironmentSpec;
  static const Section<E> t{
      "scenario.environment",
      "Scenario: environment",
      {{map_decl("path_loss", "path-loss model (scenario.environment.path_loss)", "(defaults)"), {}},
       {map_decl("fading", "small-scale fading (scenario.environment.fading)", "(none)"), {}},
       {map_decl("shadowing", "how shadowing changes (scenario.environment.shadowing)", "(defaults)"), {}},
       {list_decl("walls", Dimension::dimensionless, 0, "(none)",
                  "walls seen from above, each { from: [x, y], to: [x, y], type or loss } (scenario.environment.walls)"),
        {}},
       {list_decl("interference", Dimension::dimensionless, 0, "(none)",
                  "Wi-Fi networks and other piconets (scenario.environment.interference)"),
        {}},
       {{"channel_step", Dimension::time, "10 ms", 1e-3, 1, {},
         "sampling period of the slow channel: positions, walls, body, shadowing (U)"},
        number<E>(BTL_MEMBER(E, channel_step_s))}}};
  return t;
}

const Section<PathLossSection>& path_loss_section()
{
  using P = PathLossSection;
  static const Section<P> t{
      "scenario.environment.path_loss",
      "Scenario: environment.path_loss",
      {{choice_decl("model", "log_distance", {"free_space", "log_distance", "itu_p1238", "multi_wall", "two_slope"},
                    "path-loss model (docs/models.md)"),
        text<P>(BTL_MEMBER(P, params.model))},
       {{"exponent", Dimension::dimensionless, "3.0", 1.0, 6.0, {}, "log_distance: exponent n"},
        number<P>(BTL_MEMBER(P, params.exponent))},
       {{"reference_distance", Dimension::length, "1 m", 0.1, 100, {}, "log_distance: reference distance d0"},
        number<P>(BTL_MEMBER(P, params.reference_distance_m))},
       {{"reference_loss", Dimension::level, "(free space at d0)", 0, 200, {}, "log_distance: loss at d0"},
        [](P& p, const CheckedValue& v) {
          p.params.reference_loss_db = v.number;
          return std::string();
        }},
       {{"shadowing_sigma", Dimension::level, "0 dB", 0, 20, {},
         "log-normal shadowing sigma, drawn once per link and replication"},
        number<P>(BTL_MEMBER(P, shadowing_sigma_db))},
       {choice_decl("building", "residential", {"residential", "office", "commercial"}, "itu_p1238: building type"),
        text<P>(BTL_MEMBER(P, params.building))},
       {{"floors", Dimension::count, "0", 0, 10, {}, "itu_p1238 / multi_wall: floors between the ends"},
        number<P>(BTL_MEMBER(P, params.floors))},
       {{"light_walls", Dimension::count, "0", 0, 50, {}, "multi_wall: light walls on every link (3.4 dB each)"},
        number<P>(BTL_MEMBER(P, params.light_walls))},
       {{"heavy_walls", Dimension::count, "0", 0, 50, {}, "multi_wall: heavy walls on every link (6.9 dB each)"},
        number<P>(BTL_MEMBER(P, params.heavy_walls))},
       {{"frequency", Dimension::frequency, "2.44 GHz", 2.4e9, 2.4835e9, {}, "carrier frequency"},
        number<P>(BTL_MEMBER(P, params.frequency_hz))}}};
  return t;
}

const Section<EnvironmentSpec>& fading_section()
{
  using E = EnvironmentSpec;
  static const Section<E> t{
      "scenario.environment.fading",
      "Scenario: environment.fading",
      {{choice_decl("model", "none", {"none", "rayleigh", "rician"},
                    "small-scale fading, drawn independently per transmission attempt (frequency hopping)"),
        choice<E>(BTL_MEMBER(E, fading), std::vector<std::pair<std::string, FadingKind>>{
                                          {"none", FadingKind::none}, {"rayleigh", FadingKind::rayleigh}, {"rician", FadingKind::rician}})},
       {{"k", Dimension::level, "6 dB", -30, 30, {}, "rician: K factor"}, number<E>(BTL_MEMBER(E, rician_k_db))},
       {{"coherence_time", Dimension::time, "0 s", 0, 10, {},
         "hold each fading draw this long; 0 = a new draw per attempt (each hops to a new channel, docs/references.md [fading])"},
        number<E>(BTL_MEMBER(E, coherence_time_s))}}};
  return t;
}

const Section<EnvironmentSpec>& shadowing_section()
{
  using E = EnvironmentSpec;
  static const Section<E> t{
      "scenario.environment.shadowing",
      "Scenario: environment.shadowing (sigma is path_loss.shadowing_sigma)",
      {{{"decorrelation_distance", Dimension::length, "5 m", 0.01, 1000, {},
         "Gudmundson exponential correlation distance: moving this far decorrelates shadowing to 1/e (U)"},
        number<E>(BTL_MEMBER(E, shadowing_decorrelation_m))},
       {{"time_constant", Dimension::time, "(none: static room)", 0.01, 1e6, {},
         "correlation time of a changing room with static ends (people moving); none = fixed per replication"},
        number<E>(BTL_MEMBER(E, shadowing_time_constant_s))}}};
  return t;
}

const Section<Wall>& wall_section()
{
  static const Section<Wall> t{
      "scenario.environment.walls[]",
      "Scenario: one wall (a segment seen from above; links whose line of sight crosses it lose its loss)",
      {{text_decl("name", "(wall N)", "label"), text<Wall>(BTL_MEMBER(Wall, name))},
       {list_decl("from", Dimension::length, 2, "", "one end [x, y] (numbers are metres)"), {}},
       {list_decl("to", Dimension::length, 2, "", "other end [x, y]"), {}},
       {choice_decl("type", "light", {"light", "heavy"}, "light 3.4 dB, heavy 6.9 dB (COST 231 multi-wall [cost231-matlab])"),
        choice<Wall>(BTL_MEMBER(Wall, loss_db),
               std::vector<std::pair<std::string, double>>{{"light", kLightWallLoss_db}, {"heavy", kHeavyWallLoss_db}})},
       {{"loss", Dimension::level, "(by type)", 0, 100, {}, "loss through the wall; overrides type"},
        number<Wall>(BTL_MEMBER(Wall, loss_db))}}};
  return t;
}

const Section<InterfererSpec>& interferer_section()
{
  using I = InterfererSpec;
  static const Section<I> t{
      "scenario.environment.interference[]",
      "Scenario: one interferer (a Wi-Fi network or another piconet)",
      {{text_decl("name", "(interferer N)", "label"), text<I>(BTL_MEMBER(I, name))},
       {choice_decl("kind", "", {"wifi", "piconet"},
                    "wifi: a 22 MHz channel busy a duty fraction of the time; piconet: a BR/EDR piconet hopping over 79 channels"),
        [](I& x, const CheckedValue& v) {
          x.kind      = v.word == "piconet" ? I::Kind::piconet : I::Kind::wifi;
          x.power_dbm = x.kind == I::Kind::wifi ? 20.0 : 4.0;  // the power's derived default
          return std::string();
        }},
       {list_decl("position", Dimension::length, 2, "", "x, y of the interfering transmitter (numbers are metres)"), {}},
       {{"floor", Dimension::count, "0", 0, 50, {}, "storey of the interferer"}, number<I>(BTL_MEMBER(I, floor))},
       {{"power", Dimension::power, "(wifi 20 dBm, piconet 4 dBm)", -40, 36, {}, "transmit power (EIRP)"},
        number<I>(BTL_MEMBER(I, power_dbm))},
       {{"channel", Dimension::count, "6", 1, 14, {}, "wifi: 802.11b/g channel (centre 2407 + 5 n MHz; 14: 2484 MHz)"},
        number<I>(BTL_MEMBER(I, wifi_channel))},
       {{"duty", Dimension::fraction, "0.5", 0, 1, {}, "fraction of time the interferer is on the air"},
        number<I>(BTL_MEMBER(I, duty))},
       {{"packet_slots", Dimension::count, "5", 1, 5, {}, "piconet: slots per packet (a new hop per packet)"},
        number<I>(BTL_MEMBER(I, packet_slots))}}};
  return t;
}

}  // namespace btlinksim
