// The YAML pieces of a sweep: paths into a scenario ("devices.right.position[0]", "devices.*.tx_power"), as its
// parameters and its where: constraint name them -- parsed into steps, compared for overlap, set to a value, read
// as a scalar --; the values a parameter lists or ranges over; a value as one line of flow YAML (what /points
// records, whatever style the file wrote it in).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

class YamlReader;

// One step of a path: a key (or "*" for every key of a map) or a list index.
struct Step {
  std::string key;
  int index = -1;  // >= 0: a list index
};
// The steps of a path; empty if it is not a path.
std::vector<Step> parse_path(const std::string& path);
// Whether two paths can reach one place: step by step over the shorter, equal keys or a wildcard on either side,
// equal list indices (a path that ends early sets everything below it).
bool paths_overlap(const std::vector<Step>& a, const std::vector<Step>& b);
// Sets value at the path inside node from step i on (wildcards fan out); returns what went wrong, or "".
std::string set_at(YAML::Node node, const std::vector<Step>& steps, size_t i, const YAML::Node& value);
// The scalar at a path (no wildcards) for a where constraint; nullopt if the scenario has nothing there (error
// says why when the path itself is wrong or names a map or list).
std::optional<std::string> scalar_at(const YAML::Node& root, const std::string& path, std::string& error);
// A value as one line of flow YAML.
std::string yaml_text(const YAML::Node& n);
// The values of parameter k: a list of YAML nodes, or a { from, to, step } range (same unit for all three);
// errors located in L.
std::vector<YAML::Node> parameter_values(YamlReader& L, const YAML::Node& k, const YAML::Node& v);
// A number in 12 significant digits, as ranges write their values and messages their counts.
std::string format_number(double v);

}  // namespace btlinksim
