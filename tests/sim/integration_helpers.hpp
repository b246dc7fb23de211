// Shared by the integration tests (test_integration*.cpp): a scenario from YAML text, a sink's or link's value in
// a run's tables, and the slot-grid phases the engine draws.
#pragma once

#include "models/core/rng.hpp"
#include "models/radio/link.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

namespace btlinksim::testing {

inline Scenario make(const std::string& yaml)
{
  LoadResult r = load_scenario_text(yaml, "test.yaml");
  INFO(r.format_errors());
  REQUIRE(r.errors.empty());
  return *r.scenario;
}

inline double table_value(const ResultTable& t, const std::string& col, const std::string& row)
{
  for (size_t i = 0; i < t.row_names.size(); ++i)
    if (t.row_names[i] == row)
      return t.at(col, i);
  FAIL("no row " << row << " in " << t.name);
  return 0;
}
inline double sink_value(const RunResult& r, const std::string& col, const std::string& sink) { return table_value(r.sinks, col, sink); }
inline double link_value(const RunResult& r, const std::string& col, const std::string& link) { return table_value(r.links, col, link); }

}  // namespace btlinksim::testing
