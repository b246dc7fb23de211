// `btlinksim verdict RUN.h5 RUN.h5...`: compare's verdict from run files (the report's verdict section uses it).
#include "sim/cli/commands.hpp"
#include "sim/cli/verdict.hpp"
#include "sim/output/run_reader.hpp"

#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>

namespace btlinksim::cli {

int verdict_of_files(const std::vector<std::string>& files, bool json, std::ostream* out)
{
  std::vector<RunFile> read;
  try {
    for (const auto& f : files)
      read.push_back(read_run_file(f));
  } catch (const std::runtime_error& e) {
    std::cerr << "btlinksim verdict: " << e.what() << "\n";
    return 2;
  }
  std::vector<Design> designs;
  for (const auto& r : read) {
    if (r.runs.empty()) {
      std::cerr << "btlinksim verdict: " << r.path << " holds no replication\n";
      return 2;
    }
    designs.push_back({r.title, &r.runs});
  }
  const auto v = verdict(designs);
  if (json)
    (out ? *out : std::cout) << verdict_json(designs, v).dump() << "\n";
  else
    print_verdict(designs, v);
  return 0;
}

Action add_verdict_command(CLI::App& app)
{
  auto files = std::make_shared<std::vector<std::string>>();
  auto json  = std::make_shared<bool>(false);
  auto* sub  = app.add_subcommand("verdict", "Compare's verdict from run files: per criterion the better design at 95 % "
                                             "and the cause of its dropouts");
  sub->add_option("files", *files, "result files of btlinksim run (one design each)")->required()->expected(2, 64);
  sub->add_flag("--json", *json, "print JSON instead of lines");
  return [sub, files, json]() -> int {
    if (!sub->parsed())
      return -1;
    return verdict_of_files(*files, *json, nullptr);
  };
}

}  // namespace btlinksim::cli
