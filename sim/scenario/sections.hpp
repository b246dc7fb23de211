// The readers of the scenario's sections (sim/scenario/loader.cpp calls them in order). Each reads its
// section's map through the declarations and appends located errors to the reader.
#pragma once

#include "sim/scenario/preset.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <optional>

namespace btlinksim {

void read_formation(YamlReader& L, const Fields& top, const std::optional<Preset>& preset, Scenario& s);
void read_environment(YamlReader& L, const Fields& top, EnvironmentSpec& e);
void read_connection(YamlReader& L, const Fields& top, ConnectionSpec& c);
void read_devices(YamlReader& L, const Fields& top, const std::optional<Preset>& preset, Scenario& s);
// Returns whether audio.sync was given (otherwise the topology kind's default applies).
bool read_audio(YamlReader& L, const Fields& top, const YAML::Node& root, AudioSpec& a);
void read_output(YamlReader& L, const Fields& top, OutputSpec& o);
void read_le_audio(YamlReader& L, const Fields& top, LeAudioSpec& e);
void read_wifi(YamlReader& L, const Fields& top, WifiSpec& w);
// Returns whether the topology is complete enough to resolve (no error so far, a known kind).
bool read_topology(YamlReader& L, const Fields& top, const std::optional<Preset>& preset, bool sync_given, Scenario& s);

}  // namespace btlinksim
