#include "sim/cli/load.hpp"

#include "sim/output/output_guard.hpp"

#include <iostream>

namespace btlinksim::cli {

Loaded load_scenarios(const std::vector<std::string>& files, bool writes_results)
{
  Loaded out;
  for (const auto& f : files) {
    LoadResult r = load_scenario_file(f);
    if (r.errors.empty() && writes_results)  // output must not overwrite an input nor a file that is no result
      r.errors = check_output_paths(*r.scenario);
    if (!r.errors.empty()) {
      std::cerr << r.format_errors();
      out.ok = false;
    } else {
      out.scenarios.push_back(std::move(*r.scenario));
    }
  }
  return out;
}

}  // namespace btlinksim::cli
