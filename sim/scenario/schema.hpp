// The JSON Schema of scenario files (draft 2020-12), generated from the same declarations as the loader, so
// editors complete and check scenarios (yaml-language-server: `# yaml-language-server: $schema=schema.json`).
// The loader stays the authority: units, ranges across keys and topologies are checked there.
#pragma once

#include "models/core/params.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace btlinksim {

std::string scenario_schema_json();
// The schema of one declared table (an object of its keys; nested maps and lists as the scenario's are).
nlohmann::ordered_json table_schema(const ParamTable& t);

}  // namespace btlinksim
