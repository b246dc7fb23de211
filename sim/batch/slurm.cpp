#include "sim/batch/slurm.hpp"

#include "sim/output/temporary.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>

namespace btlinksim {

namespace {
// A word for a shell script: single-quoted ('it'\''s').
std::string shell_quote(const std::string& s)
{
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool on_path(const std::string& program)
{
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  std::string d;
  while (std::getline(dirs, d, ':'))
    if (!d.empty() && access((d + "/" + program).c_str(), X_OK) == 0)
      return true;
  return false;
}
}  // namespace

std::string slurm_options_problem(const SlurmOptions& o)
{
  static const std::regex name("[A-Za-z0-9_.,-]+");
  static const std::regex time("([0-9]+-[0-9]+(:[0-9]+){0,2}|[0-9]+(:[0-9]+){0,2})");
  static const std::regex mem("[0-9]+[KMGT]?");
  if (!o.partition.empty() && !std::regex_match(o.partition, name))
    return "--partition '" + o.partition + "': a partition name is letters, digits, '_', '.', ',' or '-'";
  if (!o.account.empty() && !std::regex_match(o.account, name))
    return "--account '" + o.account + "': an account name is letters, digits, '_', '.', ',' or '-'";
  if (!o.time_limit.empty() && !std::regex_match(o.time_limit, time))
    return "--time '" + o.time_limit + "': give minutes (30), M:S, H:M:S (2:00:00) or D-H:M:S (1-12:00:00), as sbatch takes them";
  if (!o.memory.empty() && !std::regex_match(o.memory, mem))
    return "--mem '" + o.memory + "': give a size with K, M, G or T, e.g. 2G (per task, as sbatch --mem)";
  return "";
}

std::size_t write_slurm_jobs(const SlurmOptions& o, const std::string& sweep_file, const std::string& output,
                             std::size_t runs, const std::string& exe, std::string& error)
{
  namespace fs            = std::filesystem;
  const std::size_t tasks = o.tasks > 0 ? std::min<std::size_t>(static_cast<std::size_t>(o.tasks), runs)
                                        : std::max<std::size_t>(1, runs / 25);
  const std::string dir = fs::absolute(output + ".slurm").lexically_normal().string();
  std::string head;  // the options both jobs share
  if (!o.partition.empty())
    head += "#SBATCH --partition=" + o.partition + "\n";
  if (!o.account.empty())
    head += "#SBATCH --account=" + o.account + "\n";
  if (!o.time_limit.empty())
    head += "#SBATCH --time=" + o.time_limit + "\n";
  if (!o.memory.empty())
    head += "#SBATCH --mem=" + o.memory + "\n";
  const std::string file = shell_quote(fs::absolute(sweep_file).string()), cd = "cd " + shell_quote(fs::current_path().string()) + "\n";
  const std::string array = "0-" + std::to_string(tasks - 1) + (o.max_running > 0 ? "%" + std::to_string(o.max_running) : "");
  try {
    write_file_atomically(dir + "/array.sbatch",
                          "#!/bin/bash\n#SBATCH --job-name=btl-sweep\n#SBATCH --array=" + array +
                              "\n#SBATCH --ntasks=1\n#SBATCH --output=" + dir + "/task-%a.log\n" + head + cd + "exec " +
                              shell_quote(exe) + " sweep " + file + " -q -j 1 --shard ${SLURM_ARRAY_TASK_ID}/" +
                              std::to_string(tasks) + "\n");
    write_file_atomically(dir + "/merge.sbatch", "#!/bin/bash\n#SBATCH --job-name=btl-merge\n#SBATCH --ntasks=1\n#SBATCH --output=" +
                                                     dir + "/merge.log\n" + head + cd + "exec " + shell_quote(exe) +
                                                     " merge " + file + " -q\n");
    write_file_atomically(dir + "/submit.sh",
                          "#!/bin/bash\n# Submits the array, then the merge once every task succeeded; prints both job ids.\n"
                          "set -euo pipefail\ncd \"$(dirname \"$0\")\"\njid=$(sbatch --parsable array.sbatch)\n"
                          "mid=$(sbatch --parsable --dependency=afterok:${jid} merge.sbatch)\necho \"$jid $mid\"\n");
  } catch (const std::exception& e) {
    error = e.what();
    return 0;
  }
  return tasks;
}

std::string slurm_unreachable()
{
  if (!on_path("sbatch"))
    return "this machine has no sbatch (Slurm's client) on its PATH";
  std::fflush(nullptr);
  FILE* p = popen("timeout 10 scontrol ping 2>&1", "r");
  if (!p)
    return "cannot run scontrol ping";
  std::string said;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p))
    said += buf;
  const int status = pclose(p);
  if (status == 0 && said.find("is UP") != std::string::npos)
    return "";
  while (!said.empty() && (said.back() == '\n' || said.back() == ' '))
    said.pop_back();
  std::replace(said.begin(), said.end(), '\n', ' ');
  return "Slurm's controller does not answer (scontrol ping: " + (said.empty() ? std::string("no answer in 10 s") : said) + ")";
}

}  // namespace btlinksim
