// The optimisation file's loader, shared by its two halves: optimise_file.cpp (the top level, the variables, the
// designs) and optimise_metrics.cpp (objectives and constraints). Internal to sim/optimise.
#pragma once

#include "sim/optimise/optimise_file.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <optional>
#include <string>

namespace btlinksim {

// v with its unit as the scenario writes it ("40 ms"; a plain number without one).
std::string number_with_unit(double v, const std::string& unit);

class OptimisationBuilder {
public:
  OptimisationBuilder(const std::string& path, std::string text) : L(path)
  {
    o.file = path;
    o.text = std::move(text);
  }
  YamlReader L;
  Optimisation o;

  void read_top(const YAML::Node& doc);
  void read_variables();
  void read_objectives();
  void read_constraints();
  void check_designs();

private:
  Fields top_;
  YAML::Node doc_, base_;
  std::optional<Scenario> base_scenario_;

  void read_continuous(OptVariable& v, const YAML::Node& k, const YAML::Node& n);
  void read_region(OptVariable& v, const YAML::Node& k, const YAML::Node& n);
  bool resolve_metric(OptMetric& m, const YAML::Node& at, const std::string& what);
  std::optional<OptObjective> read_objective(const YAML::Node& n, const std::string& path);
};

}  // namespace btlinksim
