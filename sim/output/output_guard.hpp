// Output never overwrites an input: a result path may not be the scenario or its preset file, and an existing
// file may be replaced only if it is a btlinksim result (an HDF5 file whose root says schema btlinksim-results).
#pragma once

#include "sim/scenario/scenario.hpp"

#include <vector>

namespace btlinksim {

// One located diagnostic (at output.file) per path that must not be written. Unless `force`, a result of another
// scenario file at output.file is refused too (other_input_problem).
std::vector<Diagnostic> check_output_paths(const Scenario& s, bool force = false);
// The default output.file of a scenario that names none: results/STEM.h5 after the scenario file's name.
std::string default_output_file(const std::string& scenario_file);
// The file a result was made from: its root attribute input_path (absolute); for a result written before that
// attribute, the scenario_file / sweep_file / optimise_file as it was given. "" if it has none (or is no result).
std::string result_input(const std::string& path);
// "" or why a result of `input` may not replace the file `output`: it holds the result of another file (a copy of
// a scenario that kept its output's name, two sweeps with one output). Files are the same by their absolute path;
// a result without input_path, by the file's name.
std::string other_input_problem(const std::string& output, const std::string& input);
// Why no file can be created at `path` ("" if one can): the deepest existing directory on its way is not a
// directory, or is not writable (read-only file system, permissions), with the system's reason. Checked before
// the first run, so that the work is not lost at the end.
std::string unwritable_reason(const std::string& path);
// Whether an existing file is a btlinksim result.
bool is_btlinksim_result(const std::string& path);
// "" or why a batch command's result file (a sweep's, an optimisation's) cannot be written: it is one of the
// command's inputs (`what` names the command: "sweep", "optimisation"), a directory, a file btlinksim did not
// write, or in a directory that cannot be written.
// inputs[0] is the command's own file: unless `force`, a result of another file at output is refused too.
std::string batch_output_problem(const std::string& output, const std::vector<std::string>& inputs, const std::string& what,
                                 bool force = false);
// The file's schema attribute ("btlinksim-results": a run, "btlinksim-sweep"), or "" if it has none.
std::string result_schema(const std::string& path);

}  // namespace btlinksim
