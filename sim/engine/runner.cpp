#include "sim/engine/runner.hpp"

#include "sim/engine/engine.hpp"
#include "sim/output/hdf5_writer.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>

namespace btlinksim {

namespace {
struct Child {
  pid_t pid;
  int fd;
  int replication;
  std::chrono::steady_clock::time_point start;
};

Child spawn(const Scenario& s, int rep)
{
  int fds[2];
  if (pipe(fds) != 0)
    throw RunFailure(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);
  const pid_t parent = getpid();
  const pid_t pid    = fork();
  if (pid < 0)
    throw RunFailure(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // A child never outlives its parent: killed with it, it cannot go on writing files.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(1);
    close(fds[0]);
    std::string msg;
    int rc = 0;
    try {
      RunResult r = run_replication(s, rep);
      const std::string path = replication_output_path(s, rep);
      if (!path.empty())
        write_run_hdf5(path, s, r);
      msg = "OK\n" + r.serialize();
    } catch (const std::exception& e) {
      msg = std::string("ERROR\n") + e.what();
      rc  = 1;
    }
    size_t off = 0;
    while (off < msg.size()) {
      const ssize_t n = write(fds[1], msg.data() + off, msg.size() - off);
      if (n <= 0)
        break;
      off += static_cast<size_t>(n);
    }
    close(fds[1]);
    _exit(rc);
  }
  close(fds[1]);
  return {pid, fds[0], rep, std::chrono::steady_clock::now()};
}

RunResult finish(const Child& c, double timeout_s)
{
  std::string text;
  char buf[65536];
  const auto t0 = c.start;  // the run's time counts from its fork
  for (;;) {
    if (timeout_s > 0) {  // wait for output at most until the run's time is up
      const double left = timeout_s - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      pollfd p{c.fd, POLLIN, 0};
      if (left <= 0 || poll(&p, 1, static_cast<int>(std::ceil(left * 1000))) == 0) {
        kill(c.pid, SIGKILL);
        waitpid(c.pid, nullptr, 0);
        close(c.fd);
        char what[96];
        std::snprintf(what, sizeof what, "exceeded the run timeout of %g s (killed)", timeout_s);
        throw RunFailure("replication " + std::to_string(c.replication) + " failed: " + what);
      }
    }
    const ssize_t n = read(c.fd, buf, sizeof buf);
    if (n <= 0)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(c.fd);
  int status = 0;
  waitpid(c.pid, &status, 0);
  if (text.rfind("OK\n", 0) == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return RunResult::deserialize(text.substr(3));
  std::string why = text.rfind("ERROR\n", 0) == 0 ? text.substr(6) : "";
  if (why.empty())
    why = WIFSIGNALED(status) ? std::string("killed by signal ") + std::to_string(WTERMSIG(status))
                              : "exited with status " + std::to_string(WEXITSTATUS(status));
  throw RunFailure("replication " + std::to_string(c.replication) + " failed: " + why);
}
}  // namespace

std::vector<RunOutcome> run_all(const std::vector<RunJob>& runs, int jobs, const Progress& progress, double timeout_s,
                                const Done& done)
{
  if (jobs < 1)
    jobs = 1;
  std::vector<RunOutcome> out;
  std::deque<Child> running;
  size_t next = 0, failed = 0;
  while (next < runs.size() || !running.empty()) {
    while (next < runs.size() && static_cast<int>(running.size()) < jobs) {
      running.push_back(spawn(*runs[next].scenario, runs[next].replication));
      ++next;
    }
    const Child c = running.front();  // in order: results do not depend on `jobs`
    running.pop_front();
    try {
      out.push_back({finish(c, timeout_s), ""});
    } catch (const RunFailure& e) {
      out.push_back({std::nullopt, e.what()});
      ++failed;
    }
    if (done)
      done(out.size() - 1, out.back());
    if (progress)
      progress(out.size(), failed);
  }
  return out;
}

std::vector<RunResult> run_jobs(const std::vector<RunJob>& runs, int jobs)
{
  std::vector<RunResult> results;
  for (auto& o : run_all(runs, jobs))
    if (o.result)
      results.push_back(std::move(*o.result));
    else
      throw RunFailure(o.error);
  return results;
}

std::vector<RunResult> run_replications(const Scenario& s, int jobs)
{
  std::vector<RunJob> runs;
  for (int r = 0; r < s.replications; ++r)
    runs.push_back({&s, r});
  return run_jobs(runs, jobs);
}

}  // namespace btlinksim
