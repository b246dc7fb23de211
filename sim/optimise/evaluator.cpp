#include "sim/optimise/evaluator.hpp"

#include "sim/batch/range_search.hpp"
#include "sim/optimise/region.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace btlinksim {

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
}  // namespace

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

}  // namespace btlinksim
