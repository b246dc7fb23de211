// Output never overwrites an input: a result path may not be the scenario or its preset file, and an existing
// file may be replaced only if it is a btlinksim result (an HDF5 file whose root says schema btlinksim-results).
#pragma once

#include "sim/scenario/scenario.hpp"

#include <vector>

namespace btlinksim {

// One located diagnostic (at output.file) per replication path that must not be written.
std::vector<Diagnostic> check_output_paths(const Scenario& s);
// Why no file can be created at `path` ("" if one can): the deepest existing directory on its way is not a
// directory, or is not writable (read-only file system, permissions), with the system's reason. Checked before
// the first run, so that the work is not lost at the end.
std::string unwritable_reason(const std::string& path);
// Whether an existing file is a btlinksim result.
bool is_btlinksim_result(const std::string& path);
// "" or why a batch command's result file (a sweep's, an optimisation's) cannot be written: it is one of the
// command's inputs (`what` names the command: "sweep", "optimisation"), a directory, a file btlinksim did not
// write, or in a directory that cannot be written.
std::string batch_output_problem(const std::string& output, const std::vector<std::string>& inputs, const std::string& what);
// The file's schema attribute ("btlinksim-results": a run, "btlinksim-sweep"), or "" if it has none.
std::string result_schema(const std::string& path);

}  // namespace btlinksim
