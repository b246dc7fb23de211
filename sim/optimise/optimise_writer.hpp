// One HDF5 file per optimisation (docs/optimise.md, "The result file"): provenance (the file's text and hash, the
// base scenario's text), /constraints, /evaluations (every design evaluated: its variables, replications,
// objective and constraint intervals and decisions, feasibility, on the Pareto front), /combinations (the best
// of each combination of the discrete values and why its search stopped) and /best (the answer: the design as a
// scenario, what limits it).
#pragma once

#include "sim/optimise/optimiser.hpp"

#include <string>

namespace btlinksim {

void write_optimise_hdf5(const std::string& path, const Optimisation& o, const OptimiseResult& r);
// The column names of the continuous variables in /evaluations (a region: PATH[0] and PATH[1]).
std::vector<std::string> continuous_names(const Optimisation& o);
// Every variable's column in the file's order of variables (/optimise/variables): continuous ones as above,
// listed ones by their path.
std::vector<std::string> variable_columns(const Optimisation& o);

}  // namespace btlinksim
