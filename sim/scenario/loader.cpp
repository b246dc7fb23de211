// load_scenario_text: one YAML document, the top-level keys, then each section in turn (preset first, so its
// defaults apply), then the resolved topology and its checks. Every error is collected and located.
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/yaml_reader.hpp"
#include "models/channel/geometry.hpp"
#include "models/channel/propagation.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/link_check.hpp"
#include "sim/scenario/topology.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace btlinksim {

const DeviceSpec* Scenario::device(const std::string& name) const
{
  const int i = device_index(name);
  return i < 0 ? nullptr : &devices[i];
}

int Scenario::device_index(const std::string& name) const
{
  const auto it = device_index_.find(name);
  if (it != device_index_.end() && static_cast<size_t>(it->second) < devices.size() &&
      devices[static_cast<size_t>(it->second)].name == name)
    return it->second;
  // Not indexed (first use, a name that is not there, or devices changed since): search, and index them again.
  for (size_t i = 0; i < devices.size(); ++i)
    if (devices[i].name == name) {
      device_index_.clear();
      for (size_t k = devices.size(); k-- > 0;)  // the first of a name wins
        device_index_[devices[k].name] = static_cast<int>(k);
      return static_cast<int>(i);
    }
  return -1;
}

double distance_m(const DeviceSpec& a, const DeviceSpec& b) { return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

ChannelSpec channel_spec(const Scenario& s)
{
  ChannelSpec c;
  c.environment = s.environment;
  c.seed        = s.seed;
  c.horizon_s   = s.duration_s + s.audio.playout_delay_s + 1.0;
  c.ends.reserve(s.devices.size());  // (a crowd has 1,000s: no copies on growth)
  for (const auto& d : s.devices)
    c.ends.push_back(ChannelEnd{d.name, d.radio.tx_power_dbm, d.radio.antenna_gain_db, d.radio.losses_db(),
                                Point{d.x_m, d.y_m}, d.floor, d.waypoints, d.random_walk, d.body});
  return c;
}

PowerProfile power_profile(const Scenario& s, int device)
{
  PowerProfile p   = transport_of(s).power_profile();
  const auto& spec = s.devices[device].power;
  p.tx_a     = spec.tx_a.value_or(p.tx_a);
  p.rx_a     = spec.rx_a.value_or(p.rx_a);
  p.idle_a   = spec.idle_a.value_or(p.idle_a);
  p.supply_v = spec.supply_v.value_or(p.supply_v);
  p.other_a  = spec.other_a;
  return p;
}

Phy audio_phy(const Scenario& s) { return transport_of(s).audio_phy(s); }

Receiver link_receiver(const Scenario& s, int rx, Phy phy)
{
  const auto& radio = s.devices[rx].radio;
  Receiver r        = Receiver::typical(phy);
  r.noise_figure_db = radio.noise_figure_db;
  for (size_t k = 0; k < all_phys().size(); ++k)  // the RF preset's sensitivity for this PHY
    if (all_phys()[k] == phy && radio.phy_sensitivity_dbm[k])
      r.sensitivity_dbm = *radio.phy_sensitivity_dbm[k];
  if (radio.sensitivity_dbm && phy == audio_phy(s))  // the scenario's own, for the audio packet's PHY
    r.sensitivity_dbm = *radio.sensitivity_dbm;
  return r;
}

std::string format_diagnostic(const std::string& file, Location where, const std::string& message)
{
  if (where.line <= 0)
    return file + ": " + message + "\n";
  return file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": " + message + "\n";
}

std::string LoadResult::format_errors() const
{
  std::ostringstream os;
  for (const auto& e : errors)
    os << format_diagnostic(e.file.empty() ? file : e.file, e.where, e.message);
  return os.str();
}

std::string LoadResult::format_warnings() const
{
  std::ostringstream os;
  if (scenario)
    for (const auto& w : scenario->warnings)
      os << format_diagnostic(w.file.empty() ? file : w.file, w.where, "warning: " + w.message);
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

LoadResult load_scenario_file(const std::string& path)
{
  LoadResult r;
  r.file = path;
  std::string why;
  const auto text = read_input_file(path, "scenario", why);
  if (!text) {
    r.errors.push_back({{}, why});
    return r;
  }
  return load_scenario_text(*text, path, YamlProbe::always);
}

LoadResult load_scenario_text(const std::string& text, const std::string& file_name, YamlProbe probe)
{
  LoadResult result;
  result.file    = file_name;
  const auto doc = parse_single_document(text, "", result.errors, probe);
  if (!doc)
    return result;
  const YAML::Node& root = *doc;
  if (!root.IsMap()) {
    result.errors.push_back({{1, 1}, std::string(root.IsNull() ? "the file holds no YAML (it is empty or only comments); " : "") +
                                         "a scenario must be a map with keys duration, devices, topology, ... "
                                         "(e.g. scenarios/single_speaker.yaml)"});
    return result;
  }
  YamlReader L(file_name);
  Scenario s;
  s.file  = file_name;
  s.text  = text;
  s.title = file_name;
  const Fields top = L.fields(root, top_section().table(), "scenario");
  L.read(top_section(), top, s, "scenario");
  std::optional<Preset> preset;
  if (top.count("preset")) {
    s.formation.preset = top.at("preset").Scalar();
    preset             = load_preset(s.formation.preset, top.at("preset"), L);
  }
  read_formation(L, top, preset, s);
  read_environment(L, top, s.environment);
  read_connection(L, top, s.connection);
  read_devices(L, top, preset, s);
  const bool sync_given = read_audio(L, top, root, s.audio);
  read_output(L, top, s.output);
  read_le_audio(L, top, s.le_audio);
  read_wifi(L, top, s.wifi);
  if (read_topology(L, top, preset, sync_given, s)) {
    s.resolved.topo = s.topology.kind->resolve(s);
    const TransportKind& transport = s.topology.kind->transport();
    if (!s.output.pcap.empty() && !transport.captures_pcap())
      L.error(s.output.where.line ? s.output.where : s.topology.kind_where,
              "output.pcap captures HCI ACL (BR/EDR) and ISO (LE Audio) packets; this topology kind sends neither (use "
              "output.trace for its timeline)");
    // le_audio and wifi are read whatever the kind and used by the transports that need them, so that one base
    // scenario serves a sweep over topology kinds (scenarios/architectures.yaml).
    transport.resolve(L, top, s);
    check_topology(s, L.errors);
    if (L.errors.empty()) {
      check_links(s, s.warnings);
      check_airtime(s, s.warnings);
    }
  }
  result.errors = L.errors;
  if (result.errors.empty())
    result.scenario = std::move(s);
  return result;
}

}  // namespace btlinksim
