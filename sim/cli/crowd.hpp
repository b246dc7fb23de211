// A crowd (an Auracast venue: more sinks than fit a screen) in the console summary: it shows every sink that did
// not play in every replication and the 10 with the most dropouts per minute (ties: the weakest received power),
// and counts the rest in one line of spread over all sinks (every row stays in the result file and in --json).
// Up to 40 sinks every one is shown.
#pragma once

#include "sim/output/results.hpp"

#include <string>
#include <vector>

namespace btlinksim::cli {

struct Shown {
  std::vector<size_t> sinks;            // rows of /sinks shown, in order
  std::vector<std::string> sink_names;  // their names, sorted (links and devices of the others are not shown)
  bool crowd = false;
};

Shown shown_rows(const std::vector<RunResult>& runs);
// Whether the sink (or device) of this name is shown: always, unless a crowd leaves it out.
bool shows(const Shown& sh, const std::string& name);
// The crowd's line: how many sinks are not shown, and the spread of dropouts per minute over all of them.
void print_crowd(const std::vector<RunResult>& runs, const Shown& sh);

}  // namespace btlinksim::cli
