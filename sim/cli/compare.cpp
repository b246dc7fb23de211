// `btlinksim compare`: the scenarios side by side, one row per metric.
#include "sim/cli/summary.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>

namespace btlinksim::cli {

namespace {

// One metric of one scenario: its interval over the replications (nullopt: the row does not exist there).
using Metric = std::function<std::optional<Interval>(const std::vector<RunResult>&)>;

struct Row {
  std::string label;
  double scale;
  const char* spec;
  Metric metric;
  bool count = false;  // a count of replications out of n: shown as k/n
};

// A column of a named row (sink, link or device), if the scenario has that row.
Metric by_name(const ResultTable RunResult::*table, const std::string& row, const std::string& column)
{
  return [=](const std::vector<RunResult>& runs) -> std::optional<Interval> {
    const auto& names = (runs.front().*table).row_names;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == row)
        return cell(runs, table, column, i);
    return std::nullopt;
  };
}

// The fraction of replications in which a sink played, as an interval with n = replications (no half-width).
Metric played_fraction(const std::string& sink)
{
  return [=](const std::vector<RunResult>& runs) -> std::optional<Interval> {
    const auto& names = runs.front().sinks.row_names;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == sink)
        return Interval{static_cast<double>(played_in(runs, i)), 0, static_cast<int>(runs.size())};
    return std::nullopt;
  };
}

// In how many replications (of those that have the value) a sink's stereo image stays intact: a category,
// counted, never averaged.
Metric image_intact(const std::string& sink)
{
  return [=](const std::vector<RunResult>& runs) -> std::optional<Interval> {
    const auto& names = runs.front().sinks.row_names;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == sink) {
        int k = 0, n = 0;
        for (const auto& r : runs)
          if (const double v = r.sinks.at("sync_perception", i); !std::isnan(v)) {
            ++n;
            k += v == 0;
          }
        if (n == 0)
          return std::nullopt;
        return Interval{static_cast<double>(k), 0, n};
      }
    return std::nullopt;
  };
}

std::vector<std::string> union_of(const std::vector<std::vector<RunResult>>& all, const ResultTable RunResult::*table)
{
  std::vector<std::string> names;
  for (const auto& runs : all)
    for (const auto& n : (runs.front().*table).row_names)
      if (std::find(names.begin(), names.end(), n) == names.end())
        names.push_back(n);
  return names;
}

std::vector<Row> rows_of(const std::vector<std::vector<RunResult>>& all)
{
  std::vector<Row> rows;
  const auto S = &RunResult::sinks;
  for (const auto& n : union_of(all, S)) {
    rows.push_back({"sink " + n + ": played in (replications)", 1, "%.0f", played_fraction(n), true});
    rows.push_back({"sink " + n + ": dropouts/min", 1, "%.2f", by_name(S, n, "dropouts_per_min")});
    rows.push_back({"sink " + n + ": audio missing s", 1, "%.3f", by_name(S, n, "dropout_duration_s")});
    rows.push_back({"sink " + n + ": not playing s", 1, "%.2f", by_name(S, n, "silent_s")});
    // Its dropouts and silent time by cause: the causes that occur in any scenario.
    for (const auto& [col, label] : cause_columns()) {
      bool occurs = false;
      for (const auto& runs : all)
        if (const auto v = by_name(S, n, col)(runs); v && v->n > 0 && v->mean > 0)
          occurs = true;
      if (occurs && col != "silent_startup_s")
        rows.push_back({"sink " + n + (col.rfind("dropouts_", 0) == 0 ? ": dropouts to " : ": not playing s, ") + label,
                        1, "%.2f", by_name(S, n, col)});
    }
    rows.push_back({"sink " + n + ": end-to-end latency mean ms", 1e3, "%.1f", by_name(S, n, "e2e_latency_mean_s")});
    rows.push_back({"sink " + n + ": transport latency mean ms", 1e3, "%.2f", by_name(S, n, "latency_mean_s")});
    rows.push_back({"sink " + n + ": transport latency p99 ms", 1e3, "%.2f", by_name(S, n, "latency_p99_s")});
    rows.push_back({"sink " + n + ": skew max ms", 1e3, "%.3f", by_name(S, n, "skew_max_s")});
    rows.push_back({"sink " + n + ": stereo image intact (<= 50 us) in", 1, "%.0f", image_intact(n), true});
  }
  const auto L = &RunResult::links;
  for (const auto& n : union_of(all, L)) {
    rows.push_back({"link " + n + ": PER", 1, "%.4f", by_name(L, n, "per")});
    rows.push_back({"link " + n + ": queue drops", 1, "%.0f", by_name(L, n, "queue_drops")});
    rows.push_back({"link " + n + ": disconnects", 1, "%.1f", by_name(L, n, "disconnects")});
  }
  for (const auto& n : union_of(all, &RunResult::devices)) {
    rows.push_back({"device " + n + ": radio busy %", 100, "%.1f", by_name(&RunResult::devices, n, "utilisation")});
    rows.push_back({"device " + n + ": air time needed %", 100, "%.1f", by_name(&RunResult::devices, n, "airtime_need")});
  }
  rows.push_back({"every sink played in (replications)", 1, "%.0f",
                  [](const std::vector<RunResult>& runs) {
                    const AllPlay a = all_play(runs);
                    return std::optional<Interval>(Interval{double(a.all_played), 0, a.replications});
                  },
                  true});
  rows.push_back({"time until all play s", 1, "%.2f", [](const std::vector<RunResult>& runs) {
                    return std::optional<Interval>(all_play(runs).time_s);
                  }});
  return rows;
}

std::string show(const std::optional<Interval>& v, const Row& row, int replications)
{
  if (!v)
    return "(none)";
  if (row.count)
    return std::to_string(static_cast<int>(v->mean)) + "/" + std::to_string(v->n);
  return fmt(*v, row.scale, row.spec, replications);
}

// B - A, and whether the two 95 % intervals separate (each needs n >= 2).
std::string difference(const std::optional<Interval>& a, const std::optional<Interval>& b, double scale, const char* spec)
{
  if (!a || !b || a->n == 0 || b->n == 0)
    return "-";
  char d[64];
  std::snprintf(d, sizeof d, spec, (b->mean - a->mean) * scale);
  std::string s = (b->mean >= a->mean ? "+" : "") + std::string(d);
  if (a->n < 2 || b->n < 2 || (a->half_width == 0 && b->half_width == 0))
    return s + (a->mean == b->mean ? " (same)" : a->n < 2 || b->n < 2 ? " (n<2)" : " (no spread)");
  const bool apart = std::abs(b->mean - a->mean) > a->half_width + b->half_width;
  return s + (apart ? " (separate)" : " (overlap)");
}

}  // namespace

void print_comparison(const std::vector<Scenario>& scs, const std::vector<std::vector<RunResult>>& all)
{
  std::printf("== compare: mean±95%% t half-width over each scenario's replications, (n=k): over the k that have "
              "the value; the difference to A, and whether the 95 %% intervals separate\n");
  for (size_t k = 0; k < scs.size(); ++k)
    std::printf("   %c = %s  (%s, %s, %d replication%s)\n", char('A' + k), scs[k].title.c_str(), scs[k].file.c_str(),
                scs[k].topology.kind->label().c_str(), scs[k].replications, scs[k].replications > 1 ? "s" : "");
  std::printf("%-48s", "metric");
  for (size_t k = 0; k < scs.size(); ++k)
    std::printf(" %22c", char('A' + k));
  for (size_t k = 1; k < scs.size(); ++k)
    std::printf(" %24s", (std::string(1, char('A' + k)) + " - A").c_str());
  std::printf("\n");
  for (const auto& row : rows_of(all)) {
    std::vector<std::optional<Interval>> v;
    for (const auto& runs : all)
      v.push_back(row.metric(runs));
    std::printf("%-48s", row.label.c_str());
    for (size_t k = 0; k < scs.size(); ++k)
      std::printf(" %22s", show(v[k], row, static_cast<int>(all[k].size())).c_str());
    for (size_t k = 1; k < scs.size(); ++k)
      std::printf(" %24s", row.count ? "" : difference(v[0], v[k], row.scale, row.spec).c_str());
    std::printf("\n");
  }
  std::printf("\n");
}

}  // namespace btlinksim::cli
