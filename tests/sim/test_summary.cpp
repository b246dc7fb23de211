// Summaries state what is true of every replication they count (issue 12): checked on result tables written by
// hand, so each number below is worked out from the rows, not from the code under test.
#include "sim/cli/summary.hpp"
#include "sim/output/columns.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace btlinksim;
using namespace btlinksim::cli;

namespace {
const double NaN = std::numeric_limits<double>::quiet_NaN();

// One replication: sink startups, and formation rows (up, down, outcome, reason).
RunResult rep(std::vector<double> startups, std::vector<std::tuple<double, double, int, std::string>> formation)
{
  RunResult r;
  r.sinks = make_table(sinks_columns());
  r.sinks.name = "sinks";
  for (size_t i = 0; i < startups.size(); ++i) {
    r.sinks.row_names.push_back("s" + std::to_string(i));
    for (auto& c : r.sinks.values)
      c.push_back(0);
    r.sinks.values[r.sinks.column("startup_s")].back() = startups[i];
  }
  r.formation = make_table(formation_columns());
  for (size_t i = 0; i < formation.size(); ++i) {
    const auto& [up, down, outcome, why] = formation[i];
    add_row(r.formation, formation_columns(), "l" + std::to_string(i),
            {{"start_s", 0}, {"discovered_s", NaN}, {"up_s", up}, {"time_to_link_s", up}, {"handshake_s", NaN},
             {"down_s", down}, {"retries", 0}, {"messages", 0}, {"outcome", static_cast<double>(outcome)}},
            {{"reason", why}});
  }
  return r;
}
}  // namespace

TEST_CASE("time until all play counts only the replications where every sink played, and waits for the last link",
          "[summary]")
{
  // Rep 0: both play (3 s, 5 s), links up at 2 and 6 s -> all play at 6 s (the later link, not the 5 s sink).
  // Rep 1: s1 never plays -> not counted (max(3, NaN) must not read as 3).
  // Rep 2: both play by 4 s, a link the host dropped (down 7 s) -> a sink stopped: not all playing.
  // Rep 3: both play (2 s, 4 s), links up at 1 and 3.5 s -> 4 s.
  const std::vector<RunResult> runs{
      rep({3, 5}, {{2, NaN, 0, "connected"}, {6, NaN, 0, "connected"}}),
      rep({3, NaN}, {{2, NaN, 0, "connected"}, {NaN, NaN, 2, "page timeout"}}),
      rep({3, 4}, {{2, 7, 0, "displaced"}, {3, NaN, 0, "connected"}}),
      rep({2, 4}, {{1, NaN, 0, "connected"}, {3.5, NaN, 0, "connected"}})};
  const AllPlay a = all_play(runs);
  CHECK(a.replications == 4);
  CHECK(a.all_played == 2);
  CHECK(a.time_s.n == 2);
  CHECK(a.time_s.mean == Approx(5.0));  // (6 + 4) / 2
  CHECK(played_in(runs, 0) == 4);
  CHECK(played_in(runs, 1) == 3);
  CHECK(category_counts(runs, &RunResult::formation, "outcome", 1, 3) == std::vector<int>{3, 0, 1});
  CHECK(reasons(runs, 1) == "connected x3; page timeout x1");
}

TEST_CASE("a mean says how many replications it is over", "[summary]")
{
  CHECK(fmt(Interval{13.08, 0.02, 5}, 1, "%.2f", 5) == "13.08±0.02");
  CHECK(fmt(Interval{13.08, 0.02, 3}, 1, "%.2f", 5) == "13.08±0.02 (n=3)");
  CHECK(fmt(Interval{13.08, 0, 1}, 1, "%.2f", 5) == "13.08 (n=1)");
  CHECK(fmt(Interval{0, 0, 0}, 1, "%.2f", 5) == "-");
  // NaN cells are left out of the mean and counted out of n.
  const RunResult a = rep({1}, {}), b = rep({NaN}, {}), c = rep({3}, {});
  const Interval i = cell({a, b, c}, &RunResult::sinks, "startup_s", 0);
  CHECK(i.n == 2);
  CHECK(i.mean == Approx(2.0));
}
