// Output never overwrites an input: a result path may not be the scenario or its preset file, and an existing
// file may be replaced only if it is a btlinksim result (an HDF5 file whose root says schema btlinksim-results).
#pragma once

#include "sim/scenario/scenario.hpp"

#include <vector>

namespace btlinksim {

// One located diagnostic (at output.file) per replication path that must not be written.
std::vector<Diagnostic> check_output_paths(const Scenario& s);
// Whether an existing file is a btlinksim result.
bool is_btlinksim_result(const std::string& path);
// The file's schema attribute ("btlinksim-results": a run, "btlinksim-sweep"), or "" if it has none.
std::string result_schema(const std::string& path);

}  // namespace btlinksim
