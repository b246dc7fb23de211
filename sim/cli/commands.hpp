// Subcommands of the btlinksim executable. Each registers its options on a CLI11 subcommand and returns an
// action to run after parsing. Exit status: 0 success, 1 runtime failure, 2 bad input.
#pragma once

#include "models/core/params.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace btlinksim::cli {

using Action = std::function<int()>;

Action add_range_command(CLI::App& app);
Action add_params_command(CLI::App& app);
Action add_outputs_command(CLI::App& app);
Action add_schema_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_summary_command(CLI::App& app);
Action add_merge_command(CLI::App& app);
Action add_run_command(CLI::App& app);
Action add_compare_command(CLI::App& app);
Action add_validate_command(CLI::App& app);
Action add_plot_command(CLI::App& app);
Action add_report_command(CLI::App& app);
Action add_verdict_command(CLI::App& app);
Action add_optimise_command(CLI::App& app);
Action add_serve_command(CLI::App& app);
// The verdict of run files, printed (or as JSON on out, default stdout); exit status as a command's.
int verdict_of_files(const std::vector<std::string>& files, bool json, std::ostream* out);

const ParamTable& range_params();
// Every declared parameter table (feeds `btlinksim params` and docs/parameters.md).
std::vector<const ParamTable*> all_param_tables();

}  // namespace btlinksim::cli
