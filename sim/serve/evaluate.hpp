// `btlinksim serve`: a scenario as the page draws it, and what its runs give, as JSON. Every number comes from the
// loader and the engine (forked runs, as `run` makes them); the page computes nothing of the physics.
#pragma once

#include "sim/scenario/scenario.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace btlinksim {

// The floor plan and the settings the page edits: devices (name, role, x, y), walls, sinks, the topology kind,
// packet type and playout delay, and the choices for each.
nlohmann::ordered_json scenario_json(const Scenario& s);

// Runs the scenario's replications (jobs at a time) and summarises them: per link the mean median received power;
// per sink in how many replications it played, dropouts per minute, end-to-end latency, largest skew (mean and
// 95 % half-width over the replications that have a value) and the dropouts by cause. Throws RunFailure.
nlohmann::ordered_json evaluate_json(const Scenario& s, int jobs);

// The coverage of `device` (a speaker): the scenario with the device moved to each point of an nx x ny grid over
// the floor plan (the devices' and walls' box, 2 m around it), one replication each, all run jobs at a time. Per
// point the mean median received power of the links into the device and its dropouts per minute (NaN where it
// did not play). Throws RunFailure; error names a device that is not a sink.
nlohmann::ordered_json coverage_json(const Scenario& s, const std::string& device, int nx, int ny, int jobs,
                                     std::string& error);

}  // namespace btlinksim
