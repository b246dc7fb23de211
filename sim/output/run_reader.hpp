// A run's result file read back (the HDF5 `btlinksim run` writes): per replication, the sinks, links and devices
// tables as the engine made them, for what is computed from files (`btlinksim verdict`, the report's verdict).
#pragma once

#include "sim/output/results.hpp"

#include <string>
#include <vector>

namespace btlinksim {

struct RunFile {
  std::string path, title;
  std::vector<RunResult> runs;  // one per replication, in order
};

// Throws std::runtime_error naming the file if it is not a btlinksim run file or cannot be read.
RunFile read_run_file(const std::string& path);

}  // namespace btlinksim
