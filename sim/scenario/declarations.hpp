// Every key of the scenario and preset formats, declared once: name, unit, default, range, help and the member
// it fills (sim/scenario/bind.hpp). The same declarations feed the loader, `btlinksim params` /
// docs/parameters.md, the range command's options and the JSON Schema (scenarios/schema.json).
#pragma once

#include "sim/scenario/bind.hpp"
#include "sim/scenario/preset.hpp"
#include "sim/scenario/scenario.hpp"

#include <vector>

namespace btlinksim {

// The path-loss section of a scenario: the model and the shadowing drawn on top of it.
struct PathLossSection {
  PathLossParams params;
  double shadowing_sigma_db = 0;
};

const Section<Scenario>& top_section();
const Section<EnvironmentSpec>& environment_section();
const Section<PathLossSection>& path_loss_section();
const Section<EnvironmentSpec>& fading_section();
const Section<EnvironmentSpec>& shadowing_section();
const Section<Wall>& wall_section();
const Section<InterfererSpec>& interferer_section();
const Section<ConnectionSpec>& connection_section();
const Section<DeviceSpec>& device_section();
const Section<DeviceSpec>& device_defaults_section();  // preset role defaults: every device key but role
const Section<RadioSpec>& radio_section();
const Section<RandomWalkSpec>& mobility_section();
const Section<BodySpec>& body_section();
const Section<WireSpec>& wire_section();
const Section<PowerSpec>& power_section();
const Section<TopologySpec>& topology_section();
const Section<AudioSpec>& audio_section();
const Section<LeAudioSpec>& le_audio_section();
const Section<WifiSpec>& wifi_section();
const Section<OutputSpec>& output_section();
const Section<FormationSpec>& formation_section();
const Section<Preset>& preset_section();
const Section<Compatibility>& compatibility_section();
const Section<HandshakeFamily>& handshake_section();
const Section<HandshakeState>& handshake_state_section();

// Each table with the keys its section reads by hand (maps, lists, derived defaults), for the binding test.
struct TableKeys {
  const ParamTable* table;
  std::vector<std::string> unbound;
};
std::vector<TableKeys> section_keys();

}  // namespace btlinksim
