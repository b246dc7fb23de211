#include "sim/optimise/optimiser.hpp"

#include "sim/batch/run_store.hpp"
#include "sim/batch/range_search.hpp"
#include "sim/engine/runner.hpp"
#include "sim/optimise/region.hpp"
#include "sim/optimise/search.hpp"
#include "sim/scenario/sweep_where.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <yaml-cpp/yaml.h>

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
#include <map>
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
// A metric's value in one replication's result: the row named `of` of its table (NaN if absent or no value).
double table_value(const OptMetric& m, const RunResult& r)
{
  const ResultTable& t = m.source == OptMetric::Source::sinks ? r.sinks
                         : m.source == OptMetric::Source::links ? r.links
                                                                : r.devices;
  for (size_t i = 0; i < t.row_names.size(); ++i)
    if (t.row_names[i] == m.of)
      return t.at(m.metric, i);
  return std::nan("");
}

// The variable values of a design as its continuous vector (file units) and back from [0, 1].
struct Scaling {
  std::vector<double> lo, span;
  explicit Scaling(const Optimisation& o)
  {
    for (const auto& v : o.variables)
      if (v.kind == OptVariable::Kind::continuous) {
        lo.push_back(v.lo);
        span.push_back(v.hi - v.lo);
      } else if (v.kind == OptVariable::Kind::region) {
        const auto b = bounding_box(v.polygon);
        lo.insert(lo.end(), {b[0], b[1]});
        span.insert(span.end(), {b[2] - b[0], b[3] - b[1]});
      }
  }
  std::vector<double> to_x(const std::vector<double>& u) const
  {
    std::vector<double> x(u.size());
    for (size_t d = 0; d < u.size(); ++d)
      x[d] = lo[d] + std::clamp(u[d], 0.0, 1.0) * span[d];
    return x;
  }
  std::vector<double> to_u(const std::vector<double>& x) const
  {
    std::vector<double> u(x.size());
    for (size_t d = 0; d < x.size(); ++d)
      u[d] = span[d] > 0 ? std::clamp((x[d] - lo[d]) / span[d], 0.0, 1.0) : 0.0;
    return u;
  }
};

// The start of the search: the base scenario's own values where it has them (inside the bounds), else the centre.
std::vector<double> start_values(const Optimisation& o)
{
  const YAML::Node base = YAML::Load(o.base_text);
  // The base's number at path in the variable's unit (a bare number is taken in it, as positions are written).
  auto base_number = [&](const std::string& path, const OptVariable& v, double& out) {
    std::string e, unit;
    const auto text = scalar_at(base, path, e);
    if (!text || !split_quantity(*text, out, unit))
      return false;
    if (unit.empty() || unit == v.unit)
      return true;
    for (Dimension d : {Dimension::length, Dimension::time, Dimension::power, Dimension::bitrate, Dimension::level,
                        Dimension::frequency, Dimension::drift, Dimension::current, Dimension::voltage})
      if (const ParsedQuantity q = parse_quantity(*text, d, true), one = parse_quantity("1 " + v.unit, d, true);
          q.ok() && one.ok()) {
        out = q.value / one.value;
        return true;
      }
    return false;
  };
  std::vector<double> x;
  for (const auto& v : o.variables) {
    if (v.kind == OptVariable::Kind::continuous) {
      double n = (v.lo + v.hi) / 2;
      if (base_number(v.path, v, n))
        n = std::clamp(n, v.lo, v.hi);
      x.push_back(n);
    } else if (v.kind == OptVariable::Kind::region) {
      double px = 0, py = 0;
      const bool have = base_number(v.path + "[0]", v, px) && base_number(v.path + "[1]", v, py);
      const auto s    = have && signed_distance(v.polygon, px, py) < 0 ? std::array<double, 2>{px, py} : region_start(v.polygon);
      x.insert(x.end(), s.begin(), s.end());
    }
  }
  return x;
}

// The i-th point (i >= 1) of the Halton sequence in base b: a low-discrepancy spread over [0, 1).
double halton(size_t i, unsigned b)
{
  double f = 1, r = 0;
  for (; i > 0; i /= b) {
    f /= b;
    r += f * static_cast<double>(i % b);
  }
  return r;
}

// Where the searches of a combination start (optimise.starts): the base's own values, then points of the Halton
// sequence over the scaled box (a point outside a region is skipped for the next), so that a local method (COBYLA
// and BOBYQA are local) also looks in other basins. Deterministic: the same file gives the same starts.
std::vector<std::vector<double>> start_points(const Optimisation& o, const Scaling& sc, const std::vector<double>& first)
{
  static const unsigned kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
  std::vector<std::vector<double>> out{first};
  const size_t dims = first.size();
  for (size_t i = 1; out.size() < static_cast<size_t>(o.starts) && dims > 0 && dims <= 16 && i < 100000; ++i) {
    std::vector<double> u(dims);
    for (size_t d = 0; d < dims; ++d)
      u[d] = halton(i, kPrimes[d]);
    const std::vector<double> x = sc.to_x(u);
    bool inside = true;
    size_t d    = 0;
    for (const auto& v : o.variables) {
      if (v.kind == OptVariable::Kind::region)
        inside = inside && signed_distance(v.polygon, x[d], x[d + 1]) < 0;
      d += static_cast<size_t>(v.dims());
    }
    if (inside)
      out.push_back(u);
  }
  return out;
}

class Evaluator {
public:
  Evaluator(const Optimisation& o, const OptimiseOptions& opt, OptimiseResult& res, const EvaluationReport& report)
      : o_(o), opt_(opt), res_(res), report_(report), store_(opt.store.empty() ? o.output : opt.store)
  {
    if (store_.enabled())
      store_.prepare(opt.fresh);
  }
  // The evaluation of a design (the same design twice is evaluated once).
  const Evaluation& evaluate(size_t combo, const std::vector<double>& x);

private:
  const Optimisation& o_;
  const OptimiseOptions& opt_;
  OptimiseResult& res_;
  const EvaluationReport& report_;
  RunStore store_;
  std::map<std::string, size_t> memo_;  // design text -> evaluation

  // Runs from the store, or run -j at a time and each stored as it ends; "" or the first failure.
  std::string run_keyed(const std::vector<RunJob>& jobs, const std::vector<std::string>& keys, std::vector<RunResult>& results);
  // Replications [from, to) of the design into results[from, to).
  std::string run(const Scenario& s, int from, int to, std::vector<RunResult>& results);
  std::string measure(Evaluation& e, const Scenario& s, int from, int to, std::vector<RunResult>& results,
                      std::map<std::string, std::vector<double>>& ranges);
  Interval interval(const OptMetric& m, const Evaluation& e, const std::vector<RunResult>& results,
                    const std::map<std::string, std::vector<double>>& ranges, int& missing) const;
  void judge(Evaluation& e, const std::vector<RunResult>& results, const std::map<std::string, std::vector<double>>& ranges);
};

std::string Evaluator::run_keyed(const std::vector<RunJob>& jobs, const std::vector<std::string>& keys,
                                 std::vector<RunResult>& results)
{
  results.resize(jobs.size());
  std::vector<RunJob> todo;
  std::vector<size_t> where;
  for (size_t i = 0; i < jobs.size(); ++i)
    if (auto done = store_.enabled() ? store_.load(keys[i]) : std::nullopt) {
      results[i] = std::move(*done);
      ++res_.stored_runs;
      res_.engine_s += results[i].wall_s;
    } else {
      todo.push_back(jobs[i]);
      where.push_back(i);
    }
  const auto outcomes = run_all(todo, opt_.jobs, {}, opt_.run_timeout_s, [&](size_t i, const RunOutcome& out) {
    if (store_.enabled() && out.result)
      store_.save(keys[where[i]], *out.result);
  });
  res_.runs += todo.size();
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (!outcomes[i].result)
      return "replication " + std::to_string(todo[i].replication) + ": " + outcomes[i].error;
    res_.engine_s += outcomes[i].result->wall_s;
    results[where[i]] = *outcomes[i].result;
  }
  return "";
}

std::string Evaluator::run(const Scenario& s, int from, int to, std::vector<RunResult>& results)
{
  std::vector<RunJob> jobs;
  std::vector<std::string> keys;
  for (int r = from; r < to; ++r) {
    jobs.push_back({&s, r});
    keys.push_back(store_.enabled() ? RunStore::key(s, r) : "");
  }
  std::vector<RunResult> got;
  const std::string why = run_keyed(jobs, keys, got);
  results.resize(static_cast<size_t>(to));
  for (size_t i = 0; i < got.size() && why.empty(); ++i)
    results[static_cast<size_t>(from) + i] = std::move(got[i]);
  return why;
}

// The runs of replications [from, to) and, for every speaker whose range is a metric, its range in each of them.
std::string Evaluator::measure(Evaluation& e, const Scenario& s, int from, int to, std::vector<RunResult>& results,
                               std::map<std::string, std::vector<double>>& ranges)
{
  if (std::string why = run(s, from, to, results); !why.empty())
    return why;
  std::vector<const OptMetric*> metrics{&o_.objective};
  for (const auto& p : o_.pareto)
    metrics.push_back(&p);
  for (const auto& c : o_.constraints)
    metrics.push_back(&c);
  for (const OptMetric* m : metrics)
    if (m->source == OptMetric::Source::range && ranges[m->of].size() < static_cast<size_t>(to)) {
      ScenarioRangeOptions r;
      r.vary                 = m->of;
      r.from                 = o_.range.from;
      r.min_m                = o_.range.min_m;
      r.max_m                = o_.range.max_m;
      r.tolerance_m          = o_.range.tolerance_m;
      r.max_dropouts_per_min = o_.range.max_dropouts_per_min;
      r.jobs                 = opt_.jobs;
      r.first_replication    = static_cast<int>(ranges[m->of].size());
      // The bisection's runs in the store too, keyed by where they put the speaker (the scenario's text does not).
      r.runner = [&](const std::vector<RunJob>& jobs, const std::vector<double>& distances) {
        std::vector<std::string> keys;
        for (size_t i = 0; i < jobs.size(); ++i)
          keys.push_back(store_.enabled() ? RunStore::key(*jobs[i].scenario, jobs[i].replication,
                                                          "range " + m->of + " from " + o_.range.from + " at " +
                                                              format_number(distances[i]) + " m")
                                          : "");
        std::vector<RunResult> got;
        if (const std::string why = run_keyed(jobs, keys, got); !why.empty())
          throw RunFailure(why);
        return got;
      };
      Scenario moved         = s;
      moved.replications     = to;
      try {
        const ScenarioRange got = simulated_range(r, moved);
        ranges[m->of].insert(ranges[m->of].end(), got.per_replication_m.begin(), got.per_replication_m.end());
      } catch (const RunFailure& f) {
        return std::string("range of ") + m->of + ": " + f.what();
      }
    }
  e.replications = to;
  return "";
}

Interval Evaluator::interval(const OptMetric& m, const Evaluation& e, const std::vector<RunResult>& results,
                             const std::map<std::string, std::vector<double>>& ranges, int& missing) const
{
  if (m.source == OptMetric::Source::variable)
    return {e.x.at(o_.offset(m.variable) + static_cast<size_t>(m.dim)), 0, e.replications};
  std::vector<double> v;
  if (m.source == OptMetric::Source::range)
    v = ranges.at(m.of);
  else
    for (int r = 0; r < e.replications; ++r)
      v.push_back(table_value(m, results[static_cast<size_t>(r)]));
  v.resize(static_cast<size_t>(e.replications));
  const int bad = static_cast<int>(std::count_if(v.begin(), v.end(), [](double d) { return !std::isfinite(d); }));
  missing       = std::max(missing, bad);
  if (bad > 0)
    return {std::nan(""), std::nan(""), e.replications - bad};
  return mean_ci95(v);
}

void Evaluator::judge(Evaluation& e, const std::vector<RunResult>& results,
                      const std::map<std::string, std::vector<double>>& ranges)
{
  e.missing   = 0;
  e.objective = interval(o_.objective, e, results, ranges, e.missing);
  if (o_.pareto.size() == 2)
    e.second = interval(o_.pareto[1], e, results, ranges, e.missing);
  e.constraint_values.clear();
  e.status.clear();
  for (const auto& c : o_.constraints) {
    e.constraint_values.push_back(interval(c, e, results, ranges, e.missing));
    e.status.push_back(decide(c, e.constraint_values.back()));
  }
}

const Evaluation& Evaluator::evaluate(size_t combo, const std::vector<double>& x)
{
  Evaluation e;
  e.index       = res_.evaluations.size();
  e.combination = combo;
  e.x           = x;
  std::string why;
  const auto t0 = std::chrono::steady_clock::now();
  e.text        = design_text(o_, combo, x, why);
  if (const auto it = memo_.find(e.text); !e.text.empty() && it != memo_.end())
    return res_.evaluations[it->second];
  size_t d = 0;
  for (const auto& v : o_.variables)
    if (v.kind == OptVariable::Kind::region) {
      e.region_distance_m = std::max(e.region_distance_m, signed_distance(v.polygon, x[d], x[d + 1]));
      d += 2;
    } else
      d += static_cast<size_t>(v.dims());
  LoadResult loaded = e.text.empty() ? LoadResult{} : load_scenario_text(e.text, o_.base_file);
  res_.design_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (e.text.empty())
    e.error = why;
  else if (!loaded.scenario)
    e.error = loaded.errors.empty() ? "the design cannot be loaded" : loaded.errors.front().message;
  if (e.error.empty()) {
    const Scenario& s = *loaded.scenario;
    std::vector<RunResult> results;
    std::map<std::string, std::vector<double>> ranges;
    e.error = measure(e, s, 0, o_.replications, results, ranges);
    if (e.error.empty())
      judge(e, results, ranges);
    // More replications while a constraint's interval straddles its limit.
    while (e.error.empty() && e.replications < o_.max_replications &&
           std::count(e.status.begin(), e.status.end(), ConstraintStatus::undecided) > 0) {
      e.error = measure(e, s, e.replications, std::min(o_.max_replications, 2 * e.replications), results, ranges);
      if (e.error.empty())
        judge(e, results, ranges);
    }
  }
  e.feasible = e.error.empty() && e.region_distance_m <= 1e-9 &&
               std::all_of(e.status.begin(), e.status.end(), [](ConstraintStatus c) { return c == ConstraintStatus::met; });
  if (!e.error.empty())
    e.objective = e.second = {std::nan(""), std::nan(""), 0};
  if (e.feasible && (res_.best < 0 || better(o_.objective, e.objective, res_.evaluations[res_.best].objective)))
    res_.best = static_cast<int>(e.index);
  res_.evaluations.push_back(std::move(e));
  if (!res_.evaluations.back().text.empty())
    memo_[res_.evaluations.back().text] = res_.evaluations.back().index;
  if (report_)
    report_(res_.evaluations.back(), res_.best >= 0 ? &res_.evaluations[res_.best] : nullptr);
  return res_.evaluations.back();
}

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
