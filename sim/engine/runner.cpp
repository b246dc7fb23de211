#include "sim/engine/runner.hpp"

#include "sim/engine/engine.hpp"
#include "sim/engine/sim_progress.hpp"
#include "sim/common/fd_io.hpp"
#include "sim/common/heap_pages.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

namespace btlinksim {

namespace {
using Clock = std::chrono::steady_clock;

struct Child {
  pid_t pid;
  int fd;
  int replication;
  Clock::time_point start;
  size_t index;          // in the runs given to run_all
  SimProgress* clock;    // the child's simulated clock, shared (may be nullptr)
  std::string text;      // what it has sent so far
};

// From how many devices a run's child maps its heap in huge pages (and run_all releases the parent's free heap). Measured on a 2 vCPU VM (docs/performance.md,
// "Huge pages for a large run's heap"): a huge page costs its child ~1 ms more at exit, which a run of 0.1 s of one
// speaker pays without gain (7.0-7.3 -> 8.0-8.2 ms a run); broadcasts of 200 and 500 receivers gained nothing
// measurable, of 1,000 ~5 ms, of 2,000 ~10 ms, of 5,000 ~35 ms of their 40-80 ms.
constexpr size_t kHugeHeapDevices = 1000;

// The child sends "OK <seconds it computed>\n<result>" or "ERROR\n<message>" and exits.
Child spawn(const Scenario& s, int rep, size_t index, bool share_clock)
{
  int fds[2];
  if (pipe(fds) != 0)
    throw RunFailure(std::string("pipe: ") + std::strerror(errno));
  SimProgress* clock = share_clock ? map_sim_progress() : nullptr;
  std::fflush(nullptr);
  const pid_t parent = getpid();
  const auto t0      = Clock::now();
  const pid_t pid    = fork();
  if (pid < 0)
    throw RunFailure(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // A child never outlives its parent: killed with it, it cannot go on writing files.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(1);
    if (s.devices.size() >= kHugeHeapDevices)
      advise_huge_heap();  // the free heap inherited from the parent is mapped in 2 MB pages (sim/common/heap_pages.hpp)
    close(fds[0]);
    publish_sim_progress_to(clock);
    std::string msg;
    int rc = 0;
    try {
      const std::string result = run_replication(s, rep).serialize();
      char head[64];
      std::snprintf(head, sizeof head, "OK %.9f\n", std::chrono::duration<double>(Clock::now() - t0).count());
      msg = head + result;
    } catch (const std::exception& e) {
      msg = std::string("ERROR\n") + e.what();
      rc  = 1;
    }
    (void)write_all(fds[1], msg.data(), msg.size());  // if cut short, the parent finds the result truncated and says so
    close(fds[1]);
    _exit(rc);
  }
  close(fds[1]);
  return {pid, fds[0], rep, t0, index, clock, {}};
}

std::string timeout_message(const Child& c, double timeout_s)
{
  char what[96];
  std::snprintf(what, sizeof what, "exceeded the run timeout of %g s (killed)", timeout_s);
  return "replication " + std::to_string(c.replication) + " failed: " + what;
}

// The child's pipe is closed: reap it and decode what it sent.
RunOutcome reap(Child& c, double timeout_s)
{
  close(c.fd);
  int status = 0;
  waitpid(c.pid, &status, 0);
  const std::string& text = c.text;
  if (text.rfind("OK ", 0) == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    const size_t eol = text.find('\n');
    const double computed_s = std::strtod(text.c_str() + 3, nullptr);
    if (timeout_s > 0 && computed_s > timeout_s)  // finished, but too late: the same verdict as a kill
      return {std::nullopt, timeout_message(c, timeout_s)};
    return {RunResult::deserialize(std::string_view(text).substr(eol + 1)), ""};
  }
  std::string why = text.rfind("ERROR\n", 0) == 0 ? text.substr(6) : "";
  if (why.empty())
    why = WIFSIGNALED(status) ? std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
                                    strsignal(WTERMSIG(status)) + ")"
                              : "exited with status " + std::to_string(WEXITSTATUS(status));
  return {std::nullopt, "replication " + std::to_string(c.replication) + " failed: " + why};
}
}  // namespace

// Every child's pipe is drained as it writes (none waits on a full pipe for an earlier run to finish), a free
// slot is refilled as soon as any run ends, and outcomes are handed on in run order, so results do not depend
// on `jobs`.
std::vector<RunOutcome> run_all(const std::vector<RunJob>& runs, int jobs, const Progress& progress, double timeout_s,
                                const Done& done, const Waiting& waiting, double waiting_every_s)
{
  if (jobs < 1)
    jobs = 1;
  // What loading freed goes back to the kernel, so that a large run's child maps it afresh in huge pages. Only then:
  // the parent would fault the released top of its heap in again (the optimiser calls run_all per evaluation).
  if (std::any_of(runs.begin(), runs.end(), [](const RunJob& r) { return r.scenario->devices.size() >= kHugeHeapDevices; }))
    release_free_heap();
  std::vector<RunOutcome> out;
  std::map<size_t, RunOutcome> finished;  // ended, waiting for the runs before them
  std::vector<Child> running;
  size_t next = 0, failed = 0;
  auto next_tick = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(waiting_every_s));
  auto end_child = [&](size_t k, RunOutcome o) {
    unmap_sim_progress(running[k].clock);
    finished.emplace(running[k].index, std::move(o));
    running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
  };
  // A free slot is refilled before the parent reaps, decodes and hands on what ended (its serial work per run),
  // so that work overlaps the next run instead of leaving a core idle (issue 27 item 5).
  auto refill = [&] {
    while (next < runs.size() && static_cast<int>(running.size()) < jobs) {
      running.push_back(spawn(*runs[next].scenario, runs[next].replication, next, static_cast<bool>(waiting)));
      ++next;
    }
  };
  std::vector<Child> closed;  // sent all they had: reaped after the refill
  char buf[65536];
  while (out.size() < runs.size()) {
    refill();
    // Wait for output from any child, at most until the next timeout or progress tick.
    const auto now = Clock::now();
    double wait_s  = waiting ? std::chrono::duration<double>(next_tick - now).count() : 3600;
    if (timeout_s > 0)
      for (const Child& c : running)
        wait_s = std::min(wait_s, timeout_s - std::chrono::duration<double>(now - c.start).count());
    std::vector<pollfd> fds;
    for (const Child& c : running)
      fds.push_back({c.fd, POLLIN, 0});
    const int ready = poll(fds.data(), fds.size(), std::max(0, static_cast<int>(std::ceil(wait_s * 1000))));
    if (ready < 0 && errno != EINTR)
      throw RunFailure(std::string("poll: ") + std::strerror(errno));
    for (size_t k = fds.size(); k-- > 0;) {
      if (ready > 0 && (fds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
        const ssize_t n = read(running[k].fd, buf, sizeof buf);
        if (n > 0) {
          running[k].text.append(buf, static_cast<size_t>(n));
          continue;
        }
        closed.push_back(std::move(running[k]));
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(k));
        continue;
      }
      if (timeout_s > 0 && std::chrono::duration<double>(Clock::now() - running[k].start).count() >= timeout_s) {
        kill(running[k].pid, SIGKILL);
        waitpid(running[k].pid, nullptr, 0);
        close(running[k].fd);
        const std::string why = timeout_message(running[k], timeout_s);
        end_child(k, {std::nullopt, why});
      }
    }
    refill();
    for (Child& c : closed) {
      unmap_sim_progress(c.clock);
      finished.emplace(c.index, reap(c, timeout_s));
    }
    closed.clear();
    // Hand on, in run order, every outcome whose predecessors are all known.
    for (auto it = finished.find(out.size()); it != finished.end(); it = finished.find(out.size())) {
      out.push_back(std::move(it->second));
      finished.erase(it);
      failed += !out.back().result;
      if (done)
        done(out.size() - 1, out.back());
      if (progress)
        progress(out.size(), failed);
    }
    if (waiting && Clock::now() >= next_tick && out.size() < runs.size()) {
      std::vector<InFlight> now_in;
      for (const Child& c : running)
        if (c.clock)
          now_in.push_back({c.index, c.clock->now_s.load(std::memory_order_relaxed),
                            c.clock->end_s.load(std::memory_order_relaxed)});
      std::sort(now_in.begin(), now_in.end(), [](const InFlight& x, const InFlight& y) { return x.index < y.index; });
      waiting(out.size(), failed, now_in);
      next_tick = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(waiting_every_s));
    }
  }
  return out;
}

namespace {
std::vector<RunResult> run_jobs_waiting(const std::vector<RunJob>& runs, int jobs, const Waiting& waiting, double every_s,
                                        double timeout_s = 0)
{
  std::vector<RunResult> results;
  for (auto& o : run_all(runs, jobs, {}, timeout_s, {}, waiting, every_s))
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

std::vector<RunResult> run_replications(const Scenario& s, int jobs, const Waiting& waiting, double waiting_every_s,
                                        double timeout_s)
{
  std::vector<RunJob> runs;
  for (int r = 0; r < s.replications; ++r)
    runs.push_back({&s, r});
  return run_jobs_waiting(runs, jobs, waiting, waiting_every_s, timeout_s);
}

std::vector<RunResult> run_replications(const Scenario& s, int jobs)
{
  return run_replications(s, jobs, {}, 1.0);
}

}  // namespace btlinksim
