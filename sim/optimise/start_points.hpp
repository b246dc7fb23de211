// The variable values of a design as a point of the search's unit box and back, and where the searches of a
// combination start. Part of `btlinksim optimise` (sim/optimise/optimiser.cpp).
#pragma once

#include "sim/optimise/optimise_file.hpp"
#include "sim/optimise/region.hpp"

#include <algorithm>
#include <vector>

namespace btlinksim {

// The variable values of a design as its continuous vector (file units) and back from [0, 1].
struct Scaling {
  std::vector<double> lo, span;
  explicit Scaling(const Optimisation& o)
  {
    for (const auto& v : o.variables)
      if (v.kind == OptVariable::Kind::continuous) {
        lo.push_back(v.lo);
        span.push_back(v.hi - v.lo);
      } else if (v.kind == OptVariable::Kind::region) {
        const auto b = bounding_box(v.polygon);
        lo.insert(lo.end(), {b[0], b[1]});
        span.insert(span.end(), {b[2] - b[0], b[3] - b[1]});
      }
  }
  std::vector<double> to_x(const std::vector<double>& u) const
  {
    std::vector<double> x(u.size());
    for (size_t d = 0; d < u.size(); ++d)
      x[d] = lo[d] + std::clamp(u[d], 0.0, 1.0) * span[d];
    return x;
  }
  std::vector<double> to_u(const std::vector<double>& x) const
  {
    std::vector<double> u(x.size());
    for (size_t d = 0; d < x.size(); ++d)
      u[d] = span[d] > 0 ? std::clamp((x[d] - lo[d]) / span[d], 0.0, 1.0) : 0.0;
    return u;
  }
};

// The start of the search: the base scenario's own values where it has them (inside the bounds), else the centre.
std::vector<double> start_values(const Optimisation& o);

// Where the searches of a combination start (optimise.starts): `first` (the base's values, scaled), then points of
// the Halton sequence over the scaled box (a point outside a region is skipped for the next), so that a local
// method (COBYLA and BOBYQA are local) also looks in other basins. Deterministic: the same file gives the same
// starts.
std::vector<std::vector<double>> start_points(const Optimisation& o, const Scaling& sc, const std::vector<double>& first);

}  // namespace btlinksim
