#include "sim/cli/verdict.hpp"

#include "sim/cli/summary.hpp"
#include "sim/output/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace btlinksim::cli {

namespace {

std::string num(const char* spec, double v)
{
  char b[64];
  std::snprintf(b, sizeof b, spec, v);
  return b;
}

// Per replication: f(run) (NaN: no value in that replication), summarised over the replications that have one.
std::optional<Interval> over_runs(const std::vector<RunResult>& runs, const std::function<double(const RunResult&)>& f)
{
  std::vector<double> v;
  for (const auto& r : runs)
    if (const double x = f(r); !std::isnan(x))
      v.push_back(x);
  if (v.empty())
    return std::nullopt;
  return mean_ci95(v);
}

// The largest (or smallest) of a column over a table's rows that have it; NaN if none.
double extreme(const ResultTable& t, const std::string& column, bool largest, const std::vector<std::string>* only = nullptr)
{
  const int c = t.column(column);
  double best = std::nan("");
  for (size_t i = 0; i < t.row_names.size(); ++i) {
    if (only && std::find(only->begin(), only->end(), t.row_names[i]) == only->end())
      continue;
    const double x = t.values[static_cast<size_t>(c)][i];
    if (!std::isnan(x) && (std::isnan(best) || (largest ? x > best : x < best)))
      best = x;
  }
  return best;
}

// Whether two intervals separate at 95 % (each needs n >= 2 and a spread; equal means never separate).
bool separate(const Interval& a, const Interval& b)
{
  if (a.mean == b.mean)
    return false;
  if (a.n < 2 || b.n < 2)
    return false;
  return std::abs(a.mean - b.mean) > a.half_width + b.half_width;
}

std::string label(const std::vector<Design>& d, size_t k) { return std::string(1, char('A' + k)) + " (" + d[k].title + ")"; }

// Best design and the verdict sentence for one criterion (lower_better: dropouts, latency, skew, current).
void decide(CriterionVerdict& c, const std::vector<Design>& d, bool lower_better)
{
  std::vector<size_t> have;
  for (size_t k = 0; k < c.by_design.size(); ++k)
    if (c.by_design[k])
      have.push_back(k);
  if (have.size() < 2) {
    c.verdict = have.empty() ? "not applicable" : "only " + label(d, have[0]) + " has it";
    return;
  }
  size_t best = have[0];
  for (size_t k : have)
    if (lower_better ? c.by_design[k]->mean < c.by_design[best]->mean : c.by_design[k]->mean > c.by_design[best]->mean)
      best = k;
  std::vector<std::string> tied;
  for (size_t k : have)
    if (k != best && !separate(*c.by_design[best], *c.by_design[k]))
      tied.push_back(label(d, k));
  if (tied.empty()) {
    c.better  = best;
    c.verdict = label(d, best) + " better: its 95 % interval separates from every other design's";
  } else if (tied.size() + 1 == have.size()) {
    bool any_n1 = false;
    for (size_t k : have)
      any_n1 = any_n1 || c.by_design[k]->n < 2;
    c.verdict = any_n1 ? "no verdict: a design has fewer than 2 replications with a value" : "no difference at 95 %";
  } else {
    std::string t;
    for (const auto& x : tied)
      t += ", " + x;
    c.verdict = label(d, best) + t + ": no difference at 95 % among them; the others are worse";
  }
}

// The row of a table (every replication has the same rows) whose column has the largest mean over the replications.
std::pair<size_t, double> largest_row_mean(const std::vector<RunResult>& runs, const ResultTable RunResult::*table,
                                           const std::string& column)
{
  std::pair<size_t, double> best{0, std::nan("")};
  for (size_t i = 0; i < (runs.front().*table).row_names.size(); ++i) {
    const Interval m = cell(runs, table, column, i);
    if (m.n > 0 && (std::isnan(best.second) || m.mean > best.second))
      best = {i, m.mean};
  }
  return best;
}

// The cause behind a design's dropouts: the cause columns summed over sinks and replications, the largest share,
// and what the results say about it.
std::string dropout_cause(const std::vector<RunResult>& runs)
{
  static const char* causes[] = {"channel", "air_time", "link_loss", "host", "late"};
  double by[5] = {0, 0, 0, 0, 0}, total = 0;
  for (const auto& r : runs)
    for (size_t i = 0; i < r.sinks.row_names.size(); ++i)
      for (int c = 0; c < 5; ++c)
        if (const double x = r.sinks.at(std::string("dropouts_") + causes[c], i); !std::isnan(x)) {
          by[c] += x;
          total += x;
        }
  if (total == 0)
    return "";
  const int top = static_cast<int>(std::max_element(by, by + 5) - by);
  std::string what = std::string(top == 1 ? "air time" : top == 2 ? "link loss" : causes[top]) + " " +
                     num("%.0f", 100 * by[top] / total) + " % of the dropouts";
  const RunResult& r0 = runs.front();
  if (top == 1 && !r0.devices.row_names.empty()) {
    const auto [d, need] = largest_row_mean(runs, &RunResult::devices, "airtime_need");
    if (!std::isnan(need) && need > 0)
      what += ": radio of " + r0.devices.row_names[d] + " needs " + num("%.0f", 100 * need) + " % of the air time";
  } else if (top == 0 && !r0.links.row_names.empty()) {
    const auto [l, per] = largest_row_mean(runs, &RunResult::links, "per");
    what += ": link " + r0.links.row_names[l] + " fails " + num("%.1f", 100 * per) + " % of its attempts";
  } else if (top == 2 && !r0.links.row_names.empty()) {
    const auto [l, n] = largest_row_mean(runs, &RunResult::links, "disconnects");
    what += ": link " + r0.links.row_names[l] + " lost " + num("%.1f", n) + " times per replication";
  } else if (top == 4) {  // late: ARQ retransmissions or queueing outlasted the playout delay; name the worst link
    const Interval p99 = [&] {
      std::vector<double> v;
      for (const auto& r : runs)
        if (const double x = extreme(r.sinks, "latency_p99_s", true); !std::isnan(x))
          v.push_back(x);
      return mean_ci95(v);
    }();
    if (p99.n > 0)
      what += ": frames later than the playout delay (worst sink's transport latency p99 " + num("%.0f", p99.mean * 1e3) + " ms)";
    const auto [l, per] = largest_row_mean(runs, &RunResult::links, "per");
    if (!r0.links.row_names.empty() && per > 0.01)
      what += "; link " + r0.links.row_names[l] + " fails " + num("%.0f", 100 * per) + " % of its attempts, and ARQ delays what it repeats";
  }
  return what;
}

}  // namespace

std::vector<CriterionVerdict> verdict(const std::vector<Design>& d)
{
  std::vector<CriterionVerdict> out;
  auto per_design = [&](CriterionVerdict c, const std::function<double(const RunResult&)>& f, bool lower) {
    for (const auto& x : d)
      c.by_design.push_back(over_runs(*x.runs, f));
    decide(c, d, lower);
    out.push_back(std::move(c));
  };
  // Every sink plays: a count of replications (a category, counted), not an interval.
  {
    CriterionVerdict c{"every sink plays", "replications in which every sink played", "replications", {}, {}, "", {}};
    size_t best = 0;
    std::vector<AllPlay> a;
    for (size_t k = 0; k < d.size(); ++k) {
      a.push_back(all_play(*d[k].runs));
      c.by_design.push_back(Interval{static_cast<double>(a.back().all_played), 0, a.back().replications});
      const double frac  = a.back().replications ? double(a.back().all_played) / a.back().replications : 0;
      const double bfrac = a[best].replications ? double(a[best].all_played) / a[best].replications : 0;
      if (frac > bfrac)
        best = k;
    }
    bool all_same = true;
    for (const auto& x : a)
      all_same = all_same && x.all_played * a[0].replications == a[0].all_played * x.replications;
    if (all_same)
      c.verdict = "the same in every design";
    else {
      c.better  = best;
      c.verdict = label(d, best) + " plays in more replications (a count, not a test)";
    }
    out.push_back(c);
  }
  per_design({"dropouts", "worst sink's dropouts per minute", "1/min", {}, {}, "", {}},
             [](const RunResult& r) { return extreme(r.sinks, "dropouts_per_min", true); }, true);
  for (size_t k = 0; k < d.size(); ++k)
    if (out.back().by_design[k] && out.back().by_design[k]->mean > 0)
      out.back().causes.push_back(label(d, k) + ": " + dropout_cause(*d[k].runs));
  per_design({"end-to-end latency", "worst sink's mean capture-to-sound latency", "ms", {}, {}, "", {}},
             [](const RunResult& r) { return extreme(r.sinks, "e2e_latency_mean_s", true); }, true);
  per_design({"skew", "largest inter-speaker skew", "ms", {}, {}, "", {}},
             [](const RunResult& r) { return extreme(r.sinks, "skew_max_s", true); }, true);
  // Battery: the shortest battery life of a device that has one; else the speakers' largest mean current.
  bool battery = false;
  for (const auto& x : d)
    battery = battery || !std::isnan(extreme(x.runs->front().devices, "battery_h", false));
  if (battery)
    per_design({"battery", "shortest battery life of a device with a battery", "h", {}, {}, "", {}},
               [](const RunResult& r) { return extreme(r.devices, "battery_h", false); }, false);
  else
    per_design({"battery", "largest mean current of a speaker (no battery given)", "mA", {}, {}, "", {}},
               [](const RunResult& r) { return extreme(r.devices, "current_a", true, &r.sinks.row_names); }, true);
  return out;
}

namespace {
double scale_of(const CriterionVerdict& c) { return c.unit == "ms" || c.unit == "mA" ? 1e3 : 1.0; }
std::string show(const CriterionVerdict& c, const std::optional<Interval>& v)
{
  if (!v)
    return "-";
  if (c.criterion == "every sink plays")
    return num("%.0f", v->mean) + "/" + std::to_string(v->n);
  // Digits from the interval: the half-width to 2 significant digits and the mean to the same decimal place (at
  // most 3 decimals); without a spread, 3 significant digits.
  const double s = scale_of(c), m = v->mean * s, h = v->half_width * s;
  if (v->n < 2 || !(h > 0))
    return num("%.3g", m) + (v->n > 1 ? " ± 0" : "") + " (n=" + std::to_string(v->n) + ")";
  const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(h))), 0, 3);
  char b[96];
  std::snprintf(b, sizeof b, "%.*f ± %.*f (n=%d)", decimals, m, decimals, h, v->n);
  return b;
}
}  // namespace

void print_verdict(const std::vector<Design>& d, const std::vector<CriterionVerdict>& v)
{
  std::printf("== verdict (mean ± 95 %% t half-width over the replications that have the value; range: "
              "btlinksim range FILES --vary DEVICE)\n");
  for (const auto& c : v) {
    std::printf("%-20s", c.criterion.c_str());
    for (size_t k = 0; k < d.size(); ++k)
      std::printf(" %c %s;", char('A' + k), show(c, c.by_design[k]).c_str());
    std::printf(" [%s, %s] -> %s\n", c.measure.c_str(), c.unit.c_str(), c.verdict.c_str());
    for (const auto& cause : c.causes)
      std::printf("%-20s   cause, %s\n", "", cause.c_str());
  }
  std::printf("\n");
}

nlohmann::ordered_json verdict_json(const std::vector<Design>& d, const std::vector<CriterionVerdict>& v)
{
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& c : v) {
    nlohmann::ordered_json designs = nlohmann::ordered_json::array();
    for (size_t k = 0; k < d.size(); ++k) {
      const auto& x = c.by_design[k];
      designs.push_back({{"design", d[k].title},
                         {"value", x ? show(c, x) : "-"},
                         {"mean", x ? json_number(x->mean * scale_of(c)) : nullptr},
                         {"ci95", x ? json_number(x->half_width * scale_of(c)) : nullptr},
                         {"n", x ? x->n : 0}});
    }
    out.push_back({{"criterion", c.criterion},
                   {"measure", c.measure},
                   {"unit", c.unit},
                   {"designs", std::move(designs)},
                   {"better", c.better ? nlohmann::ordered_json(d[*c.better].title) : nullptr},
                   {"verdict", c.verdict},
                   {"causes", c.causes}});
  }
  return out;
}

}  // namespace btlinksim::cli
