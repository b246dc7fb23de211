#include "sim/output/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace btlinksim {

namespace {
// "pid 123 on host since 10:01:02: btlinksim sweep s.yaml"
std::string who_am_i()
{
  char host[256] = "?";
  gethostname(host, sizeof host - 1);
  const std::time_t now = std::time(nullptr);
  char when[32]         = "";
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string cmd, arg;
  while (std::getline(in, arg, '\0'))
    cmd += (cmd.empty() ? "" : " ") + arg;
  return "pid " + std::to_string(getpid()) + " on " + host + " since " + when + ": " + cmd;
}

std::string read_all(int fd)
{
  std::string text(4096, '\0');
  const ssize_t n = pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  return text;
}
}  // namespace

std::string OutputLock::refusal(const std::string& output, const std::string& holder, const std::string& error)
{
  if (!error.empty())
    return "'" + output + "' cannot be written: " + error + "; choose a writable directory";
  return "'" + output + "' is in use by " + holder + "; wait for it to finish, or choose another output";
}

std::optional<OutputLock> OutputLock::acquire(const std::string& output, Mode mode, std::string& holder, std::string& error,
                                              const std::string& suffix)
{
  const std::string path = output + suffix;
  std::error_code ec;
  if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent, ec);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      error = "cannot create the lock " + path + ": " + std::strerror(errno);
      return std::nullopt;
    }
    if (flock(fd, (mode == Mode::exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
      const int err = errno;
      if (err == EWOULDBLOCK) {
        const std::string text = read_all(fd);
        holder = text.empty() ? "the shards of a sweep (--shard, MPI or a Slurm array)" : text;
      } else {
        error = "cannot lock " + path + ": " + std::strerror(err);
      }
      close(fd);
      return std::nullopt;
    }
    // The holder before us may have removed the file between our open and our lock: lock the file now there.
    struct stat mine{}, there{};
    if (fstat(fd, &mine) == 0 && stat(path.c_str(), &there) == 0 && mine.st_dev == there.st_dev && mine.st_ino == there.st_ino) {
      if (mode == Mode::exclusive) {
        const std::string me = who_am_i() + "\n";
        if (ftruncate(fd, 0) == 0 && pwrite(fd, me.data(), me.size(), 0) < 0) {
          // the holder's description is a courtesy: the lock holds without it
        }
      }
      return OutputLock(path, fd);
    }
    close(fd);
  }
  error = "the lock " + path + " keeps being replaced";
  return std::nullopt;
}

OutputLock::~OutputLock()
{
  if (fd_ < 0)
    return;
  // Removed only while no one else holds it (shards share the output's lock); then released.
  if (flock(fd_, LOCK_EX | LOCK_NB) == 0)
    unlink(path_.c_str());
  close(fd_);
}

}  // namespace btlinksim
