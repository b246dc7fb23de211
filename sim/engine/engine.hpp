// Runs one replication of a scenario on SimGrid in the current process. One SimGrid engine per process
// (docs/references.md [simgrid]): callers fork a child per run (sim/engine/runner.hpp).
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace btlinksim {

RunResult run_replication(const Scenario& s, int replication);
// SimGrid log settings for every later run in this process (and its forked children), each as given to
// --log=..., e.g. "btl.thres:info" or "btl_formation.thres:verbose".
void set_log_settings(const std::vector<std::string>& settings);

}  // namespace btlinksim
