// An advisory lock on a result file (issue 23 item 11): two commands writing one output -- two sweeps, a sweep
// started twice, a run beside a sweep -- would lose one's results or repeat the other's runs. The lock is
// flock(2) on OUTPUT.lock beside the output; the second command is told who holds it and exits 2. The shards of
// one sweep (--shard I/N, MPI ranks, Slurm array tasks) share the output's lock and each holds its own shard's
// exclusively, so they run together but each shard runs once; a plain sweep, a merge or a run takes the output's
// lock exclusively. The lock ends with the process (kill -9 included): a stale OUTPUT.lock never blocks.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace btlinksim {

class OutputLock {
public:
  enum class Mode { exclusive, shared };
  // The lock of `output` (its OUTPUT.lock, directories created), or nullopt with either `holder` saying who holds
  // it ("pid 123 on host since 10:01:02: btlinksim sweep s.yaml") or `error` what failed (no lock file possible).
  static std::optional<OutputLock> acquire(const std::string& output, Mode mode, std::string& holder, std::string& error,
                                           const std::string& suffix = ".lock");
  // The message a command prints when acquire failed.
  static std::string refusal(const std::string& output, const std::string& holder, const std::string& error);
  OutputLock(OutputLock&& o) noexcept : path_(std::move(o.path_)), fd_(o.fd_) { o.fd_ = -1; }
  OutputLock& operator=(OutputLock&& o) noexcept
  {
    std::swap(path_, o.path_);
    std::swap(fd_, o.fd_);
    return *this;
  }
  OutputLock(const OutputLock&)      = delete;
  ~OutputLock();

private:
  OutputLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_ = -1;
};

}  // namespace btlinksim
