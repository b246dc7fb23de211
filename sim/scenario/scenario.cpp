#include "sim/scenario/scenario.hpp"

#include "sim/scenario/topology.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace btlinksim {

namespace {
constexpr double kBig = 1e300;
std::vector<std::string> acl_names()
{
  std::vector<std::string> n;
  for (const auto& t : acl_types())
    n.emplace_back(t.name);
  return n;
}

ParamDecl map_decl(const std::string& name, const std::string& help, const std::string& def = "")
{
  ParamDecl d{name, Dimension::dimensionless, def, -kBig, kBig, {}, help};
  d.kind = ValueKind::map;
  return d;
}
ParamDecl text_decl(const std::string& name, const std::string& def, const std::string& help)
{
  ParamDecl d{name, Dimension::dimensionless, def, -kBig, kBig, {}, help};
  d.kind = ValueKind::text;
  return d;
}
ParamDecl list_decl(const std::string& name, Dimension dim, int len, const std::string& def, const std::string& help)
{
  ParamDecl d{name, dim, def, -1e7, 1e7, {}, help};
  d.kind        = ValueKind::list;
  d.list_length = len;
  return d;
}

std::vector<std::string> kinds_or_any()
{
  auto k = topology_kind_names();
  k.push_back("any");
  return k;
}
std::string kinds_help()
{
  std::string h;
  for (const auto* k : topology_kinds())
    h += (h.empty() ? "" : "; ") + k->help();
  return h;
}

const ParamTable& top_table()
{
  static const ParamTable t{
      "scenario",
      "Scenario file: top level",
      {text_decl("scenario", "(file name)", "title of the scenario"),
       {"duration", Dimension::time, "", 1e-3, 1e7, {}, "simulated audio time"},
       {"seed", Dimension::count, "1", 0, 9007199254740992.0, {}, "master seed of every random stream"},
       {"replications", Dimension::count, "1", 1, 1000, {}, "independent replications (seed, replication 0..n-1)"},
       map_decl("environment", "propagation environment (see scenario.environment.*)", "(defaults)"),
       map_decl("devices", "devices by name (see scenario.devices.NAME)"),
       map_decl("topology", "how audio flows (see scenario.topology)"),
       map_decl("audio", "audio stream (see scenario.audio)", "(defaults)"),
       text_decl("preset", "(none)", "system preset (scenarios/presets/NAME.yaml): link formation, handshake, host rules"),
       map_decl("formation", "link formation from power-on (see scenario.formation); present = enabled", "(off)"),
       map_decl("connection", "supervision timeout, reconnection, AFH (see scenario.connection)", "(defaults)"),
       map_decl("output", "result file (see scenario.output)", "(no file)")}};
  return t;
}

const ParamTable& env_table()
{
  static const ParamTable t{"scenario.environment",
                            "Scenario: environment",
                            {map_decl("path_loss", "path-loss model (scenario.environment.path_loss)", "(defaults)"),
                             map_decl("fading", "small-scale fading (scenario.environment.fading)", "(none)"),
                             map_decl("shadowing", "how shadowing changes (scenario.environment.shadowing)", "(defaults)"),
                             list_decl("walls", Dimension::dimensionless, 0, "(none)",
                                       "walls seen from above, each { from: [x, y], to: [x, y], type or loss } "
                                       "(scenario.environment.walls)"),
                             list_decl("interference", Dimension::dimensionless, 0, "(none)",
                                       "Wi-Fi networks and other piconets (scenario.environment.interference)"),
                             {"channel_step", Dimension::time, "10 ms", 1e-3, 1, {},
                              "sampling period of the slow channel: positions, walls, body, shadowing (U)"}}};
  return t;
}

const ParamTable& shadowing_table()
{
  static const ParamTable t{
      "scenario.environment.shadowing",
      "Scenario: environment.shadowing (sigma is path_loss.shadowing_sigma)",
      {{"decorrelation_distance", Dimension::length, "5 m", 0.01, 1000, {},
        "Gudmundson exponential correlation distance: moving this far decorrelates shadowing to 1/e (U)"},
       {"time_constant", Dimension::time, "(none: static room)", 0.01, 1e6, {},
        "correlation time of a changing room with static ends (people moving); none = fixed per replication"}}};
  return t;
}

const ParamTable& wall_table()
{
  static const ParamTable t{
      "scenario.environment.walls[]",
      "Scenario: one wall (a segment seen from above; links whose line of sight crosses it lose its loss)",
      {text_decl("name", "(wall N)", "label"),
       list_decl("from", Dimension::length, 2, "", "one end [x, y] (numbers are metres)"),
       list_decl("to", Dimension::length, 2, "", "other end [x, y]"),
       {"type", Dimension::dimensionless, "light", -kBig, kBig, {"light", "heavy"},
        "light 3.4 dB, heavy 6.9 dB (COST 231 multi-wall [cost231-matlab])"},
       {"loss", Dimension::level, "(by type)", 0, 100, {}, "loss through the wall; overrides type"}}};
  return t;
}

const ParamTable& interferer_table()
{
  static const ParamTable t{
      "scenario.environment.interference[]",
      "Scenario: one interferer (a Wi-Fi network or another piconet)",
      {text_decl("name", "(interferer N)", "label"),
       {"kind", Dimension::dimensionless, "", -kBig, kBig, {"wifi", "piconet"},
        "wifi: a 22 MHz channel busy a duty fraction of the time; piconet: a BR/EDR piconet hopping over 79 channels"},
       list_decl("position", Dimension::length, 2, "", "x, y of the interfering transmitter (numbers are metres)"),
       {"floor", Dimension::count, "0", 0, 50, {}, "storey of the interferer"},
       {"power", Dimension::power, "(wifi 20 dBm, piconet 4 dBm)", -40, 36, {}, "transmit power (EIRP)"},
       {"channel", Dimension::count, "6", 1, 14, {}, "wifi: 802.11b/g channel (centre 2407 + 5 n MHz; 14: 2484 MHz)"},
       {"duty", Dimension::fraction, "0.5", 0, 1, {}, "fraction of time the interferer is on the air"},
       {"packet_slots", Dimension::count, "5", 1, 5, {}, "piconet: slots per packet (a new hop per packet)"}}};
  return t;
}

const ParamTable& connection_table()
{
  static const ParamTable t{
      "scenario.connection",
      "Scenario: connections once formed: supervision, reconnection, adaptive frequency hopping",
      {{"supervision_timeout", Dimension::time, "20 s", 0, 40.9, {},
        "Link_Supervision_Timeout: no packet received for this long drops the link (default 0x7D00 = 20 s "
        "[codetd-lsto]; phones often 2-5 s); 0 = never"},
       {"poll_interval", Dimension::time, "25 ms", 1.25e-3, 1, {},
        "T_poll: the master polls an idle link this often (40 slots, common default [contreras-tpoll])"},
       {"reconnect", Dimension::dimensionless, "true", -kBig, kBig, {"true", "false"},
        "page the peer again after a supervision timeout"},
       {"reconnect_attempts", Dimension::count, "0", 0, 1e6, {}, "pages of 5.12 s before giving up; 0 = until the end"},
       {"afh", Dimension::dimensionless, "false", -kBig, kBig, {"true", "false"},
        "adaptive frequency hopping: the master drops bad channels (>= 20 kept)"},
       {"afh_assessment", Dimension::time, "1 s", 0.01, 60, {}, "AFH channel classification window (U)"},
       {"afh_update_delay", Dimension::time, "60 ms", 0, 10, {},
        "classification to new hop set in use (LMP_set_AFH instant, >= 96 slots; U)"},
       {"afh_bad_per", Dimension::fraction, "0.5", 0.01, 1, {}, "failure fraction above which a channel is bad (U)"},
       {"afh_recheck", Dimension::time, "30 s", 0.1, 3600, {}, "a bad channel is tried again after this long (U)"}}};
  return t;
}

const ParamTable& mobility_table()
{
  static const ParamTable t{
      "scenario.devices.NAME.mobility",
      "Scenario: random-waypoint movement of a device (Camp, Boleng & Davies 2002)",
      {{"model", Dimension::dimensionless, "random_waypoint", -kBig, kBig, {"random_waypoint"}, "mobility model"},
       list_decl("room", Dimension::length, 4, "", "[x0, y0, x1, y1]: the rectangle destinations are drawn in"),
       {"speed_min", Dimension::speed, "0.5 m/s", 0.01, 50, {}, "lowest walking speed"},
       {"speed_max", Dimension::speed, "1.5 m/s", 0.01, 50, {}, "highest walking speed"},
       {"pause", Dimension::time, "2 s", 0, 3600, {}, "pause at each destination"}}};
  return t;
}

const ParamTable& body_table()
{
  static const ParamTable t{
      "scenario.devices.NAME.body",
      "Scenario: a person's body blocking the device's links, on and off (two-state Markov, bluetooth-physics.md §2.5)",
      {{"loss", Dimension::level, "15 dB", 0, 60, {}, "extra loss while blocked (10-20 dB, D)"},
       {"mean_clear", Dimension::time, "10 s", 0.01, 1e6, {}, "mean time unblocked (exponential)"},
       {"mean_blocked", Dimension::time, "2 s", 0.01, 1e6, {}, "mean time blocked (exponential; 1-5 s, D)"}}};
  return t;
}

const ParamTable& path_loss_table()
{
  static const ParamTable t{
      "scenario.environment.path_loss",
      "Scenario: environment.path_loss",
      {{"model", Dimension::dimensionless, "log_distance", -kBig, kBig,
        {"free_space", "log_distance", "itu_p1238", "multi_wall", "two_slope"}, "path-loss model (docs/models.md)"},
       {"exponent", Dimension::dimensionless, "3.0", 1.0, 6.0, {}, "log_distance: exponent n"},
       {"reference_distance", Dimension::length, "1 m", 0.1, 100, {}, "log_distance: reference distance d0"},
       {"reference_loss", Dimension::level, "(free space at d0)", 0, 200, {}, "log_distance: loss at d0"},
       {"shadowing_sigma", Dimension::level, "0 dB", 0, 20, {},
        "log-normal shadowing sigma, drawn once per link and replication"},
       {"building", Dimension::dimensionless, "residential", -kBig, kBig, {"residential", "office", "commercial"},
        "itu_p1238: building type"},
       {"floors", Dimension::count, "0", 0, 10, {}, "itu_p1238 / multi_wall: floors between the ends"},
       {"light_walls", Dimension::count, "0", 0, 50, {}, "multi_wall: light walls on every link (3.4 dB each)"},
       {"heavy_walls", Dimension::count, "0", 0, 50, {}, "multi_wall: heavy walls on every link (6.9 dB each)"},
       {"frequency", Dimension::frequency, "2.44 GHz", 2.4e9, 2.4835e9, {}, "carrier frequency"}}};
  return t;
}

const ParamTable& fading_table()
{
  static const ParamTable t{"scenario.environment.fading",
                            "Scenario: environment.fading",
                            {{"model", Dimension::dimensionless, "none", -kBig, kBig, {"none", "rayleigh", "rician"},
                              "small-scale fading, drawn independently per transmission attempt (frequency hopping)"},
                             {"k", Dimension::level, "6 dB", -30, 30, {}, "rician: K factor"},
                             {"coherence_time", Dimension::time, "0 s", 0, 10, {},
                              "hold each fading draw this long; 0 = a new draw per attempt (each hops to a new "
                              "channel, bluetooth-physics.md §2.6)"}}};
  return t;
}

const ParamTable& device_table()
{
  static const ParamTable t{
      "scenario.devices.NAME",
      "Scenario: one device (key = its name)",
      {{"role", Dimension::dimensionless, "", -kBig, kBig, {"source", "speaker"}, "what the device is"},
       map_decl("radio", "radio (scenario.devices.NAME.radio)", "(class 2)"),
       list_decl("position", Dimension::length, 2, "[0, 0]", "x, y position (numbers are metres)"),
       {"floor", Dimension::count, "0", 0, 50, {}, "storey; floors between two devices add COST 231 floor loss"},
       list_decl("waypoints", Dimension::dimensionless, 0, "(none: fixed)",
                 "movement: [[t_s, x_m, y_m], ...], linear between points; the first is the start"),
       map_decl("mobility", "random-waypoint movement (scenario.devices.NAME.mobility)", "(none)"),
       map_decl("body", "a person blocking this device's links (scenario.devices.NAME.body)", "(none)"),
       {"clock_drift", Dimension::drift, "0 ppm", -500, 500, {}, "clock error of the device (+ runs fast)"},
       {"channel", Dimension::dimensionless, "stereo", -kBig, kBig, {"left", "right", "mono", "stereo"},
        "audio channel the speaker renders"},
       {"max_links", Dimension::count, "7", 1, 7, {}, "ACL links the device accepts (7 active slaves per piconet)"},
       {"power_on", Dimension::time, "0 s", 0, 1e6, {}, "when the device is switched on (formation)"},
       {"boot", Dimension::time, "2 s", 0, 600, {}, "power-on to radio ready (formation; assumption, U)"},
       {"boot_jitter", Dimension::time, "0 s", 0, 600, {}, "uniform random extra boot time per replication"},
       text_decl("firmware", "1.0", "firmware version, e.g. 4.2.1 (compatibility rules)"),
       text_decl("brand", "(preset brand)", "brand, for same-brand-only families"),
       {"audio_links", Dimension::count, "7", 1, 7, {}, "source: A2DP streams the host keeps at once (Echo: 1)"},
       {"audio_link_policy", Dimension::dimensionless, "keep_first", -kBig, kBig, {"keep_first", "most_recent"},
        "source at its audio_links limit: refuse the newcomer, or displace the oldest (Echo)"}}};
  return t;
}

// Device keys as preset role defaults: everything but the role, which the scenario gives.
const ParamTable& device_defaults_table()
{
  static const ParamTable t = [] {
    ParamTable c = device_table();
    c.params.erase(c.params.begin());  // role
    return c;
  }();
  return t;
}

const ParamTable& formation_table()
{
  static const ParamTable t{
      "scenario.formation",
      "Scenario (or preset file): link formation from power-on; times per bluetooth-physics.md §1.4",
      {{"inquiry", Dimension::time, "2.56 s", 0.01, 61.44, {}, "link mode: length of each inquiry phase (one train repetition, 2.56 s)"},
       {"scan", Dimension::time, "2.56 s", 0.01, 61.44, {}, "link mode: length of each scan phase"},
       {"jitter", Dimension::time, "0 s", 0, 60, {}, "link mode: uniform random extra length of every phase"},
       {"link_timeout", Dimension::time, "60 s", 0.1, 3600, {}, "speakers give up linking this long after boot"},
       {"inquiry_scan_interval", Dimension::time, "1.28 s", 0.01125, 2.56, {}, "inquiry scan interval (spec 2.56 s, Android 1.28 s)"},
       {"page_scan_interval", Dimension::time, "1.28 s", 0.01125, 2.56, {}, "page scan interval (R1: 1.28 s)"},
       {"scan_window", Dimension::time, "11.25 ms", 0.010625, 2.56, {}, "inquiry and page scan window"},
       {"page_attempts", Dimension::count, "3", 1, 100, {}, "pages of 5.12 s (Page_Timeout) before the source gives up a speaker"},
       {"role_switch", Dimension::time, "30 ms", 0, 10, {}, "LMP role switch when the wrong side paged (assumption, U)"},
       {"profile_setup", Dimension::time, "300 ms", 0, 30, {}, "A2DP/AVDTP signalling after the ACL is up (assumption, U)"},
       {"speaker_link", Dimension::dimensionless, "true", -kBig, kBig, {"true", "false"},
        "whether speakers can link to each other (false: Sonos in Bluetooth mode)"}}};
  return t;
}

const ParamTable& preset_table()
{
  static const ParamTable t{
      "preset",
      "Preset file (scenarios/presets/NAME.yaml): a system's link formation, handshake and host rules",
      {text_decl("preset", "", "the preset's name (= file name)"),
       text_decl("description", "", "what the system is, and the sources of its numbers"),
       text_decl("brand", "generic", "brand given to speakers that do not set one"),
       {"topology", Dimension::dimensionless, "any", -kBig, kBig, kinds_or_any(),
        "the topology kind the system builds (a scenario with another kind is an error)"},
       map_decl("formation", "link formation defaults (keys of scenario.formation)", "(defaults)"),
       map_decl("compatibility", "who may link with whom (see preset.compatibility)", "(same brand)"),
       map_decl("handshake", "firmware handshake between speakers (see preset.handshake)", "(none: mono)"),
       map_decl("source", "defaults for the source device (keys of scenario.devices.NAME)", "(none)"),
       map_decl("speaker", "defaults for speaker devices (keys of scenario.devices.NAME)", "(none)")}};
  return t;
}

const ParamTable& compatibility_table()
{
  static const ParamTable t{
      "preset.compatibility",
      "Preset: compatibility rules between two speakers",
      {{"same_brand", Dimension::dimensionless, "true", -kBig, kBig, {"true", "false"}, "both speakers must have the same brand"},
       text_decl("min_version", "(any)", "lowest firmware version allowed, e.g. 4.2.1"),
       text_decl("max_version", "(any)", "firmware must be below this version, e.g. 5 (v2.x-v4.x: min 2, max 5)"),
       {"version_must_match", Dimension::dimensionless, "false", -kBig, kBig, {"true", "false"}, "both firmware versions must be equal"}}};
  return t;
}

const ParamTable& handshake_table()
{
  static const ParamTable t{
      "preset.handshake",
      "Preset: the firmware handshake after the baseband link is up",
      {{"processing", Dimension::time, "5 ms", 0, 10, {}, "firmware turnaround per message"},
       map_decl("messages", "message name: size in bytes (carried in DM1 packets)"),
       text_decl("start", "", "first state"),
       map_decl("states", "state name: { send, timeout, retries, next, on_fail, check, on_incompatible }")}};
  return t;
}

const ParamTable& handshake_state_table()
{
  static const ParamTable t{
      "preset.handshake.states.NAME",
      "Preset: one handshake state (send a message, wait for the answer)",
      {text_decl("send", "", "message sent in this state (declared under messages)"),
       {"timeout", Dimension::time, "", 1e-4, 60, {}, "wait for the answer before resending"},
       {"retries", Dimension::count, "0", 0, 100, {}, "resends after the first attempt"},
       text_decl("next", "", "state or outcome (stereo, mono, failed) after an answer"),
       text_decl("on_fail", "failed", "state or outcome when every attempt timed out"),
       {"check", Dimension::dimensionless, "none", -kBig, kBig, {"none", "compatibility"},
        "compatibility: apply the preset's rules to the answer (capability/version exchange)"},
       text_decl("on_incompatible", "failed", "state or outcome when the rules refuse the pair")}};
  return t;
}

const ParamTable& radio_table()
{
  static const ParamTable t{
      "scenario.devices.NAME.radio",
      "Scenario: a device's radio",
      {{"class", Dimension::dimensionless, "2", -kBig, kBig, {"1", "1.5", "2", "3"}, "power class (sets tx_power)"},
       {"tx_power", Dimension::power, "(class maximum)", -40, 30, {}, "transmit power; overrides class"},
       {"antenna_gain", Dimension::level, "0 dB", -20, 20, {}, "antenna gain (tx and rx)"},
       {"cable_loss", Dimension::level, "0 dB", 0, 40, {}, "feed, enclosure or body loss (tx and rx)"},
       {"noise_figure", Dimension::level, "7 dB", 0, 30, {}, "receiver noise figure"},
       {"sensitivity", Dimension::power, "(typical for the audio packet's PHY)", -120, -20, {},
        "receiver sensitivity for the audio packet type's PHY"}}};
  return t;
}

const ParamTable& topology_table()
{
  static const ParamTable t{
      "scenario.topology",
      "Scenario: topology",
      {{"kind", Dimension::dimensionless, "", -kBig, kBig, topology_kind_names(), kinds_help()},
       list_decl("chain", Dimension::dimensionless, 0, "(relay: required)", "relay: devices in order, source first"),
       list_decl("sinks", Dimension::dimensionless, 0, "(dual_stream/single: required)", "speakers fed by the source"),
       text_decl("source", "(the device with role: source)", "source device")}};
  return t;
}

const ParamTable& audio_table()
{
  static const ParamTable t{
      "scenario.audio",
      "Scenario: audio stream",
      {{"codec", Dimension::dimensionless, "sbc", -kBig, kBig, codec_names(), "codec (docs/models.md, Codecs)"},
       {"bitrate", Dimension::bitrate, "328 kbps", 16e3, 1.2e6, {},
        "target bit rate (SBC picks the largest bitpool not above it; aptX ignores it)"},
       {"packet_type", Dimension::dimensionless, "2-DH5", -kBig, kBig, acl_names(), "ACL packet type"},
       {"playout_delay", Dimension::time, "150 ms", 1e-3, 5, {}, "sink buffer: capture-to-render delay"},
       {"sync", Dimension::dimensionless, "(ttp for relay, free_running otherwise)", -kBig, kBig,
        {"ttp", "free_running"}, "how sinks time their rendering (docs/simulation.md)"},
       {"flush_timeout", Dimension::time, "0 s", 0, 1.279, {},
        "give up a packet after this long in ARQ; 0 = never (Android A2DP default)"},
       {"tx_queue_limit", Dimension::count, "20", 1, 10000, {},
        "packets waiting per link; a packet arriving at a full queue is dropped (assumption, U)"}}};
  return t;
}

const ParamTable& output_table()
{
  static const ParamTable t{
      "scenario.output",
      "Scenario: output",
      {text_decl("file", "(none)", "HDF5 result file (one per replication: NAME_repK.h5 when replications > 1)"),
       {"timeseries", Dimension::dimensionless, "false", -kBig, kBig, {"true", "false"},
        "record every frame's arrival (memory grows with duration)"}}};
  return t;
}

class Loader {
public:
  explicit Loader(std::string file) : file_(std::move(file)) {}
  std::vector<Diagnostic> errors;

  Location loc(const YAML::Node& n) const
  {
    const YAML::Mark m = n.Mark();
    if (m.line < 0)
      return {};
    return {m.line + 1, m.column + 1};
  }
  void error(const YAML::Node& n, const std::string& msg) { errors.push_back({loc(n), msg, file_}); }
  void error(Location l, const std::string& msg) { errors.push_back({l, msg, file_}); }

  // Known keys of a map, each checked against the table; unknown keys and missing required keys are errors.
  std::map<std::string, YAML::Node> fields(const YAML::Node& map, const ParamTable& t, const std::string& path)
  {
    std::map<std::string, YAML::Node> out;
    if (!map.IsMap()) {
      error(map, path + " must be a map of keys (key: value)");
      return out;
    }
    std::string allowed;
    for (const auto& p : t.params)
      allowed += (allowed.empty() ? "" : ", ") + p.name;
    for (const auto& kv : map) {
      const YAML::Node k = kv.first, v = kv.second;
      const std::string key = k.Scalar();
      const ParamDecl* d    = t.find(key);
      if (!d) {
        error(k, "unknown key '" + key + "' in " + path + "; allowed keys: " + allowed);
        continue;
      }
      const bool want_map = d->kind == ValueKind::map, want_list = d->kind == ValueKind::list;
      if (want_map && !v.IsMap())
        error(v, path + "." + key + " must be a map (key: value lines)");
      else if (want_list && !v.IsSequence())
        error(v, path + "." + key + " must be a list, e.g. [a, b]");
      else if (!want_map && !want_list && !v.IsScalar())
        error(v, path + "." + key + " must be a single value (" + d->unit_text() + "), not a " +
                     (v.IsMap() ? "map" : v.IsSequence() ? "list" : "null"));
      else
        out[key] = v;
    }
    for (const auto& p : t.params)
      if (p.default_text.empty() && !out.count(p.name) && !has_key(map, p.name))
        error(map, path + " lacks required key '" + p.name + "' (" + p.unit_text() + "): " + p.help);
    return out;
  }

  static bool has_key(const YAML::Node& map, const std::string& k)
  {
    if (!map.IsMap())
      return false;
    for (auto it = map.begin(); it != map.end(); ++it)
      if (it->first.Scalar() == k)
        return true;
    return false;
  }

  // Scalar value of a declared parameter, or its plain default. nullopt if absent without default or invalid.
  std::optional<CheckedValue> value(const std::map<std::string, YAML::Node>& f, const ParamTable& t,
                                    const std::string& key, const std::string& path)
  {
    const ParamDecl* d = t.find(key);
    auto it            = f.find(key);
    if (d->kind == ValueKind::text) {  // free text: no parsing, no range
      if (it != f.end())
        return CheckedValue{0, it->second.Scalar(), ""};
      return d->has_plain_default() ? std::optional<CheckedValue>(CheckedValue{0, d->default_text, ""}) : std::nullopt;
    }
    if (it == f.end()) {
      if (d->has_plain_default())
        return check_param_value(*d, d->default_text, false);
      return std::nullopt;
    }
    CheckedValue v = check_param_value(*d, it->second.Scalar(), true);
    if (!v.ok()) {
      error(it->second, path + "." + key + ": " + v.error);
      return std::nullopt;
    }
    return v;
  }

  // A list of exactly n quantities of `dim` (plain numbers are in the canonical unit), e.g. a position.
  std::optional<std::vector<double>> numbers(const YAML::Node& list, Dimension dim, size_t n, const std::string& path,
                                             const char* example)
  {
    if (!list.IsSequence() || list.size() != n) {
      error(list, path + " must have " + std::to_string(n) + " values, e.g. " + example);
      return std::nullopt;
    }
    std::vector<double> out(n);
    bool ok = true;
    for (size_t i = 0; i < n; ++i) {
      ParsedQuantity q = parse_quantity(list[i].IsScalar() ? list[i].Scalar() : "", dim, false);
      if (!list[i].IsScalar() || !q.ok()) {
        error(list[i], path + ": " + (list[i].IsScalar() ? q.error : "expected a number"));
        ok = false;
      } else {
        out[i] = q.value;
      }
    }
    return ok ? std::optional<std::vector<double>>(out) : std::nullopt;
  }

  std::string file_;
};

PathLossModel make_path_loss(const std::string& model, double exponent, double d0, std::optional<double> pl0,
                             const std::string& building, int floors, int light, int heavy, double f)
{
  if (model == "free_space")
    return FreeSpace{f};
  if (model == "log_distance")
    return LogDistance{exponent, d0, pl0 ? *pl0 : -1.0, f};
  if (model == "itu_p1238") {
    ItuP1238 m;
    m.building = building == "office"       ? ItuP1238::Building::office
                 : building == "commercial" ? ItuP1238::Building::commercial
                                            : ItuP1238::Building::residential;
    m.floors       = floors;
    m.frequency_hz = f;
    return m;
  }
  if (model == "multi_wall") {
    MultiWall m;
    m.wall_losses_db.assign(light, kLightWallLoss_db);
    m.wall_losses_db.insert(m.wall_losses_db.end(), heavy, kHeavyWallLoss_db);
    m.floors       = floors;
    m.frequency_hz = f;
    return m;
  }
  return TwoSlope{};
}

}  // namespace

std::vector<const ParamTable*> scenario_tables()
{
  return {&top_table(),         &env_table(),         &path_loss_table(),  &fading_table(),
          &shadowing_table(),   &wall_table(),        &interferer_table(), &device_table(),
          &radio_table(),       &mobility_table(),    &body_table(),       &topology_table(),
          &audio_table(),       &connection_table(),  &output_table(),     &formation_table(),
          &preset_table(),      &compatibility_table(), &handshake_table(), &handshake_state_table()};
}

const DeviceSpec* Scenario::device(const std::string& name) const
{
  const int i = device_index(name);
  return i < 0 ? nullptr : &devices[i];
}

int Scenario::device_index(const std::string& name) const
{
  for (size_t i = 0; i < devices.size(); ++i)
    if (devices[i].name == name)
      return static_cast<int>(i);
  return -1;
}

double distance_m(const DeviceSpec& a, const DeviceSpec& b) { return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

ChannelSpec channel_spec(const Scenario& s)
{
  ChannelSpec c;
  c.environment = s.environment;
  c.seed        = s.seed;
  c.horizon_s   = s.duration_s + s.audio.playout_delay_s + 1.0;
  for (const auto& d : s.devices)
    c.ends.push_back(ChannelEnd{d.name, d.radio.tx_power_dbm, d.radio.antenna_gain_db, d.radio.cable_loss_db,
                                Point{d.x_m, d.y_m}, d.floor, d.waypoints, d.random_walk, d.body});
  return c;
}

Receiver link_receiver(const Scenario& s, int rx, Phy phy)
{
  Receiver r        = Receiver::typical(phy);
  r.noise_figure_db = s.devices[rx].radio.noise_figure_db;
  if (s.devices[rx].radio.sensitivity_dbm && phy == acl_info(s.audio.packet_type).payload_phy)
    r.sensitivity_dbm = *s.devices[rx].radio.sensitivity_dbm;
  return r;
}

std::string LoadResult::format_errors() const
{
  std::ostringstream os;
  for (const auto& e : errors)
    os << (e.file.empty() ? file : e.file) << ":" << e.where.line << ":" << e.where.column << ": " << e.message << "\n";
  return os.str();
}

std::vector<std::string> preset_dirs(const std::string& scenario_file)
{
  std::vector<std::string> dirs;
  const auto slash = scenario_file.find_last_of('/');
  dirs.push_back((slash == std::string::npos ? std::string(".") : scenario_file.substr(0, slash)) + "/presets");
#ifdef BTLINKSIM_PRESET_DIR
  dirs.push_back(BTLINKSIM_PRESET_DIR);
#endif
  return dirs;
}

namespace {
using Fields = std::map<std::string, YAML::Node>;

// Validates every present key of a map against its table with the given loader (so errors name its file).
void check_present(Loader& L, const Fields& f, const ParamTable& t, const std::string& path)
{
  for (const auto& [k, v] : f)
    if (t.find(k)->kind != ValueKind::map && t.find(k)->kind != ValueKind::list)
      L.value(f, t, k, path);
}

Fields overlay(Fields base, const Fields& top)
{
  for (const auto& [k, v] : top)
    base[k] = v;
  return base;
}

// Waypoints, random waypoint and body blocking of one device.
void parse_movement(Loader& L, const Fields& f, const std::string& p, DeviceSpec& d)
{
  if (f.count("waypoints")) {
    if (f.count("position"))
      L.error(f.at("position"), p + ": give either position or waypoints (the first waypoint is the start)");
    if (f.count("mobility"))
      L.error(f.at("mobility"), p + ": give either waypoints or mobility, not both");
    const YAML::Node& w = f.at("waypoints");
    double last_t       = 0;
    for (size_t i = 0; i < w.size(); ++i)
      if (auto v = L.numbers(w[i], Dimension::dimensionless, 3, p + ".waypoints", "[[0, 1, 0], [30, 12, 0]] (t_s, x_m, y_m)")) {
        if ((*v)[0] < last_t || (*v)[0] < 0)
          L.error(w[i], p + ".waypoints: times must start at 0 or later and never decrease; sort the points by time");
        last_t = (*v)[0];
        d.waypoints.push_back({(*v)[0], {(*v)[1], (*v)[2]}});
      }
    if (w.size() == 0)
      L.error(w, p + ".waypoints must list at least one [t_s, x_m, y_m]");
    if (!d.waypoints.empty()) {
      d.x_m = d.waypoints.front().p.x_m;
      d.y_m = d.waypoints.front().p.y_m;
    }
  }
  if (f.count("mobility")) {
    const std::string mp = p + ".mobility";
    const Fields m       = L.fields(f.at("mobility"), mobility_table(), mp);
    auto& rw             = d.random_walk;
    rw.enabled           = true;
    if (m.count("room"))
      if (auto r = L.numbers(m.at("room"), Dimension::length, 4, mp + ".room", "[0, 0, 6, 4]")) {
        rw.room = Room{(*r)[0], (*r)[1], (*r)[2], (*r)[3]};
        if (rw.room.x1_m <= rw.room.x0_m || rw.room.y1_m <= rw.room.y0_m)
          L.error(m.at("room"), mp + ".room is [x0, y0, x1, y1] with x1 > x0 and y1 > y0");
        else if (d.x_m < rw.room.x0_m || d.x_m > rw.room.x1_m || d.y_m < rw.room.y0_m || d.y_m > rw.room.y1_m)
          L.error(m.at("room"), mp + ": the device's position must lie inside the room; move it or widen the room");
      }
    if (auto v = L.value(m, mobility_table(), "speed_min", mp))
      rw.speed_min_m_s = v->number;
    if (auto v = L.value(m, mobility_table(), "speed_max", mp))
      rw.speed_max_m_s = v->number;
    if (auto v = L.value(m, mobility_table(), "pause", mp))
      rw.pause_s = v->number;
    if (rw.speed_min_m_s > rw.speed_max_m_s)
      L.error(m.count("speed_min") ? m.at("speed_min") : f.at("mobility"), mp + ": speed_min exceeds speed_max");
  }
  if (f.count("body")) {
    const std::string bp = p + ".body";
    const Fields b       = L.fields(f.at("body"), body_table(), bp);
    d.body.enabled       = true;
    if (auto v = L.value(b, body_table(), "loss", bp))
      d.body.loss_db = v->number;
    if (auto v = L.value(b, body_table(), "mean_clear", bp))
      d.body.mean_clear_s = v->number;
    if (auto v = L.value(b, body_table(), "mean_blocked", bp))
      d.body.mean_blocked_s = v->number;
  }
}

// Walls, interferers and the slow-channel keys of the environment.
void parse_environment_extras(Loader& L, const Fields& env, const Fields& fd, EnvironmentSpec& e)
{
  if (auto v = L.value(env, env_table(), "channel_step", "environment"))
    e.channel_step_s = v->number;
  if (auto v = L.value(fd, fading_table(), "coherence_time", "environment.fading"))
    e.coherence_time_s = v->number;
  if (env.count("shadowing")) {
    const Fields sh = L.fields(env.at("shadowing"), shadowing_table(), "environment.shadowing");
    if (auto v = L.value(sh, shadowing_table(), "decorrelation_distance", "environment.shadowing"))
      e.shadowing_decorrelation_m = v->number;
    if (auto v = L.value(sh, shadowing_table(), "time_constant", "environment.shadowing"))
      e.shadowing_time_constant_s = v->number;
  }
  if (env.count("walls")) {
    const YAML::Node& ws = env.at("walls");
    for (size_t i = 0; i < ws.size(); ++i) {
      const std::string wp = "environment.walls[" + std::to_string(i) + "]";
      const Fields w       = L.fields(ws[i], wall_table(), wp);
      Wall wall;
      wall.name = w.count("name") ? w.at("name").Scalar() : "wall " + std::to_string(i + 1);
      const auto a = w.count("from") ? L.numbers(w.at("from"), Dimension::length, 2, wp + ".from", "[3, -2]") : std::nullopt;
      const auto b = w.count("to") ? L.numbers(w.at("to"), Dimension::length, 2, wp + ".to", "[3, 4]") : std::nullopt;
      if (a && b) {
        wall.a = {(*a)[0], (*a)[1]};
        wall.b = {(*b)[0], (*b)[1]};
        if (distance_m(wall.a, wall.b) == 0)
          L.error(w.at("to"), wp + ": from and to are the same point; a wall needs two different ends");
      }
      if (auto v = L.value(w, wall_table(), "type", wp))
        wall.loss_db = v->word == "heavy" ? kHeavyWallLoss_db : kLightWallLoss_db;
      if (auto v = L.value(w, wall_table(), "loss", wp))
        wall.loss_db = v->number;
      e.walls.push_back(wall);
    }
  }
  if (env.count("interference")) {
    const YAML::Node& is = env.at("interference");
    const auto& T        = interferer_table();
    for (size_t i = 0; i < is.size(); ++i) {
      const std::string ip = "environment.interference[" + std::to_string(i) + "]";
      const Fields f       = L.fields(is[i], T, ip);
      InterfererSpec x;
      x.name  = f.count("name") ? f.at("name").Scalar() : "interferer " + std::to_string(i + 1);
      if (auto v = L.value(f, T, "kind", ip))
        x.kind = v->word == "piconet" ? InterfererSpec::Kind::piconet : InterfererSpec::Kind::wifi;
      x.power_dbm = x.kind == InterfererSpec::Kind::wifi ? 20.0 : 4.0;
      if (f.count("position"))
        if (auto p = L.numbers(f.at("position"), Dimension::length, 2, ip + ".position", "[4, 3]"))
          x.position = {(*p)[0], (*p)[1]};
      if (auto v = L.value(f, T, "floor", ip))
        x.floor = static_cast<int>(v->number);
      if (auto v = L.value(f, T, "power", ip))
        x.power_dbm = v->number;
      if (auto v = L.value(f, T, "channel", ip))
        x.wifi_channel = static_cast<int>(v->number);
      if (auto v = L.value(f, T, "duty", ip))
        x.duty = v->number;
      if (auto v = L.value(f, T, "packet_slots", ip))
        x.packet_slots = static_cast<int>(v->number);
      if (x.kind == InterfererSpec::Kind::piconet && f.count("channel"))
        L.error(f.at("channel"), ip + ".channel is for wifi; a piconet hops over all 79 channels");
      e.interferers.push_back(x);
    }
  }
}

void parse_connection(Loader& L, const Fields& top, ConnectionSpec& c)
{
  Fields f;
  if (top.count("connection"))
    f = L.fields(top.at("connection"), connection_table(), "connection");
  const auto& T = connection_table();
  auto num      = [&](const char* k, double& dst) {
    if (auto v = L.value(f, T, k, "connection"))
      dst = v->number;
  };
  num("supervision_timeout", c.supervision_timeout_s);
  num("poll_interval", c.poll_interval_s);
  double attempts = 0;
  num("reconnect_attempts", attempts);
  c.reconnect_attempts = static_cast<int>(attempts);
  if (auto v = L.value(f, T, "reconnect", "connection"))
    c.reconnect = v->word == "true";
  if (auto v = L.value(f, T, "afh", "connection"))
    c.afh = v->word == "true";
  num("afh_assessment", c.afh_params.assessment_s);
  num("afh_update_delay", c.afh_params.update_delay_s);
  num("afh_bad_per", c.afh_params.bad_per);
  num("afh_recheck", c.afh_params.recheck_s);
  if (c.afh_params.update_delay_s >= c.afh_params.assessment_s)
    L.error(f.count("afh_update_delay") ? f.at("afh_update_delay") : top.at("connection"),
            "connection.afh_update_delay must be shorter than afh_assessment (a map is in use before the next is made)");
}

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0]           = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag   = up;
    }
  }
  return row[b.size()];
}

// A preset file, parsed and checked with its own file name in every error.
struct Preset {
  std::string name, path, brand = "generic", topology = "any";
  Fields formation, source, speaker;
  Compatibility compatibility;
  std::optional<HandshakeFamily> handshake;
};

std::optional<Preset> load_preset(const std::string& name, const YAML::Node& where, Loader& L)
{
  std::string path;
  for (const auto& d : preset_dirs(L.file_)) {
    std::ifstream probe(d + "/" + name + ".yaml");
    if (probe) {
      path = d + "/" + name + ".yaml";
      break;
    }
  }
  if (path.empty()) {
    std::string dirs;
    for (const auto& d : preset_dirs(L.file_))
      dirs += (dirs.empty() ? "" : ", ") + d;
    std::set<std::string> known;
    for (const auto& d : preset_dirs(L.file_)) {
      std::error_code ec;
      for (const auto& e : std::filesystem::directory_iterator(d, ec))
        if (e.path().extension() == ".yaml")
          known.insert(e.path().stem().string());
    }
    std::string list, best;
    std::size_t best_d = 3;  // suggest only a near miss: at most 2 edits
    for (const auto& k : known) {
      list += (list.empty() ? "" : ", ") + k;
      if (const std::size_t dist = edit_distance(name, k); dist < best_d) {
        best_d = dist;
        best   = k;
      }
    }
    L.error(where, "unknown preset '" + name + "' (no " + name + ".yaml in " + dirs + "); " +
                       (best.empty() ? "" : "did you mean '" + best + "'? ") + "known presets: " +
                       (list.empty() ? "(none)" : list) + "; or write one in a presets/ folder next to the scenario");
    return std::nullopt;
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  Loader P(path);
  YAML::Node root;
  try {
    root = YAML::Load(ss.str());
  } catch (const YAML::ParserException& e) {
    L.errors.push_back({{e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg + "; fix the syntax", path});
    return std::nullopt;
  }
  Preset pr;
  pr.name = name;
  pr.path = path;
  const Fields top = P.fields(root, preset_table(), "preset");
  if (top.count("preset") && top.at("preset").Scalar() != name)
    P.error(top.at("preset"), "preset name '" + top.at("preset").Scalar() + "' differs from the file name '" + name +
                                  "'; make them equal");
  if (auto v = P.value(top, preset_table(), "brand", "preset"))
    pr.brand = v->word;
  if (auto v = P.value(top, preset_table(), "topology", "preset"))
    pr.topology = v->word;
  if (top.count("formation")) {
    pr.formation = P.fields(top.at("formation"), formation_table(), "preset.formation");
    check_present(P, pr.formation, formation_table(), "preset.formation");
  }
  for (auto [key, dst] : {std::pair<const char*, Fields*>{"source", &pr.source}, {"speaker", &pr.speaker}})
    if (top.count(key)) {
      *dst = P.fields(top.at(key), device_defaults_table(), std::string("preset.") + key);
      check_present(P, *dst, device_defaults_table(), std::string("preset.") + key);
    }
  if (top.count("compatibility")) {
    const Fields c = P.fields(top.at("compatibility"), compatibility_table(), "preset.compatibility");
    const auto& T  = compatibility_table();
    if (auto v = P.value(c, T, "same_brand", "preset.compatibility"))
      pr.compatibility.same_brand = v->word == "true";
    if (auto v = P.value(c, T, "version_must_match", "preset.compatibility"))
      pr.compatibility.version_must_match = v->word == "true";
    for (auto [key, dst] : {std::pair<const char*, std::string*>{"min_version", &pr.compatibility.min_version},
                            {"max_version", &pr.compatibility.max_version}})
      if (c.count(key)) {
        *dst = c.at(key).Scalar();
        if (!valid_version(*dst))
          P.error(c.at(key), std::string("preset.compatibility.") + key + ": '" + *dst +
                                 "' is not a version; write numbers separated by dots, e.g. 4.2.1");
      }
  }
  if (top.count("handshake")) {
    const Fields h = P.fields(top.at("handshake"), handshake_table(), "preset.handshake");
    HandshakeFamily fam;
    fam.name = name;
    if (auto v = P.value(h, handshake_table(), "processing", "preset.handshake"))
      fam.processing_s = v->number;
    if (h.count("start"))
      fam.start = h.at("start").Scalar();
    if (h.count("messages"))
      for (auto it = h.at("messages").begin(); it != h.at("messages").end(); ++it) {
        ParsedQuantity q = parse_quantity(it->second.IsScalar() ? it->second.Scalar() : "", Dimension::count, false);
        if (!it->second.IsScalar() || !q.ok() || q.value < 1 || q.value > 1021)
          P.error(it->second, "preset.handshake.messages." + it->first.Scalar() +
                                  ": give the message size in bytes, 1 to 1021");
        fam.messages.push_back({it->first.Scalar(), static_cast<int>(q.ok() ? q.value : 1)});
      }
    std::vector<std::map<std::string, YAML::Node>> state_fields;
    std::vector<YAML::Node> state_nodes;
    if (h.count("states"))
      for (auto it = h.at("states").begin(); it != h.at("states").end(); ++it) {
        const std::string sp = "preset.handshake.states." + it->first.Scalar();
        const Fields f       = P.fields(it->second, handshake_state_table(), sp);
        const auto& T        = handshake_state_table();
        HandshakeState st;
        st.name = it->first.Scalar();
        for (auto [key, dst] : {std::pair<const char*, std::string*>{"send", &st.send}, {"next", &st.next}})
          if (f.count(key))
            *dst = f.at(key).Scalar();
        if (f.count("timeout"))
          if (auto v = P.value(f, T, "timeout", sp))
            st.timeout_s = v->number;
        if (auto v = P.value(f, T, "retries", sp))
          st.retries = static_cast<int>(v->number);
        if (auto v = P.value(f, T, "on_fail", sp))
          st.on_fail = v->word;
        if (auto v = P.value(f, T, "on_incompatible", sp))
          st.on_incompatible = v->word;
        if (auto v = P.value(f, T, "check", sp))
          st.check_compatibility = v->word == "compatibility";
        fam.states.push_back(st);
        state_fields.push_back(f);
        state_nodes.push_back(it->first);
      }
    // Structural problems (unknown message, bad target, cycle...) are reported alongside any value errors, so
    // one run shows every fault; a missing timeout was already reported as a missing required key.
    for (const auto& pb : validate(fam)) {
      if (pb.state >= 0 && pb.field == "timeout" && !state_fields[pb.state].count("timeout"))
        continue;
      YAML::Node at = pb.state < 0 ? (h.count(pb.field) ? h.at(pb.field) : top.at("handshake"))
                      : state_fields[pb.state].count(pb.field) ? state_fields[pb.state].at(pb.field)
                                                               : state_nodes[pb.state];
      P.error(at, "preset.handshake: " + pb.message);
    }
    pr.handshake = fam;
  }
  const bool ok = P.errors.empty();
  L.errors.insert(L.errors.end(), P.errors.begin(), P.errors.end());
  if (!ok)
    return std::nullopt;
  return pr;
}
}  // namespace

LoadResult load_scenario_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult r;
    r.file = path;
    r.errors.push_back({{}, "cannot read the file; check the path"});
    return r;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return load_scenario_text(ss.str(), path);
}

LoadResult load_scenario_text(const std::string& text, const std::string& file_name)
{
  LoadResult result;
  result.file = file_name;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    result.errors.push_back({{e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg + "; fix the syntax"});
    return result;
  }
  Loader L(file_name);
  Scenario s;
  s.file = file_name;
  s.text = text;
  if (!root.IsMap()) {
    result.errors.push_back({{1, 1}, "a scenario must be a map with keys duration, devices, topology, ..."});
    return result;
  }
  const auto top = L.fields(root, top_table(), "scenario");
  if (top.count("scenario"))
    s.title = top.at("scenario").Scalar();
  else
    s.title = file_name;
  if (auto v = L.value(top, top_table(), "duration", "scenario"))
    s.duration_s = v->number;
  if (auto v = L.value(top, top_table(), "seed", "scenario"))
    s.seed = static_cast<std::uint64_t>(v->number);
  if (auto v = L.value(top, top_table(), "replications", "scenario"))
    s.replications = static_cast<int>(v->number);

  // preset and formation
  std::optional<Preset> preset;
  if (top.count("preset")) {
    s.formation.preset = top.at("preset").Scalar();
    preset             = load_preset(s.formation.preset, top.at("preset"), L);
  }
  s.formation.enabled = top.count("preset") || top.count("formation");
  {
    Fields f;
    if (top.count("formation"))
      f = L.fields(top.at("formation"), formation_table(), "formation");
    const Fields m = overlay(preset ? preset->formation : Fields{}, f);
    const auto& T  = formation_table();
    auto& F        = s.formation;
    auto num = [&](const char* k, double& dst) {
      if (auto v = L.value(m, T, k, "formation"))
        dst = v->number;
    };
    num("inquiry", F.link_mode.inquiry_s);
    num("scan", F.link_mode.scan_s);
    num("jitter", F.link_mode.jitter_s);
    num("link_timeout", F.link_mode.timeout_s);
    num("inquiry_scan_interval", F.inquiry_scan_interval_s);
    num("page_scan_interval", F.page_scan_interval_s);
    num("scan_window", F.scan_window_s);
    num("role_switch", F.role_switch_s);
    num("profile_setup", F.profile_setup_s);
    double attempts = F.page_attempts;
    num("page_attempts", attempts);
    F.page_attempts = static_cast<int>(attempts);
    if (auto v = L.value(m, T, "speaker_link", "formation"))
      F.speaker_link = v->word == "true";
    if (F.scan_window_s > F.inquiry_scan_interval_s || F.scan_window_s > F.page_scan_interval_s)
      L.error(top.count("formation") ? top.at("formation") : top.at("preset"),
              "formation.scan_window must not exceed the scan intervals; shorten the window or lengthen the interval");
    if (preset) {
      F.compatibility   = preset->compatibility;
      F.handshake       = preset->handshake;
      F.preset_topology = preset->topology;
    }
  }

  // environment
  {
    std::map<std::string, YAML::Node> env, pl, fd;
    if (top.count("environment"))
      env = L.fields(top.at("environment"), env_table(), "environment");
    if (env.count("path_loss"))
      pl = L.fields(env.at("path_loss"), path_loss_table(), "environment.path_loss");
    if (env.count("fading"))
      fd = L.fields(env.at("fading"), fading_table(), "environment.fading");
    const auto& T = path_loss_table();
    auto model = L.value(pl, T, "model", "environment.path_loss");
    auto n     = L.value(pl, T, "exponent", "environment.path_loss");
    auto d0    = L.value(pl, T, "reference_distance", "environment.path_loss");
    auto pl0   = L.value(pl, T, "reference_loss", "environment.path_loss");
    auto sig   = L.value(pl, T, "shadowing_sigma", "environment.path_loss");
    auto bld   = L.value(pl, T, "building", "environment.path_loss");
    auto fl    = L.value(pl, T, "floors", "environment.path_loss");
    auto lw    = L.value(pl, T, "light_walls", "environment.path_loss");
    auto hw    = L.value(pl, T, "heavy_walls", "environment.path_loss");
    auto f     = L.value(pl, T, "frequency", "environment.path_loss");
    if (model && n && d0 && sig && bld && fl && lw && hw && f) {
      s.environment.path_loss = make_path_loss(model->word, n->number, d0->number,
                                               pl0 ? std::optional<double>(pl0->number) : std::nullopt, bld->word,
                                               static_cast<int>(fl->number), static_cast<int>(lw->number),
                                               static_cast<int>(hw->number), f->number);
      s.environment.shadowing_sigma_db = sig->number;
    }
    if (auto m = L.value(fd, fading_table(), "model", "environment.fading"))
      s.environment.fading = m->word == "rayleigh" ? FadingKind::rayleigh
                             : m->word == "rician" ? FadingKind::rician
                                                   : FadingKind::none;
    if (auto k = L.value(fd, fading_table(), "k", "environment.fading"))
      s.environment.rician_k_db = k->number;
    parse_environment_extras(L, env, fd, s.environment);
  }
  parse_connection(L, top, s.connection);

  // devices
  if (top.count("devices")) {
    const YAML::Node& devs = top.at("devices");
    for (auto it = devs.begin(); it != devs.end(); ++it) {
      DeviceSpec d;
      d.name              = it->first.Scalar();
      d.where             = L.loc(it->first);
      const std::string p = "devices." + d.name;
      const auto own      = L.fields(it->second, device_table(), p);
      if (auto v = L.value(own, device_table(), "role", p))
        d.role = v->word == "source" ? Role::source : Role::speaker;
      // Preset defaults for the role, under the device's own keys.
      const auto f = preset ? overlay(d.role == Role::source ? preset->source : preset->speaker, own) : own;
      d.brand      = preset ? preset->brand : "generic";
      auto& T      = device_table();
      if (auto v = L.value(f, T, "power_on", p))
        d.power_on_s = v->number;
      if (auto v = L.value(f, T, "boot", p))
        d.boot_s = v->number;
      if (auto v = L.value(f, T, "boot_jitter", p))
        d.boot_jitter_s = v->number;
      if (f.count("firmware")) {
        d.firmware = f.at("firmware").Scalar();
        if (!valid_version(d.firmware))
          L.error(f.at("firmware"), p + ".firmware: '" + d.firmware + "' is not a version; write e.g. 4.2.1");
      }
      if (f.count("brand"))
        d.brand = f.at("brand").Scalar();
      if (auto v = L.value(f, T, "audio_links", p))
        d.audio_links = static_cast<int>(v->number);
      if (auto v = L.value(f, T, "audio_link_policy", p))
        d.audio_most_recent = v->word == "most_recent";
      if (auto v = L.value(f, device_table(), "clock_drift", p))
        d.clock_drift_ppm = v->number;
      if (auto v = L.value(f, device_table(), "channel", p))
        d.channel = v->word;
      if (auto v = L.value(f, device_table(), "max_links", p))
        d.max_links = static_cast<int>(v->number);
      if (f.count("position"))  // plain numbers are metres; strings may carry a length unit
        if (auto xy = L.numbers(f.at("position"), Dimension::length, 2, p + ".position", "[2, 1]")) {
          d.x_m = (*xy)[0];
          d.y_m = (*xy)[1];
        }
      if (auto v = L.value(f, T, "floor", p))
        d.floor = static_cast<int>(v->number);
      parse_movement(L, f, p, d);
      std::map<std::string, YAML::Node> rf;
      if (f.count("radio"))
        rf = L.fields(f.at("radio"), radio_table(), p + ".radio");
      const std::string rp = p + ".radio";
      if (auto c = L.value(rf, radio_table(), "class", rp))
        d.radio.tx_power_dbm = class_max_tx_power_dbm(*power_class_from_string(c->word));
      if (auto v = L.value(rf, radio_table(), "tx_power", rp))
        d.radio.tx_power_dbm = v->number;
      if (auto v = L.value(rf, radio_table(), "antenna_gain", rp))
        d.radio.antenna_gain_db = v->number;
      if (auto v = L.value(rf, radio_table(), "cable_loss", rp))
        d.radio.cable_loss_db = v->number;
      if (auto v = L.value(rf, radio_table(), "noise_figure", rp))
        d.radio.noise_figure_db = v->number;
      if (auto v = L.value(rf, radio_table(), "sensitivity", rp))
        d.radio.sensitivity_dbm = v->number;
      s.devices.push_back(d);
    }
  }

  // audio
  bool sync_given = false;
  {
    std::map<std::string, YAML::Node> a;
    if (top.count("audio"))
      a = L.fields(top.at("audio"), audio_table(), "audio");
    const auto& T = audio_table();
    auto codec    = L.value(a, T, "codec", "audio");
    auto rate     = L.value(a, T, "bitrate", "audio");
    if (codec && rate)
      s.audio.codec = make_codec(*codec_kind_from_string(codec->word), rate->number);
    if (auto v = L.value(a, T, "packet_type", "audio"))
      s.audio.packet_type = *acl_type_from_string(v->word);
    if (auto v = L.value(a, T, "playout_delay", "audio"))
      s.audio.playout_delay_s = v->number;
    if (auto v = L.value(a, T, "flush_timeout", "audio"))
      s.audio.flush_timeout_s = v->number;
    if (auto v = L.value(a, T, "tx_queue_limit", "audio"))
      s.audio.tx_queue_limit = static_cast<int>(v->number);
    if (codec && rate && frames_per_packet(s.audio.codec, acl_info(s.audio.packet_type).max_payload_bytes) == 0)
      L.error(a.count("packet_type") ? a.at("packet_type") : top.count("audio") ? top.at("audio") : root,
              std::string("audio.packet_type ") + acl_info(s.audio.packet_type).name + " cannot carry one " +
                  to_string(s.audio.codec.kind) + " frame of " + std::to_string(s.audio.codec.frame_bytes) +
                  " B; choose a larger packet type (e.g. 2-DH5)");
    sync_given = a.count("sync") > 0;
    if (auto v = L.value(a, T, "sync", "audio"))
      s.audio.sync = v->word == "ttp" ? SyncMode::ttp : SyncMode::free_running;
  }

  // output
  {
    std::map<std::string, YAML::Node> o;
    if (top.count("output"))
      o = L.fields(top.at("output"), output_table(), "output");
    if (o.count("file"))
      s.output.file = o.at("file").Scalar();
    if (auto v = L.value(o, output_table(), "timeseries", "output"))
      s.output.timeseries = v->word == "true";
  }

  // topology
  bool topology_ok = false;
  if (top.count("topology")) {
    const YAML::Node& tn = top.at("topology");
    auto& t              = s.topology;
    t.where              = L.loc(tn);
    const auto f         = L.fields(tn, topology_table(), "topology");
    auto kind            = L.value(f, topology_table(), "kind", "topology");
    if (kind) {
      t.kind       = find_topology_kind(kind->word);
      t.kind_where = L.loc(f.at("kind"));
    }
    for (auto [key, at] : {std::pair<const char*, Location*>{"chain", &t.chain_at}, {"sinks", &t.sinks_at}})
      if (f.count(key))
        *at = L.loc(f.at(key));
    auto names = [&](const char* key, std::vector<std::string>& out, std::vector<Location>& where) {
      if (!f.count(key))
        return;
      for (const auto& n : f.at(key)) {
        if (!n.IsScalar()) {
          L.error(n, std::string("topology.") + key + " entries must be device names");
          continue;
        }
        if (!s.device(n.Scalar()))
          L.error(n, std::string("topology.") + key + ": unknown device '" + n.Scalar() +
                         "'; declare it under devices or fix the name");
        out.push_back(n.Scalar());
        where.push_back(L.loc(n));
      }
    };
    names("chain", t.chain, t.chain_where);
    names("sinks", t.sinks, t.sinks_where);
    // Source: explicit, else the only device with role source.
    std::vector<std::string> sources;
    for (const auto& d : s.devices)
      if (d.role == Role::source)
        sources.push_back(d.name);
    if (f.count("source")) {
      t.source = f.at("source").Scalar();
      if (!s.device(t.source))
        L.error(f.at("source"), "topology.source: unknown device '" + t.source + "'");
    } else if (t.kind && t.kind->name() == "relay" && !t.chain.empty()) {
      t.source = t.chain.front();
    } else if (sources.size() == 1) {
      t.source = sources.front();
    }
    if (sources.empty() && top.count("devices"))
      L.error(top.at("devices"), "no device has role: source; give the phone (or TV) role: source");
    if (t.kind)
      t.kind->check(t, s, [&](Location at, const std::string& msg) { L.error(at, msg); });
    if (kind && preset && preset->topology != "any" && preset->topology != kind->word)
      L.error(f.at("kind"), "preset " + preset->name + " builds " + preset->topology + " systems; set topology.kind: " +
                                preset->topology + " or choose another preset");
    if (!sync_given && t.kind)  // default: relays forward with time-to-play stamps; independent streams run free
      s.audio.sync = t.kind->default_sync();
    topology_ok = L.errors.empty() && t.kind;
  }
  if (topology_ok) {
    s.topo = s.topology.kind->resolve(s);
    check_topology(s, L.errors);
  }

  result.errors = L.errors;
  if (result.errors.empty())
    result.scenario = std::move(s);
  return result;
}

}  // namespace btlinksim
