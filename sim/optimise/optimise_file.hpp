// Optimisation files (scenarios/optimise/, docs/optimise.md): a base scenario, the variables free to change (a
// number in bounds, a position inside a polygon, or one of a list of values), an objective (a metric of a sink,
// link or device, the simulated range of a speaker, or a variable itself) and constraints on other metrics, each
// decided on its 95 % bound.
//
//   optimise: where to put the relay speaker
//   base: ../relay.yaml
//   variables:
//     devices.left.position: { inside: [[0.5 m, 0 m], [5.5 m, 0 m], [5.5 m, 3 m], [0.5 m, 3 m]] }
//     audio.playout_delay: { from: 40 ms, to: 300 ms }
//     audio.packet_type: [2-DH5, 3-DH5]
//   objective: { maximise: range, of: right }
//   constraints:
//     - { metric: dropouts_per_min, of: right, at_most: 0.1 }
//     - { metric: e2e_latency_mean_s, of: right, at_most: 200 ms }
//   output: results/relay_position.h5
#pragma once

#include "sim/scenario/scenario.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

struct OptVariable {
  enum class Kind { continuous, region, discrete };
  Kind kind = Kind::continuous;
  std::string path;  // into the scenario (a region: the position list, whose [0] and [1] it sets)
  Location where;
  // continuous: [lo, hi] in `unit` (the unit the file wrote, written back into the scenario with it), and its
  // canonical scale (canonical = value * to_canonical).
  double lo = 0, hi = 0, to_canonical = 1;
  std::string unit;
  // region: the polygon's corners (x, y) in `unit`.
  std::vector<std::array<double, 2>> polygon;
  // discrete: each value as one line of flow YAML.
  std::vector<std::string> values;
  int dims() const { return kind == Kind::continuous ? 1 : kind == Kind::region ? 2 : 0; }
};

// A quantity the optimisation reads from an evaluation.
struct OptMetric {
  enum class Source { sinks, links, devices, range, variable };
  Source source = Source::sinks;
  std::string metric;  // a declared column; "range"; or a variable's path
  std::string of;      // the sink, device or link ("a->b"); for range the speaker moved
  std::string unit;    // the column's declared unit (range: m; a variable: its file unit)
  int variable = -1;   // Source::variable: its index; its dimension for a region (0: x, 1: y) in `dim`
  int dim      = 0;
  Location where;
  std::string label() const { return of.empty() ? metric : metric + " of " + of; }
};

struct OptObjective : OptMetric {
  bool maximise = false;
};

struct OptConstraint : OptMetric {
  bool at_most = true;
  double limit = 0;  // in the column's declared unit
  std::string limit_text;
};

// How `range` is measured (as `btlinksim range SCENARIO --vary SPEAKER`).
struct OptRange {
  std::string from;  // anchor device ("" = the device feeding the speaker)
  double min_m = 0.5, max_m = 100, tolerance_m = 0.25, max_dropouts_per_min = 1;
};

struct Optimisation {
  std::string file, title, text, base_file, base_text;
  std::vector<OptVariable> variables;
  OptObjective objective;
  std::vector<OptObjective> pareto;  // empty, or the two objectives of a Pareto front (objective is the first)
  int pareto_points = 7;
  std::vector<OptConstraint> constraints;
  int replications = 3, max_replications = 12;
  std::uint64_t seed = 1;
  std::string method = "cobyla";
  int max_evaluations = 200;  // per search (a combination of the discrete values, from one start)
  int starts          = 1;    // searches per combination: from the base's values, then Halton points
  double tolerance    = 1e-3;  // on each continuous variable, as a share of its span
  OptRange range;
  std::string output;
  Location output_where;

  // Continuous dimensions (a region counts 2) and combinations of the discrete values.
  int continuous_dims() const;
  // Where variable j's first continuous value is in a design's continuous vector.
  size_t offset(int j) const;
  size_t combinations() const;
  // The discrete values (flow YAML) of combination c, in variable order (the last varies fastest).
  std::vector<std::string> combination(size_t c) const;
};

struct OptimisationLoad {
  std::optional<Optimisation> opt;
  std::vector<Diagnostic> errors;
  std::string file;
  std::string format_errors() const;
};

// Reads and checks the file: every error located; the base scenario is loaded at its own values (and at the
// bounds' corners of every variable) so a path or value that cannot work is found before anything runs.
OptimisationLoad load_optimisation_file(const std::string& path);

// The scenario text of one design: the base with the discrete values of combination `combo` and the continuous
// values x (per continuous dimension, in each variable's file unit) set, the replications and seed of the
// optimisation, and no output. Returns "" and sets error when a value cannot be set.
std::string design_text(const Optimisation& o, size_t combo, const std::vector<double>& x, std::string& error);

// The declared keys of optimisation files (docs/parameters.md, the JSON Schema; optimise_decls.cpp).
// What a metric may be, as help and messages say it.
const char* optimise_metric_help();
const ParamTable& optimise_table();
const ParamTable& optimise_objective_table();
const ParamTable& optimise_constraint_table();
const ParamTable& optimise_range_table();
// JSON Schema of optimisation files (scenarios/optimise/schema.json).
std::string optimise_schema_json();

}  // namespace btlinksim
