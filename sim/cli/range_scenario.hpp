// `btlinksim range SCENARIO... --vary DEVICE`: the simulated range of each scenario (sim/batch/range_search.hpp),
// printed as a table or JSON beside the link budget by the same criterion.
#pragma once

#include "sim/batch/range_search.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace btlinksim {

// A link budget's terms, as printed by `range` (indented lines summing to the maximum path loss) and in its JSON.
void print_budget(const LinkBudgetTable& b, const char* indent);
nlohmann::ordered_json budget_json(const LinkBudgetTable& b);

// Exit status: 0 ok, 1 runtime failure, 2 bad input (message on stderr).
int run_scenario_range(const ScenarioRangeOptions& o);

}  // namespace btlinksim
