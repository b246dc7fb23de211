#include "sim/cli/load.hpp"

#include "sim/output/output_guard.hpp"

#include <filesystem>
#include <iostream>

namespace btlinksim::cli {

Loaded load_scenarios(const std::vector<std::string>& files, bool writes_results, bool strict, bool force)
{
  Loaded out;
  for (const auto& f : files) {
    LoadResult r = load_scenario_file(f);
    if (r.errors.empty() && writes_results) {  // output must not overwrite an input nor a file that is no result
      if (!r.scenario->output.file_given) {     // named after the scenario file; a problem with it located at 1:1
        r.scenario->output.file  = default_output_file(f);
        r.scenario->output.where = {1, 1};
      }
      r.errors = check_output_paths(*r.scenario, force);
      const Scenario& s = *r.scenario;
      std::error_code ec;
      for (const auto& earlier : out.scenarios)  // nor the file of another scenario of the same command
        if (!s.output.file.empty() && !earlier.output.file.empty() &&
            std::filesystem::weakly_canonical(s.output.file, ec) == std::filesystem::weakly_canonical(earlier.output.file, ec))
          r.errors.push_back({s.output.where, "output.file '" + s.output.file + "' is also the output of " + earlier.file +
                                              ": each scenario needs its own file (one file holds all its replications)"});
    }
    if (r.errors.empty() && strict)  // --strict: what would be a warning refuses the file
      for (const auto& w : r.scenario->warnings)
        r.errors.push_back({w.where, w.message + " (an error with --strict)", w.file});
    if (r.errors.empty())
      std::cerr << r.format_warnings();
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
