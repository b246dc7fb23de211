// System presets (scenarios/presets/NAME.yaml): a system's link formation defaults, compatibility rules,
// firmware handshake and the source's and speakers' device defaults. Read with the preset file's own name in
// every error; searched next to the scenario (presets/), then in the installed folder.
#pragma once

#include "models/formation/handshake.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <optional>
#include <string>

namespace btlinksim {

struct Preset {
  std::string name, path, brand, topology;
  Fields formation, source, speaker;  // defaults under the scenario's own keys
  Compatibility compatibility;
  std::optional<HandshakeFamily> handshake;
};

// The preset `name` (a scenario's `preset:` value at `where`), or nullopt with its errors appended to L's.
std::optional<Preset> load_preset(const std::string& name, const YAML::Node& where, YamlReader& L);

}  // namespace btlinksim
