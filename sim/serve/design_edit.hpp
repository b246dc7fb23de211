// `btlinksim serve`: what the page changes in the scenario -- a device's position, the topology kind, the packet
// type, the playout delay -- applied to the scenario's YAML text (the same path setter as sweeps), so that the
// result is loaded, checked and run by the same loader and engine, and exported as the YAML it is.
#pragma once

#include "sim/scenario/scenario.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

struct DesignEdit {
  std::map<std::string, std::array<double, 2>> positions;  // device -> x, y [m]
  std::string topology_kind;                                // "" unchanged
  std::string packet_type;                                  // "" unchanged
  std::optional<double> playout_delay_s;
};

// The topology kinds the page offers: those built from the base's source and its sinks alone.
std::vector<std::string> editable_topology_kinds();
// The packet types audio.packet_type accepts (its declaration's choices).
std::vector<std::string> packet_type_choices();
// The base text with the edits; "" and error when an edit names no such device or kind.
std::string edited_text(const std::string& base_text, const Scenario& base, const DesignEdit& e, std::string& error);

}  // namespace btlinksim
