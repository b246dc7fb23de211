#include "sim/batch/run_store.hpp"

#include "btlinksim/version.hpp"
#include "sim/common/sha256.hpp"
#include "sim/output/temporary.hpp"
#include "sim/scenario/input_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace btlinksim {

namespace {
std::string host()
{
  char h[256] = {};
  if (gethostname(h, sizeof h - 1) != 0 || h[0] == '\0')
    return "host";
  std::string n(h);
  for (char& c : n)
    if (c == '.' || c == '/')
      c = '_';
  return n;
}
}  // namespace

void RunStore::prepare(bool fresh)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fresh)
    fs::remove_all(dir_, ec);
  fs::create_directories(dir_, ec);
  const std::string here = host();
  remove_dead_writers_temporaries(dir_, [&](const std::string& name) -> std::string {
    const std::string n  = name.substr(0, name.size() - 4);  // KEY.HOST.PID
    const size_t dot     = n.rfind('.');
    const size_t hostdot = dot == std::string::npos || dot == 0 ? std::string::npos : n.rfind('.', dot - 1);
    if (hostdot == std::string::npos || n.substr(hostdot + 1, dot - hostdot - 1) != here)
      return "";  // another host's, or not a name of ours: not ours to judge
    return n.substr(dot + 1);
  });
}

std::string RunStore::key(const Scenario& s, int rep, const std::string& extra)
{
  return sha256_hex(s.text + "\nreplication " + std::to_string(rep) + (extra.empty() ? "" : "\n" + extra) +
                    "\nbtlinksim " BTLINKSIM_VERSION " " + BTLINKSIM_GIT_COMMIT);
}

std::optional<RunResult> RunStore::load(const std::string& k) const
{
  std::string why;
  const auto text = read_input_file(dir_ + "/" + k + ".run", "run", why);
  if (!text || text->rfind("OK\n", 0) != 0)
    return std::nullopt;  // absent or unreadable: run it again
  try {
    return RunResult::deserialize(text->substr(3));
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable: run it again
  }
}

bool RunStore::save(const std::string& k, const RunResult& r) const
{
  const std::string path = dir_ + "/" + k + ".run",
                    tmp  = dir_ + "/" + k + "." + host() + "." + std::to_string(getpid()) + ".tmp";
  try {  // written, synced and closed with every step checked; on failure the temporary is removed
    write_then_rename(tmp, path, "OK\n" + r.serialize());
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace btlinksim
