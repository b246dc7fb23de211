// What the replications of a scenario say, stated so that it is true of every replication it counts: each mean
// with its n (the replications where the value exists), categories counted (never averaged), sinks that never
// played shown as such, the time until all play only over the replications where all played.
#pragma once

#include "models/core/stats.hpp"
#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <map>
#include <functional>
#include <string>
#include <vector>

namespace btlinksim::cli {

// Mean and 95 % t half-width of one cell over the replications where it is not NaN (n of them).
Interval cell(const std::vector<RunResult>& runs, const ResultTable RunResult::*table, const std::string& column, size_t row);
// "mean±hw", with " (n=k)" when only k of the replications have the value; "-" when none.
std::string fmt(const Interval& i, double scale, const char* spec, int replications);

struct AllPlay {
  int replications = 0, all_played = 0;
  Interval time_s;  // over the replications where every sink played: the later of the last sink's first frame
                    // and the last formed link's up time
};
AllPlay all_play(const std::vector<RunResult>& runs);
// The cause columns of /sinks (dropouts_*, silent_*) with a short label each, in the order they are shown.
const std::vector<std::pair<std::string, std::string>>& cause_columns();
// How many replications a sink played in (played a frame).
int played_in(const std::vector<RunResult>& runs, size_t sink);
// The parameters column of a sweep's tables: each point's label (its values joined by "; ", from value(parameter,
// point)) and the column's width, that of the widest label (at least 10): values are never cut.
struct PointLabels {
  std::vector<std::string> text;
  int width = 10;
};
PointLabels point_labels(size_t points, size_t parameters, const std::function<std::string(size_t parameter, size_t point)>& value);
// Each distinct value of a text column over the replications, with its count: "connected x3; page timeout x2".
std::string reasons(const std::vector<RunResult>& runs, size_t row);
// Counts of each category of a category column (e.g. formation outcome).
std::vector<int> category_counts(const std::vector<RunResult>& runs, const ResultTable RunResult::*table,
                                 const std::string& column, size_t row, size_t categories);

void print_summary(const Scenario& s, const std::vector<RunResult>& runs);
// One table, a column per scenario, for each metric of the sinks and links they share by name (and the
// scenario-level ones): the difference to the first scenario and whether the 95 % intervals separate.
void print_comparison(const std::vector<Scenario>& scenarios, const std::vector<std::vector<RunResult>>& runs);
void print_json(const std::vector<Scenario>& scenarios, const std::vector<std::vector<RunResult>>& runs);

}  // namespace btlinksim::cli
