#include "sim/serve/design_edit.hpp"

#include "sim/scenario/declarations.hpp"
#include "sim/scenario/sweep_yaml.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

namespace btlinksim {

std::vector<std::string> editable_topology_kinds() { return {"relay", "dual_stream", "snoop"}; }

std::vector<std::string> packet_type_choices()
{
  const ParamDecl* d = audio_section().table().find("packet_type");
  return d ? d->choices : std::vector<std::string>{};
}

namespace {
YAML::Node flow_list(const std::vector<std::string>& names)
{
  YAML::Node n(YAML::NodeType::Sequence);
  n.SetStyle(YAML::EmitterStyle::Flow);
  for (const auto& s : names)
    n.push_back(s);
  return n;
}

// The topology map of `kind` for the base's source and sinks: relay, a chain from the source through the sinks
// in order; dual_stream and snoop, the sinks.
YAML::Node topology_node(const std::string& kind, const Scenario& base)
{
  std::string source;
  for (const auto& d : base.devices)
    if (d.role == Role::source && source.empty())
      source = d.name;
  std::vector<std::string> sinks;
  for (int i : base.resolved.topo.sinks)
    sinks.push_back(base.devices[static_cast<size_t>(i)].name);
  YAML::Node t(YAML::NodeType::Map);
  t.SetStyle(YAML::EmitterStyle::Flow);
  t["kind"] = kind;
  if (kind == "relay") {
    std::vector<std::string> chain{source};
    chain.insert(chain.end(), sinks.begin(), sinks.end());
    t["chain"] = flow_list(chain);
  } else {
    t["sinks"] = flow_list(sinks);
  }
  return t;
}

std::string set_path(YAML::Node root, const std::string& path, const YAML::Node& value)
{
  return set_at(root, parse_path(path), 0, value);
}
}  // namespace

std::string edited_text(const std::string& base_text, const Scenario& base, const DesignEdit& e, std::string& error)
{
  YAML::Node root = YAML::Load(base_text);
  for (const auto& [device, xy] : e.positions) {
    const std::string& name = device;  // (a lambda may not capture a structured binding before C++20: clang)
    const bool known = std::any_of(base.devices.begin(), base.devices.end(), [&](const DeviceSpec& d) { return d.name == name; });
    if (!known) {
      error = "no device '" + name + "' in the scenario";
      return "";
    }
    YAML::Node p(YAML::NodeType::Sequence);
    p.SetStyle(YAML::EmitterStyle::Flow);
    p.push_back(format_number(std::round(xy[0] * 1000) / 1000));
    p.push_back(format_number(std::round(xy[1] * 1000) / 1000));
    if (std::string why = set_path(root, "devices." + name + ".position", p); !why.empty()) {
      error = why;
      return "";
    }
  }
  if (!e.topology_kind.empty()) {
    const auto kinds = editable_topology_kinds();
    if (std::find(kinds.begin(), kinds.end(), e.topology_kind) == kinds.end()) {
      error = "topology kind '" + e.topology_kind + "' cannot be set here; one of: relay, dual_stream, snoop";
      return "";
    }
    root["topology"] = topology_node(e.topology_kind, base);
  }
  if (!e.packet_type.empty())
    if (std::string why = set_path(root, "audio.packet_type", YAML::Node(e.packet_type)); !why.empty()) {
      error = why;
      return "";
    }
  if (e.playout_delay_s)
    if (std::string why = set_path(root, "audio.playout_delay", YAML::Node(format_number(*e.playout_delay_s * 1e3) + " ms"));
        !why.empty()) {
      error = why;
      return "";
    }
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

}  // namespace btlinksim
