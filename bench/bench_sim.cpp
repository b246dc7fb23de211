// Simulation speed: flagship relay and dual stream (10 min of audio), a 100-speaker relay chain, and a bare
// SimGrid sleep_for loop measured in the same run for the cost per event. Each measured run is a forked child
// (one SimGrid engine per process). Results: docs/performance.md.
#include "sim/batch/sweep_batch.hpp"
#include "bench/stadium_yaml.hpp"
#include "sim/engine/runner.hpp"
#include "sim/optimise/optimiser.hpp"
#include "sim/scenario/scenario.hpp"

#include <benchmark/benchmark.h>
#include <simgrid/s4u.hpp>

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace btlinksim;

static Scenario load(const std::string& path, double duration_s)
{
  LoadResult r = load_scenario_file(path);
  if (!r.scenario)
    throw std::runtime_error(r.format_errors());
  Scenario s       = *r.scenario;
  s.duration_s     = duration_s;
  s.replications   = 1;
  s.output.file    = "";
  return s;
}

static Scenario chain(int n, double duration_s)
{
  std::string y = "duration: 1 s\nenvironment:\n  path_loss: { exponent: 2.0 }\ndevices:\n  phone: { role: source, position: [0, 0] }\n";
  std::string c = "[phone";
  for (int i = 1; i <= n; ++i) {
    y += "  s" + std::to_string(i) + ": { role: speaker, position: [" + std::to_string(i) + ", 0] }\n";
    c += ", s" + std::to_string(i);
  }
  y += "topology: { kind: relay, chain: " + c + "] }\naudio: { playout_delay: 1 s }\n";
  LoadResult r = load_scenario_text(y, "chain");
  Scenario s   = *r.scenario;
  s.duration_s = duration_s;
  return s;
}

static long children_max_rss_kb()
{
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return u.ru_maxrss;
}

static void run_scenario(benchmark::State& state, const Scenario& s)
{
  double engine_wall = 0, hops = 0;
  for (auto _ : state) {
    auto r = run_replications(s, 1);
    engine_wall += r[0].wall_s;
    hops += static_cast<double>(r[0].events);
  }
  const double iters                = static_cast<double>(state.iterations());
  state.counters["sim_per_wall"]    = s.duration_s * iters / engine_wall;
  state.counters["us_per_hop"]      = engine_wall / hops * 1e6;
  state.counters["hops"]            = hops / iters;
  state.counters["child_maxrss_MB"] = children_max_rss_kb() / 1024.0;
}

// The stadium (bench/stadium_yaml.hpp), 1 min of audio.
static Scenario stadium(int n)
{
  const std::string y = stadium_yaml(n, "1 min");
  LoadResult r = load_scenario_text(y, "stadium");
  if (!r.scenario)
    throw std::runtime_error(r.format_errors());
  Scenario s   = *r.scenario;
  s.replications = 1;
  s.output.file  = "";
  return s;
}

static void BM_stadium(benchmark::State& st)
{
  const int n      = static_cast<int>(st.range(0));
  const Scenario s = stadium(n);
  double engine_wall = 0, run_all_wall = 0;
  for (auto _ : st) {
    const auto t0 = std::chrono::steady_clock::now();
    engine_wall += run_replications(s, 1)[0].wall_s;
    run_all_wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const double iters               = static_cast<double>(st.iterations());
  st.counters["sim_per_wall"]      = s.duration_s * iters / engine_wall;
  // The run as the parent sees it: the engine, and the child's exit and the decoding of its result.
  st.counters["run_all_ms"]        = run_all_wall / iters * 1e3;
  // Engine time per receiver per simulated second (6,000 BIG events a minute; compare us_per_event).
  st.counters["us_per_receiver_s"] = engine_wall / iters / n / s.duration_s * 1e6;
  st.counters["child_maxrss_MB"]   = children_max_rss_kb() / 1024.0;
}

// The first touch of anonymous memory, which is most of a stadium's set-up and tables on a VM whose page faults
// trap to the hypervisor (docs/performance.md): a write per 4 KB page, one fault each (arg 0), against one
// madvise(MADV_POPULATE_WRITE) over the range, which the kernel fills without a fault per page (arg 1); 64 MB that
// the previous iteration unmapped (recycled pages).
static void BM_first_touch(benchmark::State& st)
{
  const size_t n = size_t{64} << 20, pages = n / 4096;
  double us = 0;
  for (auto _ : st) {
    void* m = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
      st.SkipWithError("mmap failed");
      break;
    }
    volatile char* p = static_cast<char*>(m);
    const auto t0    = std::chrono::steady_clock::now();
    bool ok          = true;
    if (st.range(0) == 1)
      ok = madvise(m, n, MADV_POPULATE_WRITE) == 0;
    else
      for (size_t i = 0; i < n; i += 4096)
        p[i] = 1;
    us += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * 1e6;
    munmap(m, n);
    if (!ok) {
      st.SkipWithError("madvise(MADV_POPULATE_WRITE) refused (Linux before 5.14)");
      break;
    }
  }
  st.counters["us_per_page"] = us / static_cast<double>(st.iterations()) / static_cast<double>(pages);
}

static void BM_flagship_relay(benchmark::State& st) { run_scenario(st, load(BTLINKSIM_SOURCE_DIR "/scenarios/relay.yaml", st.range(0))); }
static void BM_flagship_dual(benchmark::State& st) { run_scenario(st, load(BTLINKSIM_SOURCE_DIR "/scenarios/dual_stream.yaml", st.range(0))); }
static void BM_chain100(benchmark::State& st) { run_scenario(st, chain(100, static_cast<double>(st.range(0)))); }

// Bare SimGrid: one actor, N sleep_for calls, in a forked child; reports engine time per event.
static void BM_bare_simgrid_sleep(benchmark::State& state)
{
  const long n = state.range(0);
  double per_event_us = 0;
  for (auto _ : state) {
    int fds[2];
    if (pipe(fds) != 0)
      state.SkipWithError("pipe");
    const pid_t pid = fork();
    if (pid == 0) {
      int argc = 2;
      char a0[] = "bench", a1[] = "--log=root.thresh:critical";
      char* argv[] = {a0, a1, nullptr};
      simgrid::s4u::Engine e(&argc, argv);
      auto* z = simgrid::s4u::create_full_zone("z");
      auto* h = z->create_host("h", 1e9)->seal();
      z->seal();
      simgrid::s4u::Actor::create("a", h, [n] {
        for (long i = 0; i < n; ++i)
          simgrid::s4u::this_actor::sleep_for(0.001);
      });
      const auto t0 = std::chrono::steady_clock::now();
      e.run();
      const double us = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * 1e6 / n;
      (void)!write(fds[1], &us, sizeof us);
      _exit(0);
    }
    close(fds[1]);
    double us = 0;
    (void)!read(fds[0], &us, sizeof us);
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    per_event_us += us;
  }
  state.counters["us_per_event"] = per_event_us / static_cast<double>(state.iterations());
}

// The sweep runner's cost per run (fork from the warm parent, pipe, result (de)serialisation, bookkeeping):
// 100 runs of 0.1 s of single-speaker audio through run_all with -j = range(0); the engine's own wall time
// (RunResult::wall_s, measured in the child) is subtracted, so runner_ms_per_run is what the runner adds.
// Writing the run store and the sweep file is not in it (docs/performance.md measures the whole command).
static void BM_runner_overhead(benchmark::State& state)
{
  Scenario s = load(BTLINKSIM_SOURCE_DIR "/scenarios/single_speaker.yaml", 0.1);
  std::vector<RunJob> runs;
  for (int r = 0; r < 100; ++r)
    runs.push_back({&s, r});
  double wall = 0, engine = 0;
  for (auto _ : state) {
    const auto t0  = std::chrono::steady_clock::now();
    const auto out = run_all(runs, static_cast<int>(state.range(0)));
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& o : out)
      engine += o.result ? o.result->wall_s : 0;
  }
  const double n                      = static_cast<double>(state.iterations()) * static_cast<double>(runs.size());
  state.counters["wall_ms_per_run"]   = wall / n * 1e3;
  state.counters["engine_ms_per_run"] = engine / n * 1e3;
  state.counters["runner_ms_per_run"] = (wall * static_cast<double>(state.range(0)) - engine) / n * 1e3;
}

// A sweep of short runs (issue 27 item 5): 120 runs of the 10-minute flagship relay (scenarios/relay.yaml,
// seeds 1..60 x 2 replications), the whole of run_sweep_batch as `btlinksim sweep` calls it -- forks, decoding,
// the run store, the sweep file -- with -j = range(0); the sweep is loaded before the clock starts (as the CLI
// does before it). Compare -j 1 and -j 2 of the same run: speed-up = wall_s(-j 1) / wall_s(-j 2).
// outside_ms_per_run: (wall x jobs - the runs' own wall time) / runs, what is not a run's engine;
// parent_cpu_ms_per_run: the parent's CPU time (every thread) per run, its serial work.
static void BM_short_sweep(benchmark::State& state)
{
  namespace fs = std::filesystem;
  const int jobs  = static_cast<int>(state.range(0));
  const fs::path dir = fs::temp_directory_path() / ("btlinksim_bench_sweep_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string out = (dir / "short.h5").string();
  std::ofstream(dir / "short.yaml") << "base: " BTLINKSIM_SOURCE_DIR "/scenarios/relay.yaml\nparameters:\n"
                                    << "  seed: { from: 1, to: 60, step: 1 }\n  duration: [10 min]\nreplications: 2\n"
                                    << "output: " << out << "\n";
  const SweepLoad L = load_sweep_file((dir / "short.yaml").string());
  if (!L.sweep)
    throw std::runtime_error(L.format_errors());
  SweepBatchOptions o;
  o.jobs  = jobs;
  o.quiet = true;
  double wall = 0, runs_wall = 0, parent_cpu = 0, runs = 0;
  SweepReport report;
  report.results = [&](const Sweep&, const std::vector<RunOutcome>& outcomes) {
    for (const auto& x : outcomes)
      runs_wall += x.result ? x.result->wall_s : 0;
    runs += static_cast<double>(outcomes.size());
  };
  auto cpu = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
  };
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(out + ".runs");
    fs::remove(out);
    state.ResumeTiming();
    const double c0 = cpu();
    const auto t0   = std::chrono::steady_clock::now();
    if (run_sweep_batch(o, *L.sweep, report) != 0)
      state.SkipWithError("the sweep failed");
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    parent_cpu += cpu() - c0;
  }
  fs::remove_all(dir);
  const double iters                   = static_cast<double>(state.iterations());
  state.counters["wall_s"]                = wall / iters;
  state.counters["run_ms"]                = runs_wall / runs * 1e3;
  state.counters["outside_ms_per_run"]    = (wall * jobs - runs_wall) / runs * 1e3;
  state.counters["parent_cpu_ms_per_run"] = parent_cpu / runs * 1e3;
}

// An optimisation's cost (issue 25): scenarios/optimise/designs_through_wall.yaml (relay, dual stream and snoop,
// 2 min of audio a run, COBYLA over the playout delay) without its output (no run store), -j = range(0).
// outside_ms_per_run is what is not engine time: loading each design, fork, pipe, NLopt, the bookkeeping.
static void BM_optimise(benchmark::State& state)
{
  OptimisationLoad L = load_optimisation_file(BTLINKSIM_SOURCE_DIR "/scenarios/optimise/designs_through_wall.yaml");
  if (!L.opt)
    throw std::runtime_error(L.format_errors());
  L.opt->output.clear();
  OptimiseOptions o;
  o.jobs = static_cast<int>(state.range(0));
  double wall = 0, engine = 0, evaluations = 0, runs = 0;
  for (auto _ : state) {
    const OptimiseResult r = optimise(*L.opt, o);
    wall += r.wall_s;
    engine += r.engine_s;
    evaluations += static_cast<double>(r.evaluations.size());
    runs += static_cast<double>(r.runs + r.stored_runs);  // with -j 2 the combinations' processes run them
  }
  state.counters["evaluations_per_s"]  = evaluations / wall;
  state.counters["runs_per_evaluation"] = runs / evaluations;
  state.counters["engine_share"]       = engine / (wall * static_cast<double>(o.jobs));
  state.counters["outside_ms_per_run"] = (wall * static_cast<double>(o.jobs) - engine) / runs * 1e3;
}

BENCHMARK(BM_optimise)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_runner_overhead)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_short_sweep)->Arg(1)->Arg(2)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_bare_simgrid_sleep)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_flagship_relay)->Arg(600)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_flagship_dual)->Arg(600)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_chain100)->Arg(60)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_first_touch)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_stadium)->Arg(100)->Arg(200)->Arg(500)->Arg(1000)->Arg(2000)->Arg(5000)->Unit(benchmark::kMillisecond)->Iterations(3);
// Memory flat in simulated duration: 10 min vs 10 h of audio (run separately: --benchmark_filter=long).
BENCHMARK(BM_flagship_relay)->Name("long/relay_10h")->Arg(36000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
