#include "sim/output/temporary.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

namespace btlinksim {

std::string temporary_for(const std::string& path) { return path + "." + std::to_string(getpid()) + ".tmp"; }

void remove_stale_temporaries(const std::string& path)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string stem = p.filename().string() + ".";
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.size() <= stem.size() + 4 || n.rfind(stem, 0) != 0 || n.substr(n.size() - 4) != ".tmp")
      continue;
    const std::string pid_text = n.substr(stem.size(), n.size() - stem.size() - 4);
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove(e.path(), ec);
  }
}

}  // namespace btlinksim
