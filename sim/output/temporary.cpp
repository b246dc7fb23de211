#include "sim/output/temporary.hpp"

#include "sim/common/fd_io.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <cstdlib>
#include <filesystem>

namespace btlinksim {

std::string temporary_for(const std::string& path) { return path + "." + std::to_string(getpid()) + ".tmp"; }

void remove_dead_writers_temporaries(const std::string& dir, const std::function<std::string(const std::string&)>& writer_pid)
{
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir.empty() ? "." : dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n.size() <= 4 || n.substr(n.size() - 4) != ".tmp")
      continue;
    const std::string pid_text = writer_pid(n);
    if (pid_text.empty() || pid_text.size() > 9 || pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove(e.path(), ec);
  }
}

void remove_stale_temporaries(const std::string& path)
{
  const std::filesystem::path p(path);
  const std::string stem = p.filename().string() + ".";
  remove_dead_writers_temporaries(p.parent_path().string(), [&](const std::string& n) -> std::string {
    if (n.size() <= stem.size() + 4 || n.rfind(stem, 0) != 0)
      return "";
    return n.substr(stem.size(), n.size() - stem.size() - 4);  // NAME.<pid>.tmp
  });
}

void write_then_rename(const std::string& tmp, const std::string& path, std::string_view bytes)
{
  std::error_code ec;
  auto fail = [&](const char* what, int err, int fd) {
    if (fd >= 0)
      close(fd);
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write " + path + ": " + what + ": " + std::strerror(err));
  };
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    fail("create", errno, -1);
  if (const int err = write_all(fd, bytes.data(), bytes.size()); err != 0)
    fail("write", err, fd);
  if (fsync(fd) != 0)
    fail("fsync", errno, fd);
  if (close(fd) != 0)
    fail("close", errno, -1);
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const int err = ec.value();
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot rename " + tmp + " to " + path + ": " + std::strerror(err));
  }
}

void write_file_atomically(const std::string& path, std::string_view bytes)
{
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, ec);
  remove_stale_temporaries(path);  // what a process killed while writing here left behind
  write_then_rename(temporary_for(path), path, bytes);
}

}  // namespace btlinksim
