// btlinksim: discrete-event simulator of Bluetooth speaker links. Exit status: 0 ok, 1 runtime failure, 2 bad input.
#include "btlinksim/version.hpp"
#include "sim/cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

int main(int argc, char** argv)
{
  CLI::App app{"btlinksim " BTLINKSIM_VERSION " - Bluetooth speaker link simulator"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "btlinksim " BTLINKSIM_VERSION " (git " BTLINKSIM_GIT_COMMIT ")");
  std::vector<btlinksim::cli::Action> actions{btlinksim::cli::add_range_command(app),
                                              btlinksim::cli::add_params_command(app),
                                              btlinksim::cli::add_outputs_command(app),
                                              btlinksim::cli::add_schema_command(app),
                                              btlinksim::cli::add_run_command(app),
                                              btlinksim::cli::add_compare_command(app),
                                              btlinksim::cli::add_validate_command(app),
                                              btlinksim::cli::add_sweep_command(app),
                                              btlinksim::cli::add_summary_command(app),
                                              btlinksim::cli::add_merge_command(app),
                                              btlinksim::cli::add_plot_command(app),
                                              btlinksim::cli::add_report_command(app),
                                              btlinksim::cli::add_verdict_command(app),
                                              btlinksim::cli::add_optimise_command(app),
                                              btlinksim::cli::add_serve_command(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0)
      return app.exit(e);
    std::cerr << "btlinksim: " << e.what() << "\nrun 'btlinksim --help' (or 'btlinksim COMMAND --help') for usage\n";
    return 2;
  }
  try {
    for (auto& a : actions) {
      const int rc = a();
      if (rc >= 0)
        return rc;
    }
  } catch (const std::exception& e) {
    std::cerr << "btlinksim: error: " << e.what() << "\n";
    return 1;
  }
  return 1;
}
