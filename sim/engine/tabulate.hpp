// The result tables of one run, from the collectors (and the formation actors' records), row by row against the
// output declarations (sim/output/columns.hpp).
#pragma once

#include "sim/engine/collectors.hpp"
#include "sim/engine/formation_record.hpp"
#include "sim/engine/run.hpp"

#include <deque>

namespace btlinksim {

RunResult tabulate(const Run& run, const LinkCollector& links, SinkCollector& sinks, const OutageCollector& outages,
                   const std::deque<FormationRecord>* formation);

}  // namespace btlinksim
