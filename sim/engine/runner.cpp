#include "sim/engine/runner.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/sim_progress.hpp"
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
  size_t index;          // in the runs given to run_all
  SimProgress* clock;    // the child's simulated clock, shared (may be nullptr)
};

Child spawn(const Scenario& s, int rep, size_t index, bool share_clock)
{
  int fds[2];
  if (pipe(fds) != 0)
    throw RunFailure(std::string("pipe: ") + std::strerror(errno));
  SimProgress* clock = share_clock ? map_sim_progress() : nullptr;
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
    publish_sim_progress_to(clock);
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
  return {pid, fds[0], rep, std::chrono::steady_clock::now(), index, clock};
}

// Waits for the child's result; while it waits, calls waiting() about every waiting_every_s (if given).
RunResult finish(const Child& c, double timeout_s, const std::function<void()>& waiting, double waiting_every_s)
{
  std::string text;
  char buf[65536];
  const auto t0 = c.start;  // the run's time counts from its fork
  for (;;) {
    if (timeout_s > 0 || waiting) {  // wait for output at most until the run's time is up or the next tick
      const double left =
          timeout_s > 0 ? timeout_s - std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() : 1e9;
      const double wait_s = waiting ? std::min(left, waiting_every_s) : left;
      pollfd p{c.fd, POLLIN, 0};
      const int ready = left <= 0 ? 0 : poll(&p, 1, static_cast<int>(std::ceil(wait_s * 1000)));
      if (ready == 0 && left > wait_s) {
        waiting();
        continue;
      }
      if (ready == 0) {
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
                                const Done& done, const Waiting& waiting, double waiting_every_s)
{
  if (jobs < 1)
    jobs = 1;
  std::vector<RunOutcome> out;
  std::deque<Child> running;
  size_t next = 0, failed = 0;
  while (next < runs.size() || !running.empty()) {
    while (next < runs.size() && static_cast<int>(running.size()) < jobs) {
      running.push_back(spawn(*runs[next].scenario, runs[next].replication, next, static_cast<bool>(waiting)));
      ++next;
    }
    const Child c = running.front();  // in order: results do not depend on `jobs`
    running.pop_front();
    std::function<void()> tick;
    if (waiting)
      tick = [&] {
        std::vector<InFlight> now;
        auto add = [&now](const Child& k) {
          if (k.clock)
            now.push_back({k.index, k.clock->now_s.load(std::memory_order_relaxed),
                           k.clock->end_s.load(std::memory_order_relaxed)});
        };
        add(c);
        for (const Child& k : running)
          add(k);
        waiting(out.size(), failed, now);
      };
    try {
      out.push_back({finish(c, timeout_s, tick, waiting_every_s), ""});
    } catch (const RunFailure& e) {
      out.push_back({std::nullopt, e.what()});
      ++failed;
    }
    unmap_sim_progress(c.clock);
    if (done)
      done(out.size() - 1, out.back());
    if (progress)
      progress(out.size(), failed);
  }
  return out;
}

namespace {
std::vector<RunResult> run_jobs_waiting(const std::vector<RunJob>& runs, int jobs, const Waiting& waiting, double every_s)
{
  std::vector<RunResult> results;
  for (auto& o : run_all(runs, jobs, {}, 0, {}, waiting, every_s))
    if (o.result)
      results.push_back(std::move(*o.result));
    else
      throw RunFailure(o.error);
  return results;
}
}  // namespace

std::vector<RunResult> run_jobs(const std::vector<RunJob>& runs, int jobs)
{
  return run_jobs_waiting(runs, jobs, {}, 1.0);
}

std::vector<RunResult> run_replications(const Scenario& s, int jobs, const Waiting& waiting, double waiting_every_s)
{
  std::vector<RunJob> runs;
  for (int r = 0; r < s.replications; ++r)
    runs.push_back({&s, r});
  return run_jobs_waiting(runs, jobs, waiting, waiting_every_s);
}

std::vector<RunResult> run_replications(const Scenario& s, int jobs)
{
  return run_replications(s, jobs, {}, 1.0);
}

}  // namespace btlinksim
