// Sweep files (scenarios/sweeps/): a base scenario and parameters, each a path into the scenario's YAML with the
// values it takes; the design points are their product (or, for parameters listed together under `zip`, their
// values taken side by side). Every run is (point, replication); replication k of every point has the same
// random streams (common random numbers), so points are compared on the same channel draws.
//
//   sweep: relay vs dual stream over distance
//   base: ../relay.yaml                      # paths resolve against the sweep file
//   parameters:
//     topology: [ { kind: relay, chain: [phone, left, right] }, { kind: dual_stream, sinks: [left, right] } ]
//     devices.right.position[0]: { from: 4 m, to: 20 m, step: 4 m }
//     devices.*.radio.class: [1, 2]          # * : every key of that map
//   zip: [[a, b]]                            # optional
//   where: topology.kind == relay or devices.right.position[0] <= 8 m   # optional (sweep_where.hpp)
//   replications: 5
//   seed: 7
//   output: results/distance.h5
#pragma once

#include "sim/scenario/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

struct SweepParameter {
  std::string path;
  std::vector<std::string> values;  // each as YAML text (a scalar or a whole sub-tree)
  Location where;
};

struct SweepPoint {
  int index = 0;
  std::vector<std::string> values;  // one per parameter (YAML text), in parameter order
  Scenario scenario;                // the base with the values set, loaded and checked
};

struct Sweep {
  std::string file, title, text, base_file;
  std::string base_text;  // the base scenario as read (recorded in the result file, never read again)
  std::vector<SweepParameter> parameters;
  std::vector<std::vector<size_t>> zip;  // groups of parameter indices that vary together
  int replications = 1;
  std::optional<std::uint64_t> seed;
  std::string output;
  Location output_where;
  std::vector<SweepPoint> points;  // the kept points with their scenarios (empty when loaded without them)
  // The points the where: constraint keeps, as indices into the product of the parameters' values, and how to
  // decode one: per dimension (a parameter, or a zip group) its parameters and its number of values.
  std::vector<std::uint32_t> kept;
  std::vector<std::pair<std::vector<size_t>, size_t>> pick_dims;
  // The values (YAML text, parameter order) of kept point k, without its scenario.
  std::vector<std::string> point_values(size_t k) const;
};

struct SweepLoad {
  std::optional<Sweep> sweep;
  std::vector<Diagnostic> errors;  // located in the sweep file; a point's scenario errors name the point
  std::string file;
  std::string format_errors() const;
};

// Reads the sweep file, expands its points and loads every point's scenario (errors name the point and the
// parameter that made it).
// With load_points false, only the values of the points are found (what `sweep --list` prints): no point's
// scenario is built, so a million points take about a second.
SweepLoad load_sweep_file(const std::string& path, bool load_points = true);
// The declared keys of sweep files (docs/parameters.md).
const ParamTable& sweep_table();

}  // namespace btlinksim
