#include "models/radio/range.hpp"
#include "sim/cli/cli_params.hpp"
#include "sim/cli/commands.hpp"
#include "sim/scenario/declarations.hpp"
#include "sim/output/json.hpp"
#include "sim/cli/range_scenario.hpp"
#include "models/audio/codec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <cstdio>
#include <iostream>
#include <memory>

namespace btlinksim::cli {

namespace {
// A declaration of a scenario section, by key (the range command reuses the scenario's radio and path-loss keys).
template <class T> ParamDecl decl_of(const Section<T>& sec, const std::string& key, const std::string& as = "")
{
  ParamDecl d = *sec.table().find(key);
  if (!as.empty())
    d.name = as;
  return d;
}
// The range command's option for a path-loss key (the model is --path-loss; the others keep their names).
std::string range_name_of_path_loss_key(const std::string& key) { return key == "model" ? "path_loss" : key; }
}  // namespace

const ParamTable& range_params()
{
  static const ParamTable t = [] {
    const auto& pl = path_loss_section();
    const auto& rd = radio_section();
    ParamTable r{"range", "Link-budget range calculator (`btlinksim range`)", {}};
    auto& p = r.params;
    p.push_back({"phy", Dimension::dimensionless, "edr2m", -1e300, 1e300,
                 {"br", "edr2m", "edr3m", "le1m", "le2m", "le_coded_s2", "le_coded_s8"},
                 "PHY mode of the link (sets the receiver's modulation, noise bandwidth and typical sensitivity)"});
    ParamDecl cls   = decl_of(rd, "class");
    cls.default_text = "2";  // the range command has no RF preset: its own defaults are the ideal end's
    p.push_back(cls);
    p.push_back(decl_of(rd, "tx_power"));
    p.push_back({"tx_antenna_gain", Dimension::level, "0 dB", -20, 20, {}, "transmit antenna gain"});
    p.push_back({"rx_antenna_gain", Dimension::level, "0 dB", -20, 20, {}, "receive antenna gain"});
    p.push_back({"tx_cable_loss", Dimension::level, "0 dB", 0, 40, {}, "loss between transmitter and antenna"});
    p.push_back({"rx_cable_loss", Dimension::level, "0 dB", 0, 40, {},
                 "loss between antenna and receiver (also body or enclosure loss)"});
    ParamDecl sens   = decl_of(rd, "sensitivity");
    sens.default_text = "(typical for the PHY)";
    sens.help         = "receiver sensitivity at the PHY's reference BER (BR/LE 0.1 %, EDR 0.01 %)";
    p.push_back(sens);
    p.push_back(decl_of(rd, "noise_figure"));
    p.push_back({"fade_margin", Dimension::level, "10 dB", 0, 60, {}, "margin kept above sensitivity for fading"});
    p.push_back({"shadowing_sigma", Dimension::level, "0 dB", 0, 20, {},
                 "log-normal shadowing standard deviation; adds sigma*z(reliability) to the margin"});
    p.push_back({"reliability", Dimension::fraction, "0.9", 0.5, 0.9999, {}, "location reliability used with shadowing_sigma"});
    for (const auto& d : pl.table().params)  // every path-loss key but the scenario's shadowing draw
      if (d.name != "shadowing_sigma")
        p.push_back(decl_of(pl, d.name, range_name_of_path_loss_key(d.name)));
    p.push_back({"distance", Dimension::length, "8 m", 0.1, 1e5, {}, "distance at which the budget and PER are given"});
    // The link criterion (docs/models.md, "When a link holds"): the audio packet and its rate, from the scenario's
    // audio keys, and an implementation margin.
    ParamDecl packet   = decl_of(audio_section(), "packet_type", "packet");
    packet.default_text = "(the PHY's 5-slot type)";
    packet.help         = "ACL packet the audio travels in (its payload PHY must be --phy); the criterion's packet sensitivity is for it";
    p.push_back(packet);
    p.push_back(decl_of(audio_section(), "codec"));
    ParamDecl rate = decl_of(audio_section(), "bitrate");
    rate.help      = "audio bit rate: with the codec, the frames per packet and packets per second (LE PHYs: one PDU of "
                     "bitrate x 10 ms, at most 251 B, per 10 ms)";
    p.push_back(rate);
    p.push_back({"implementation_margin", Dimension::level, "0 dB", 0, 20, {},
                 "margin for production spread and ageing, added to the packet sensitivity (U: none by default)"});
    return r;
  }();
  return t;
}

namespace {

struct RangeOptions {
  std::unique_ptr<ParamOptions> params;
  bool json = false;
  ScenarioRangeOptions scenario;  // with scenario files: range as a simulated outcome
};

RangeQuery query_from(const ParamOptions& p)
{
  RangeQuery q;
  q.phy               = *phy_from_string(p.word("phy"));
  q.ends.tx_power_dbm = p.given("tx_power") ? p.number("tx_power")
                                             : class_max_tx_power_dbm(*power_class_from_string(p.word("class")));
  q.ends.tx_antenna_gain_db = p.number("tx_antenna_gain");
  q.ends.rx_antenna_gain_db = p.number("rx_antenna_gain");
  q.ends.tx_cable_loss_db   = p.number("tx_cable_loss");
  q.ends.rx_cable_loss_db   = p.number("rx_cable_loss");
  if (p.given("sensitivity"))
    q.sensitivity_dbm = p.number("sensitivity");
  q.noise_figure_db      = p.number("noise_figure");
  q.fade_margin_db       = p.number("fade_margin");
  q.shadowing_sigma_db   = p.number("shadowing_sigma");
  q.location_reliability = p.number("reliability");
  q.distance_m           = p.number("distance");
  q.implementation_margin_db = p.number("implementation_margin");
  // The audio packet: frames of the codec at the bit rate in the packet type (as the simulator sends them).
  const Codec codec = make_codec(*codec_kind_from_string(p.word("codec")), p.number("bitrate"));
  if (is_le_phy(q.phy)) {
    q.payload_bytes = std::min(251, static_cast<int>(std::ceil(p.number("bitrate") * 0.010 / 8)));
    q.packets_per_s = 100.0;
  } else {
    const AclType t = p.given("packet") ? *acl_type_from_string(p.word("packet"))
                      : q.phy == Phy::br ? AclType::dh5 : q.phy == Phy::edr2m ? AclType::edr2_dh5 : AclType::edr3_dh5;
    const int fpp   = frames_per_packet(codec, acl_info(t).max_payload_bytes);
    q.packet        = t;
    q.payload_bytes = codec.media_overhead_bytes + fpp * codec.frame_bytes;
    q.packets_per_s = fpp > 0 ? 1.0 / (fpp * codec.frame_duration_s) : 0.0;
  }
  // The path-loss model through the scenario section's own setters and builder.
  PathLossSection pl;
  apply_section<PathLossSection>(
      path_loss_section(), pl,
      [&](const ParamDecl& d) -> std::optional<CheckedValue> {
        if (d.name == "shadowing_sigma")
          return std::nullopt;
        return p.checked(range_name_of_path_loss_key(d.name));
      },
      [](const ParamDecl&, const std::string&) {});
  q.model = make_path_loss(pl.params);
  return q;
}

void print_table(const RangeQuery& q, const RangeReport& r)
{
  std::printf("btlinksim range: %s, %s, tx %.1f dBm EIRP %.1f dBm, distance %.2f m\n\n", r.model.c_str(),
              to_string(q.phy).c_str(), q.ends.tx_power_dbm, q.ends.eirp_dbm(), q.distance_m);
  std::printf("  path loss            %8.2f dB\n", r.path_loss_db);
  std::printf("  received power       %8.2f dBm%s\n", r.rx_power_dbm,
              r.overloaded ? "   (above the -20 dBm maximum usable input: receiver overload)" : "");
  std::printf("  noise floor          %8.2f dBm\n", r.noise_floor_dbm);
  std::printf("  SNR                  %8.2f dB\n", r.snr_db);
  std::printf("  sensitivity          %8.2f dBm  (implementation loss %.2f dB)\n", r.sensitivity_dbm,
              r.implementation_loss_db);
  std::printf("  required power       %8.2f dBm  (%s of %d B, %.1f/s: PER %.2e for %.3g dropout/min; + margins)\n",
              r.required_rx_dbm, r.packet.c_str(), r.payload_bytes, r.packets_per_s, r.target_loss, q.max_dropouts_per_min);
  std::printf("  link margin          %8.2f dB   %s\n", r.link_margin_db,
              r.link_margin_db >= 0 ? "(the link holds)" : "(below the required power: the link does not hold)");
  std::printf("  max range            %8.2f m    (%.2f m at the datasheet sensitivity, no packet term or margins)\n\n",
              r.max_range_m, r.max_range_at_sensitivity_m);
  std::printf("  link budget (docs/models.md, \"When a link holds\"): terms summing to the maximum path loss\n");
  print_budget(r.budget, "    ");
  std::printf("\n");
  std::printf("  %-8s %5s %8s %10s %10s %10s %12s\n", "packet", "slots", "payload", "air_us", "BER", "PER",
              "goodput_kbps");
  for (const auto& p : r.packets)
    std::printf("  %-8s %5d %8d %10.1f %10.3e %10.4f %12.1f\n", p.name.c_str(), p.slots, p.payload_bytes,
                p.air_time_s * 1e6, p.ber, p.per, p.goodput_bps / 1e3);
}

void print_json(const RangeQuery& q, const RangeReport& r)
{
  nlohmann::ordered_json packets = nlohmann::ordered_json::array();
  for (const auto& p : r.packets)
    packets.push_back({{"packet", p.name},
                       {"slots", p.slots},
                       {"payload_bytes", p.payload_bytes},
                       {"air_time_s", json_number(p.air_time_s)},
                       {"ber", json_number(p.ber)},
                       {"per", json_number(p.per)},
                       {"goodput_bps", json_number(p.goodput_bps)}});
  const nlohmann::ordered_json j{{"model", r.model},
                                 {"phy", to_string(q.phy)},
                                 {"tx_power_dbm", json_number(q.ends.tx_power_dbm)},
                                 {"eirp_dbm", json_number(q.ends.eirp_dbm())},
                                 {"distance_m", json_number(q.distance_m)},
                                 {"path_loss_db", json_number(r.path_loss_db)},
                                 {"rx_power_dbm", json_number(r.rx_power_dbm)},
                                 {"noise_floor_dbm", json_number(r.noise_floor_dbm)},
                                 {"snr_db", json_number(r.snr_db)},
                                 {"sensitivity_dbm", json_number(r.sensitivity_dbm)},
                                 {"implementation_loss_db", json_number(r.implementation_loss_db)},
                                 {"fade_margin_db", json_number(r.total_margin_db)},
                                 {"packet", r.packet},
                                 {"payload_bytes", r.payload_bytes},
                                 {"packets_per_s", json_number(r.packets_per_s)},
                                 {"max_dropouts_per_min", json_number(q.max_dropouts_per_min)},
                                 {"target_packet_loss", json_number(r.target_loss)},
                                 {"packet_sensitivity_dbm", json_number(r.packet_sensitivity_dbm)},
                                 {"required_rx_dbm", json_number(r.required_rx_dbm)},
                                 {"link_margin_db", json_number(r.link_margin_db)},
                                 {"link_budget", budget_json(r.budget)},
                                 {"max_path_loss_db", json_number(r.max_path_loss_db)},
                                 {"max_range_m", json_number(r.max_range_m)},
                                 {"max_range_at_sensitivity_m", json_number(r.max_range_at_sensitivity_m)},
                                 {"overloaded", r.overloaded},
                                 {"packets", std::move(packets)}};
  std::cout << j.dump() << "\n";
}

}  // namespace

namespace {
// Scenario mode: the simulated range of --vary DEVICE in each scenario file (sim/cli/range_scenario.hpp).
int scenario_range(RangeOptions& state)
{
  for (const auto& f : state.scenario.files)  // `--tx-power 100 mW`: the unit became a "file"
    if (std::error_code ec; !std::filesystem::exists(f, ec) && f.find_first_of("./") == std::string::npos) {
      std::cerr << "btlinksim range: '" << f << "' is no file; if it is the unit of the option before it, write the "
                   "value and its unit as one argument: --tx-power '100 mW' (quoted) or --tx-power 20dBm\n";
      return 2;
    }
  if (state.scenario.files.empty() || state.scenario.vary.empty()) {
    std::cerr << "btlinksim range: scenario mode needs scenario files and --vary DEVICE, e.g. "
                 "btlinksim range scenarios/relay.yaml --vary right\n";
    return 2;
  }
  const auto& so = state.scenario;
  if (so.min_m >= so.max_m) {
    std::cerr << "btlinksim range: --min " << so.min_m << " m must be below --max " << so.max_m << " m\n";
    return 2;
  }
  if (so.tolerance_m >= so.max_m - so.min_m) {
    std::cerr << "btlinksim range: --tolerance " << so.tolerance_m << " m is not narrower than the bracket ["
              << so.min_m << ", " << so.max_m << "] m: the bisection would not search; give a smaller tolerance\n";
    return 2;
  }
  state.scenario.json = state.json;
  return run_scenario_range(state.scenario);
}

// Link-budget mode: one radio link's budget, PER per packet type and maximum range (models/radio/range.hpp).
int budget_range(RangeOptions& state)
{
  const auto errors = state.params->validate();
  if (!errors.empty()) {
    for (const auto& e : errors)
      std::cerr << "btlinksim range: " << e << "\n";
    std::cerr << "run 'btlinksim range --help' for every option with its unit, default and range\n";
    return 2;
}
if (state.params->given("packet") && state.params->given("phy") &&
    to_string(acl_info(*acl_type_from_string(state.params->word("packet"))).payload_phy) != state.params->word("phy")) {
  std::cerr << "btlinksim range: --packet " << state.params->word("packet") << " is sent in "
            << to_string(acl_info(*acl_type_from_string(state.params->word("packet"))).payload_phy)
            << ", not in --phy " << state.params->word("phy") << "; give one of them, or both consistent\n";
  return 2;
}
RangeQuery q = query_from(*state.params);
if (state.params->given("packet") && !state.params->given("phy"))  // the packet decides the PHY
  q.phy = acl_info(*q.packet).payload_phy;
q.max_dropouts_per_min = state.scenario.max_dropouts_per_min;
const RangeReport r = evaluate_range(q);
if (state.json)
  print_json(q, r);
else
  print_table(q, r);
return 0;
}

}  // namespace

Action add_range_command(CLI::App& app)
{
  auto* sub = app.add_subcommand(
      "range", "Link budget, PER per packet type and maximum range of one radio link; with scenario files and "
               "--vary DEVICE, the simulated range per topology (bisection over replications)");
  auto state = std::make_shared<RangeOptions>();
  state->params = std::make_unique<ParamOptions>(sub, range_params());
  sub->add_flag("--json", state->json, "print JSON instead of a table");
  auto& so = state->scenario;
  sub->add_option("scenarios", so.files, "scenario files: find the simulated range of --vary DEVICE in each");
  sub->add_option("--vary", so.vary, "scenario mode: the device moved along the line from its feeding device");
  sub->add_option("--from", so.from, "scenario mode: anchor device (default: the device feeding --vary)");
  sub->add_option("--min", so.min_m, "scenario mode: shortest distance searched, m (default 0.5)")->check(CLI::PositiveNumber);
  sub->add_option("--max", so.max_m, "scenario mode: longest distance searched, m (default 100)")->check(CLI::PositiveNumber);
  sub->add_option("--tolerance", so.tolerance_m, "scenario mode: bisection stops at this bracket width, m (default 0.25)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--max-dropouts-per-min", so.max_dropouts_per_min,
                  "the link criterion: dropouts per minute at most this (default 1); the budget's packet loss target, "
                  "and in scenario mode the simulated criterion of the varied sink")
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--keep-link", so.keep_link, "scenario mode: criterion also needs the link kept for the whole run");
  sub->add_option("--replications", so.replications, "scenario mode: replications (default: the scenario's)")
      ->check(CLI::Range(1, 1000));
  sub->add_option("-j,--jobs", so.jobs, "scenario mode: runs in parallel (results do not depend on it)")
      ->check(CLI::Range(1, 256));
  return [sub, state]() -> int {
    if (!sub->parsed())
      return -1;
    const bool scenario_mode = !state->scenario.files.empty() || !state->scenario.vary.empty();
    if (!scenario_mode)  // options that only the scenario mode reads must not be silently ignored
      for (const char* opt : {"--from", "--min", "--max", "--tolerance", "--keep-link",
                              "--replications", "--jobs"})
        if (sub->count(opt) > 0) {
          std::cerr << "btlinksim range: " << opt << " applies to the scenario mode (scenario files and --vary "
                       "DEVICE); without them range evaluates the link budget of --distance\n";
          return 2;
        }
    if (scenario_mode)
      return scenario_range(*state);
    return budget_range(*state);
  };
}

}  // namespace btlinksim::cli
