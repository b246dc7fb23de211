// `btlinksim plot FILE [-o DIR]` and `btlinksim report FILE... -o report.html`: figures (PNG and SVG) and a
// self-contained HTML report, drawn by the Python package (analysis/btlinksim/plot.py, Debian's matplotlib) run with
// /usr/bin/python3. The files must be btlinksim results (checked here, exit 2 otherwise).
#include "sim/cli/commands.hpp"
#include "sim/output/output_guard.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace btlinksim::cli {

namespace {
// Runs /usr/bin/python3 -m btlinksim.plot ARGS... with the source tree's package first on PYTHONPATH (the one
// this build belongs to, installed or not) and returns its exit status (1 if it cannot be started).
int run_python(const std::vector<std::string>& args)
{
  std::vector<std::string> argv_s{"/usr/bin/python3", "-m", "btlinksim.plot"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    const char* old = std::getenv("PYTHONPATH");
    const std::string path = std::string(BTLINKSIM_ANALYSIS_DIR) + (old && *old ? std::string(":") + old : "");
    setenv("PYTHONPATH", path.c_str(), 1);
    execv(argv[0], argv.data());
    std::cerr << "btlinksim: cannot run /usr/bin/python3 (Debian's python3 with python3-matplotlib): "
              << std::strerror(errno) << "\n";
    _exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? (WEXITSTATUS(status) == 0 ? 0 : 1) : 1;
}

bool all_results(const std::vector<std::string>& files, const char* cmd)
{
  bool ok = true;
  for (const auto& f : files)
    if (!std::filesystem::is_regular_file(f) || !is_btlinksim_result(f)) {
      std::cerr << "btlinksim " << cmd << ": " << f
                << " is not a btlinksim result file; give the HDF5 output of btlinksim run or sweep\n";
      ok = false;
    }
  return ok;
}
}  // namespace

Action add_plot_command(CLI::App& app)
{
  auto file = std::make_shared<std::string>();
  auto out  = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("plot", "Draw the figures of a run's or a sweep's result file (PNG and SVG)");
  sub->add_option("file", *file, "HDF5 result file")->required();
  sub->add_option("-o,--out", *out, "directory for the figures (default: FILE_plots)");
  return [sub, file, out]() -> int {
    if (!sub->parsed())
      return -1;
    if (!all_results({*file}, "plot"))
      return 2;
    std::vector<std::string> args{"plot", *file};
    if (!out->empty())
      args.insert(args.end(), {"-o", *out});
    return run_python(args);
  };
}

Action add_report_command(CLI::App& app)
{
  auto files = std::make_shared<std::vector<std::string>>();
  auto out   = std::make_shared<std::string>();
  auto* sub  = app.add_subcommand("report", "Write one self-contained HTML page: summary, verdicts, figures, scenarios, provenance");
  sub->add_option("files", *files, "HDF5 result files (two run files also get compare's verdicts)")->required();
  sub->add_option("-o,--out", *out, "the HTML file to write")->required();
  return [sub, files, out]() -> int {
    if (!sub->parsed())
      return -1;
    if (!all_results(*files, "report"))
      return 2;
    for (const auto& f : *files) {
      std::error_code ec;
      if (std::filesystem::exists(*out, ec) && std::filesystem::equivalent(*out, f, ec)) {
        std::cerr << "btlinksim report: -o " << *out << " is an input; name a new .html file\n";
        return 2;
      }
    }
    std::vector<std::string> args{"report"};
    args.insert(args.end(), files->begin(), files->end());
    args.insert(args.end(), {"-o", *out});
    // Two or more run files: compare's verdict (sim/cli/verdict.cpp) at the top of the page, handed over as JSON.
    std::string verdict_file;
    if (files->size() >= 2 && std::all_of(files->begin(), files->end(), [](const std::string& f) { return result_schema(f) == "btlinksim-results"; })) {
      std::ostringstream js;
      if (verdict_of_files(*files, true, &js) != 0)
        return 2;
      char tmpl[] = "/tmp/btlinksim-verdict-XXXXXX";
      const int fd = mkstemp(tmpl);
      if (fd < 0) {
        std::cerr << "btlinksim report: cannot create a temporary file in /tmp: " << std::strerror(errno) << "\n";
        return 1;
      }
      const std::string text = js.str();
      const bool wrote = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      close(fd);
      verdict_file = tmpl;
      if (!wrote) {
        std::remove(tmpl);
        std::cerr << "btlinksim report: cannot write the verdict to " << verdict_file << "\n";
        return 1;
      }
      args.insert(args.end(), {"--verdict", verdict_file});
    }
    const int rc = run_python(args);
    if (!verdict_file.empty())
      std::remove(verdict_file.c_str());
    return rc;
  };
}

}  // namespace btlinksim::cli
