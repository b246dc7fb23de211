// The sweep file's declared keys, and what a loaded sweep answers without its scenarios. Loading:
// sweep_load.cpp; its YAML pieces: sweep_yaml.cpp; where: sweep_where.cpp.
#include "sim/scenario/sweep.hpp"

#include "sim/scenario/decl_helpers.hpp"

#include <string>
#include <vector>

namespace btlinksim {

namespace {
using namespace decl;
}  // namespace

const ParamTable& sweep_table()
{
  static const ParamTable t{
      "sweep",
      "Sweep file (scenarios/sweeps/*.yaml): a base scenario and the parameters that vary",
      {text_decl("sweep", "(file name)", "title of the sweep"),
       text_decl("base", "", "the base scenario file (relative to the sweep file)"),
       map_decl("parameters", "path in the scenario: [values] or { from, to, step } (a list value may be a whole sub-tree)"),
       list_decl("zip", Dimension::dimensionless, 0, "(none)", "groups of parameters that vary together, e.g. [[a, b]]"),
       {"replications", Dimension::count, "(the base's)", 1, 1000, {}, "replications of every point (common random numbers)"},
       {"seed", Dimension::count, "(the base's)", 0, 9007199254740992.0, {}, "master seed of every run"},
       text_decl("where", "(none)",
                 "keep only the points where this holds, e.g. 'devices.right.position[0] <= 20 m or topology.kind == relay' "
                 "(comparisons == != < <= > >=, and, or, not, parentheses; docs/sweeps.md)"),
       text_decl("output", "(none)", "the sweep's one HDF5 result file")}};
  return t;
}


std::vector<std::string> Sweep::point_values(size_t k) const
{
  std::vector<std::string> out(parameters.size());
  size_t n = kept.at(k);
  for (size_t d = pick_dims.size(); d-- > 0;) {
    for (size_t j : pick_dims[d].first)
      out[j] = parameters[j].values[n % pick_dims[d].second];
    n /= pick_dims[d].second;
  }
  return out;
}

std::string SweepLoad::format_errors() const
{
  LoadResult r;
  r.file   = file;
  r.errors = errors;
  return r.format_errors();
}

}  // namespace btlinksim
