// Runs one replication of a scenario on SimGrid in the current process. One SimGrid engine per process
// (../shared/reference/stack-notes.md §2.6): callers fork a child per run (sim/engine/runner.hpp).
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace btlinksim {

RunResult run_replication(const Scenario& s, int replication);

}  // namespace btlinksim
