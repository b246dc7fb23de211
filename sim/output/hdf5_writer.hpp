// HDF5 result file of a run of a scenario, every replication in it: columnar 1-D datasets (no compound types)
// with units as attributes, each table's replications stacked with a `replication` column, a per-sink summary
// over the replications, and provenance attributes on the root. Written to NAME.PID.tmp and renamed when
// complete.
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>

namespace btlinksim {

// runs: every replication's result, in replication order. Throws std::runtime_error on failure (the temporary
// file is removed).
void write_run_hdf5(const std::string& path, const Scenario& s, const std::vector<RunResult>& runs);

}  // namespace btlinksim
