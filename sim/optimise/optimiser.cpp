#include "sim/optimise/optimiser.hpp"

#include "sim/optimise/evaluator.hpp"
#include "sim/optimise/region.hpp"
#include "sim/optimise/start_points.hpp"
#include "sim/optimise/search.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <cmath>
#include <limits>
#include <optional>

namespace btlinksim {

bool better(const OptObjective& ob, const Interval& a, const Interval& b)
{
  if (std::isnan(a.mean))
    return false;
  if (std::isnan(b.mean))
    return true;
  return ob.maximise ? a.mean > b.mean : a.mean < b.mean;
}

ConstraintStatus decide(const OptConstraint& c, const Interval& v)
{
  if (std::isnan(v.mean))
    return ConstraintStatus::violated;  // no value: a sink that never played meets nothing
  const double upper = v.mean + v.half_width, lower = v.mean - v.half_width;
  if (c.at_most)
    return upper <= c.limit ? ConstraintStatus::met : lower > c.limit ? ConstraintStatus::violated : ConstraintStatus::undecided;
  return lower >= c.limit ? ConstraintStatus::met : upper < c.limit ? ConstraintStatus::violated : ConstraintStatus::undecided;
}

std::vector<size_t> pareto_front(const OptObjective& a, const OptObjective& b, const std::vector<Interval>& first,
                                 const std::vector<Interval>& second)
{
  auto no_worse = [](const OptObjective& ob, double x, double y) { return ob.maximise ? x >= y : x <= y; };
  std::vector<size_t> front;
  for (size_t i = 0; i < first.size(); ++i) {
    if (std::isnan(first[i].mean) || std::isnan(second[i].mean))
      continue;
    bool dominated = false;
    for (size_t j = 0; j < first.size() && !dominated; ++j)
      dominated = j != i && !std::isnan(first[j].mean) && !std::isnan(second[j].mean) &&
                  no_worse(a, first[j].mean, first[i].mean) && no_worse(b, second[j].mean, second[i].mean) &&
                  (first[j].mean != first[i].mean || second[j].mean != second[i].mean);
    if (!dominated)
      front.push_back(i);
  }
  std::sort(front.begin(), front.end(), [&](size_t i, size_t j) { return first[i].mean < first[j].mean; });
  // Equal designs (the same means) once.
  front.erase(std::unique(front.begin(), front.end(),
                          [&](size_t i, size_t j) { return first[i].mean == first[j].mean && second[i].mean == second[j].mean; }),
              front.end());
  return front;
}

namespace {

// A value NLopt can use for a metric without a value (a design that failed, a sink that never played): worse than
// any the search has seen.
constexpr double kWorst = 1e6;

// One search over the continuous variables of a combination: minimise `target` (an objective), with the
// constraints, the regions and (epsilon, for the Pareto front) a bound on the other objective.
struct Epsilon {
  const OptObjective* objective = nullptr;
  double level                  = 0;
};
CombinationResult search_combination(const Optimisation& o, Evaluator& ev, size_t combo, const OptObjective& target,
                                     bool target_is_second, const Epsilon& eps, OptimiseResult& res)
{
  const Scaling sc(o);
  SearchProblem p;
  p.x0 = sc.to_u(start_values(o));
  int regions = 0;
  for (const auto& v : o.variables)
    regions += v.kind == OptVariable::Kind::region;
  p.constraints     = static_cast<int>(o.constraints.size()) + regions + (eps.objective ? 1 : 0);
  p.method          = o.method;
  p.xtol            = o.tolerance;
  p.max_evaluations = o.max_evaluations;
  double scale      = 0;  // the objective's size at the start, so that NLopt sees numbers near 1
  const size_t first = res.evaluations.size();
  auto f = [&](const std::vector<double>& u, std::vector<double>& g) {
    const std::vector<double> x = sc.to_x(u);
    const Evaluation& e         = ev.evaluate(combo, x);
    const Interval& obj         = target_is_second ? e.second : e.objective;
    if (scale == 0)
      scale = std::isfinite(obj.mean) && std::fabs(obj.mean) > 1e-12 ? std::fabs(obj.mean) : 1.0;
    size_t k = 0;
    for (size_t i = 0; i < o.constraints.size(); ++i, ++k) {
      const auto& c  = o.constraints[i];
      const auto& v  = e.constraint_values.size() > i ? e.constraint_values[i] : Interval{std::nan(""), 0, 0};
      const double b = c.at_most ? v.mean + v.half_width : v.mean - v.half_width;
      const double s = std::max(std::fabs(c.limit), 1e-3);
      g[k]           = !e.error.empty() || std::isnan(b) ? kWorst : (c.at_most ? b - c.limit : c.limit - b) / s;
    }
    size_t d = 0;
    for (const auto& v : o.variables) {
      if (v.kind == OptVariable::Kind::region) {
        const auto bb = bounding_box(v.polygon);
        g[k++] = signed_distance(v.polygon, x[d], x[d + 1]) / std::hypot(bb[2] - bb[0], bb[3] - bb[1]);
      }
      d += static_cast<size_t>(v.dims());
    }
    if (eps.objective) {
      const double m = e.second.mean, s = std::max(std::fabs(eps.level), 1e-3);
      g[k] = std::isnan(m) ? kWorst : (eps.objective->maximise ? eps.level - m : m - eps.level) / s;
    }
    if (!e.error.empty() || std::isnan(obj.mean))
      return kWorst;
    return (target.maximise ? -obj.mean : obj.mean) / scale;
  };
  CombinationResult cr;
  cr.combination = combo;
  const auto starts = start_points(o, sc, p.x0);
  for (size_t k = 0; k < starts.size(); ++k) {
    p.x0                    = starts[k];
    const SearchOutcome out = minimise(p, f);
    cr.evaluations += out.evaluations;
    cr.stop = starts.size() == 1 ? out.stop : std::to_string(starts.size()) + " starts; the last " + out.stop;
  }
  for (size_t i = first; i < res.evaluations.size(); ++i) {
    const Evaluation& e = res.evaluations[i];
    if (e.combination == combo && e.feasible && (cr.best < 0 || better(o.objective, e.objective, res.evaluations[cr.best].objective)))
      cr.best = static_cast<int>(i);
  }
  return cr;
}

// What limits the best design: a constraint that a better design of its combination broke, a region a better
// design lay outside of, a variable at a bound.
std::vector<std::string> active_limits(const Optimisation& o, const OptimiseResult& res)
{
  std::vector<std::string> active;
  if (res.best < 0)
    return active;
  const Evaluation& b = res.evaluations[res.best];
  for (size_t i = 0; i < o.constraints.size(); ++i)
    for (const auto& e : res.evaluations)
      if (e.combination == b.combination && e.error.empty() && better(o.objective, e.objective, b.objective) &&
          e.status.size() > i && e.status[i] != ConstraintStatus::met) {
        const auto& c = o.constraints[i];
        active.push_back(c.label() + (c.at_most ? " <= " : " >= ") + c.limit_text);
        break;
      }
  size_t d = 0;
  for (const auto& v : o.variables) {
    if (v.kind == OptVariable::Kind::continuous) {
      const double tol = 2 * o.tolerance * (v.hi - v.lo);
      if (b.x[d] <= v.lo + tol || b.x[d] >= v.hi - tol)
        active.push_back(v.path + " at its bound " + format_number(b.x[d] <= v.lo + tol ? v.lo : v.hi) + " " + v.unit);
    }
    if (v.kind == OptVariable::Kind::region)
      for (const auto& e : res.evaluations)
        if (e.combination == b.combination && e.error.empty() && e.region_distance_m > 1e-9 &&
            better(o.objective, e.objective, b.objective)) {
          active.push_back(v.path + " at the edge of its region");
          break;
        }
    d += static_cast<size_t>(v.dims());
  }
  return active;
}
}  // namespace

namespace {
// A directory of this process's, removed with everything in it when done (the run store of an optimisation
// without an output while its combinations are searched side by side).
struct ScratchDirectory {
  std::string path;
  ScratchDirectory()
  {
    // In memory where the system has it (/dev/shm: the store's fsync costs nothing there), else in TMPDIR.
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0
                                           ? std::filesystem::path("/dev/shm")
                                           : std::filesystem::temp_directory_path();
    std::string tmpl = (base / "btlinksim-optimise-XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      throw RunFailure("cannot make a temporary directory in " + base.string() + ": " + std::strerror(errno));
    path = tmpl;
  }
  ~ScratchDirectory()
  {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ScratchDirectory(const ScratchDirectory&)            = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
};

// Searches the combinations in `workers` forked processes, each its share (combination k goes to worker k mod W)
// with up to every slot (the system shares the cores), into the run store; returns when all have ended. A worker that fails leaves its
// runs undone: the replay that follows runs them.
void search_side_by_side(const Optimisation& o, const OptimiseOptions& opt, int workers)
{
  std::vector<pid_t> pids;
  for (int w = 0; w < workers; ++w) {
    OptimiseOptions part      = opt;
    part.fresh                = false;
    part.split_combinations   = false;
    // Every worker may use every slot: one that finishes early leaves the cores to the others' replications.
    part.jobs = opt.jobs;
    for (size_t k = static_cast<size_t>(w); k < o.combinations(); k += static_cast<size_t>(workers))
      part.only_combinations.push_back(k);
    std::fflush(nullptr);
    const pid_t parent = getpid();
    const pid_t pid    = fork();
    if (pid == 0) {
      // Killed with the parent (its runs with it), as the runner's children are: nothing goes on writing the
      // store or holding the output's lock after a kill.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent)
        _exit(1);
      int rc = 0;
      try {
        optimise(o, part);
      } catch (...) {
        rc = 1;
      }
      std::fflush(nullptr);
      _exit(rc);
    }
    if (pid > 0)
      pids.push_back(pid);
  }
  for (pid_t pid : pids) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}
}  // namespace

OptimiseResult optimise(const Optimisation& o, const OptimiseOptions& given, const EvaluationReport& report)
{
  const auto t0 = std::chrono::steady_clock::now();
  OptimiseOptions opt = given;
  OptimiseResult res;
  // Several combinations and slots: search them side by side first (a temporary store without an output).
  std::optional<ScratchDirectory> scratch;
  const int workers = static_cast<int>(std::min<size_t>(static_cast<size_t>(std::max(1, opt.jobs)), o.combinations()));
  if (opt.split_combinations && opt.only_combinations.empty() && workers > 1) {
    if (o.output.empty() && opt.store.empty()) {
      scratch.emplace();
      opt.store = scratch->path + "/optimise";
    }
    RunStore(opt.store.empty() ? o.output : opt.store).prepare(opt.fresh);
    opt.fresh = false;
    search_side_by_side(o, opt, workers);
    res.processes = workers;
  }
  Evaluator ev(o, opt, res, report);
  for (size_t c = 0; c < o.combinations(); ++c) {
    if (!opt.only_combinations.empty() &&
        std::find(opt.only_combinations.begin(), opt.only_combinations.end(), c) == opt.only_combinations.end())
      continue;
    CombinationResult cr = search_combination(o, ev, c, o.objective, false, {}, res);
    if (o.pareto.size() == 2) {
      // The epsilon-constraint method: the second objective alone gives the other end of the front; between the
      // two ends, the first objective with the second bounded at evenly spaced levels.
      const CombinationResult other = search_combination(o, ev, c, o.pareto[1], true, {}, res);
      cr.evaluations += other.evaluations;
      if (cr.best >= 0 && other.best >= 0) {
        const double a = res.evaluations[cr.best].second.mean, b = res.evaluations[other.best].second.mean;
        for (int k = 1; k + 1 < o.pareto_points; ++k) {
          const Epsilon eps{&o.pareto[1], a + (b - a) * k / (o.pareto_points - 1)};
          cr.evaluations += search_combination(o, ev, c, o.objective, false, eps, res).evaluations;
        }
      }
    }
    cr.best = -1;
    for (const auto& e : res.evaluations)
      if (e.combination == c && e.feasible && (cr.best < 0 || better(o.objective, e.objective, res.evaluations[cr.best].objective)))
        cr.best = static_cast<int>(e.index);
    res.combinations.push_back(cr);
  }
  if (o.pareto.size() == 2) {
    std::vector<Interval> first, second;
    std::vector<size_t> idx;
    for (const auto& e : res.evaluations)
      if (e.feasible) {
        first.push_back(e.objective);
        second.push_back(e.second);
        idx.push_back(e.index);
      }
    for (size_t i : pareto_front(o.pareto[0], o.pareto[1], first, second))
      res.front.push_back(idx[i]);
  }
  res.active = active_limits(o, res);
  res.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace btlinksim
