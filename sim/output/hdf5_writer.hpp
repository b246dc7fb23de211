// HDF5 result file of one run: columnar 1-D datasets (no compound types) with units as attributes, plus
// provenance attributes on the root. Written to NAME.PID.tmp and renamed when complete.
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>

namespace btlinksim {

std::string sha256_hex(const std::string& data);
// Path of the file of one replication: the scenario's output.file, or NAME_repK.h5 when replications > 1.
std::string replication_output_path(const Scenario& s, int replication);
// Throws std::runtime_error on failure (the temporary file is removed).
void write_run_hdf5(const std::string& path, const Scenario& s, const RunResult& r);

}  // namespace btlinksim
