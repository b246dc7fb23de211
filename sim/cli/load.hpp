// Loading the scenario files a command is given: every file's errors printed as file:line:column, and the
// results checked against overwriting an input (a command that writes no results skips that check).
#pragma once

#include "sim/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace btlinksim::cli {

struct Loaded {
  std::vector<Scenario> scenarios;  // those that loaded, in order
  bool ok = true;                   // false: some file had errors (printed on stderr)
};
// Warnings (Scenario::warnings) are printed as file:line:column: warning: ...; with strict they are errors.
// A command that writes results gives a scenario without output.file its default (results/STEM.h5); unless
// `force`, it refuses an output that holds another scenario file's result.
Loaded load_scenarios(const std::vector<std::string>& files, bool writes_results, bool strict = false, bool force = false);

}  // namespace btlinksim::cli
