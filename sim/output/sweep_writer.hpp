// One HDF5 file per sweep: provenance (the sweep's text and hash, the base scenario's text), the points
// (parameter values), the runs (point, replication, status, error), every run's sink, link and device rows with
// their point and replication, and per point and sink every metric's mean, standard deviation, n and 95 %
// Student-t half-width over the replications that ran. Columns and units come from the output declarations.
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/sweep.hpp"

#include <string>
#include <vector>

namespace btlinksim {

// Whether a column of /points is a swept parameter (not the point's index, nor the checks' status and warnings).
bool is_swept_parameter_column(const std::string& name);

// outcomes[i] belongs to run i of the sweep: point i / replications, replication i % replications.
void write_sweep_hdf5(const std::string& path, const Sweep& sweep, const std::vector<RunOutcome>& outcomes);

}  // namespace btlinksim
