// The link criterion (models/radio/link_criterion.hpp) and the air-time budget (models/baseband/airtime_budget.hpp)
// applied to a loaded scenario: what the received-power and air-time checks, `range` and `validate` report.
#pragma once

#include "models/baseband/airtime_budget.hpp"
#include "models/radio/link_criterion.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/transport_kind.hpp"

#include <string>
#include <vector>

namespace btlinksim {

// The audio packet every link of the scenario carries: payload bytes and packets per second (ACL: whole codec
// frames per packet of the audio packet type; LE Audio: one LC3 frame per PDU), the transport's.
AudioPacket audio_packet(const Scenario& s);

// The budget of one link of the scenario (ends' radios; walls and floors are in the path), at the criterion's
// loss target and the given fade margin.
LinkBudgetTable scenario_link_budget(const Scenario& s, int tx, int rx, double max_dropouts_per_min,
                                     double fade_margin_db);

// Warnings, located: links whose median received power at t = 0 is below what the criterion needs (no fade margin),
// radios whose air-time need exceeds 100 % (with what would fit).
void check_links(const Scenario& s, std::vector<Diagnostic>& warnings);
void check_airtime(const Scenario& s, std::vector<Diagnostic>& warnings);

}  // namespace btlinksim
