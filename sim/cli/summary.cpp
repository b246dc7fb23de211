#include "sim/cli/summary.hpp"

#include "sim/cli/crowd.hpp"

#include "sim/output/columns.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "sim/output/json.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace btlinksim::cli {

Interval cell(const std::vector<RunResult>& runs, const ResultTable RunResult::*table, const std::string& col, size_t row)
{
  std::vector<double> v;
  for (const auto& r : runs) {
    const double x = (r.*table).at(col, row);
    if (!std::isnan(x))
      v.push_back(x);
  }
  return mean_ci95(v);
}

std::string fmt(const Interval& i, double scale, const char* spec, int replications)
{
  if (i.n == 0)
    return "-";
  char a[64], b[64];
  std::snprintf(a, sizeof a, spec, i.mean * scale);
  std::string s = a;
  if (i.n >= 2) {
    std::snprintf(b, sizeof b, spec, i.half_width * scale);
    s += std::string("±") + b;
  }
  if (i.n < replications)
    s += " (n=" + std::to_string(i.n) + ")";
  return s;
}

AllPlay all_play(const std::vector<RunResult>& runs)
{
  AllPlay a;
  a.replications = static_cast<int>(runs.size());
  std::vector<double> times;
  for (const auto& r : runs) {
    bool all = true;
    double t = 0;
    for (size_t i = 0; i < r.sinks.row_names.size(); ++i) {
      const double st = r.sinks.at("startup_s", i);
      all             = all && !std::isnan(st);
      if (!std::isnan(st))
        t = std::max(t, st);
    }
    for (size_t i = 0; i < r.formation.row_names.size(); ++i) {
      all = all && std::isnan(r.formation.at("down_s", i));  // a link the host dropped: that sink stopped
      if (!std::isnan(r.formation.at("up_s", i)))
        t = std::max(t, r.formation.at("up_s", i));  // never before the last link is up
    }
    if (all) {
      ++a.all_played;
      times.push_back(t);
    }
  }
  a.time_s = mean_ci95(times);
  return a;
}

const std::vector<std::pair<std::string, std::string>>& cause_columns()
{
  static const std::vector<std::pair<std::string, std::string>> c{
      {"dropouts_channel", "channel"},     {"dropouts_air_time", "air time"},   {"dropouts_link_loss", "link loss"},
      {"dropouts_host", "host"},           {"dropouts_late", "late"},           {"silent_startup_s", "start-up"},
      {"silent_displaced_s", "displaced"}, {"silent_refused_s", "refused"},     {"silent_not_linked_s", "not linked"}};
  return c;
}

PointLabels point_labels(size_t points, size_t parameters, const std::function<std::string(size_t parameter, size_t point)>& value)
{
  PointLabels L;
  for (size_t p = 0; p < points; ++p) {
    std::string label;
    for (size_t j = 0; j < parameters; ++j)
      label += (j ? "; " : "") + value(j, p);
    L.width = std::max(L.width, static_cast<int>(label.size()));
    L.text.push_back(std::move(label));
  }
  return L;
}

int played_in(const std::vector<RunResult>& runs, size_t sink)
{
  int n = 0;
  for (const auto& r : runs)
    n += !std::isnan(r.sinks.at("startup_s", sink));
  return n;
}

std::string reasons(const std::vector<RunResult>& runs, size_t row)
{
  std::vector<std::pair<std::string, int>> seen;
  for (const auto& r : runs) {
    const std::string& why = r.formation.text_values[0][row];
    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& p) { return p.first == why; });
    if (it == seen.end())
      seen.emplace_back(why, 1);
    else
      ++it->second;
  }
  std::string s;
  for (const auto& [why, n] : seen)
    s += (s.empty() ? "" : "; ") + why + (runs.size() > 1 ? " x" + std::to_string(n) : "");
  return s;
}

std::vector<int> category_counts(const std::vector<RunResult>& runs, const ResultTable RunResult::*table,
                                 const std::string& column, size_t row, size_t categories)
{
  std::vector<int> c(categories, 0);
  for (const auto& r : runs) {
    const double v = (r.*table).at(column, row);
    if (!std::isnan(v) && v >= 0 && static_cast<size_t>(v) < categories)
      c[static_cast<size_t>(v)]++;
  }
  return c;
}

namespace {

std::string distance_text(const std::vector<RunResult>& runs, size_t i)
{
  const auto& l = runs.front().links;
  char b[64];
  const double d0 = l.at("distance_m", i), lo = l.at("distance_min_m", i), hi = l.at("distance_max_m", i);
  double mn = lo, mx = hi;
  for (const auto& r : runs) {  // random movement differs per replication
    mn = std::min(mn, r.links.at("distance_min_m", i));
    mx = std::max(mx, r.links.at("distance_max_m", i));
  }
  if (mx - mn < 1e-6)
    std::snprintf(b, sizeof b, "%.2f", d0);
  else
    std::snprintf(b, sizeof b, "%.1f (%.1f-%.1f)", d0, mn, mx);
  return b;
}

void print_sinks(const std::vector<RunResult>& runs, const Shown& sh)
{
  const int N = static_cast<int>(runs.size());
  std::printf("%-10s %7s %14s %12s %12s %12s %14s %14s %14s %14s %14s  %s\n", "sink", "played", "dropouts", "drop_s",
              "drop/min", "silent_s", "lat_mean_ms", "lat_p99_ms", "e2e_mean_ms", "skew_mean_ms", "skew_max_ms",
              "stereo image (replications)");
  const auto S = &RunResult::sinks;
  const auto& cats = sinks_columns().find("sync_perception")->categories;
  for (const size_t i : sh.sinks) {
    const int played = played_in(runs, i);
    // The perception verdict is a category: counted per value, never averaged.
    std::string image;
    const auto counts = category_counts(runs, S, "sync_perception", i, cats.size());
    for (size_t v = 0; v < cats.size(); ++v)
      if (counts[v] > 0)
        image += (image.empty() ? "" : ", ") + cats[v] + " " + std::to_string(counts[v]);
    if (image.empty())
      image = "-";
    std::printf("%-10s %7s %14s %12s %12s %12s %14s %14s %14s %14s %14s  %-20s%s\n", runs.front().sinks.row_names[i].c_str(),
                (std::to_string(played) + "/" + std::to_string(N)).c_str(),
                fmt(cell(runs, S, "dropouts", i), 1, "%.1f", N).c_str(),
                fmt(cell(runs, S, "dropout_duration_s", i), 1, "%.3f", N).c_str(),
                fmt(cell(runs, S, "dropouts_per_min", i), 1, "%.2f", N).c_str(),
                fmt(cell(runs, S, "silent_s", i), 1, "%.2f", N).c_str(),
                fmt(cell(runs, S, "latency_mean_s", i), 1e3, "%.2f", N).c_str(),
                fmt(cell(runs, S, "latency_p99_s", i), 1e3, "%.2f", N).c_str(),
                fmt(cell(runs, S, "e2e_latency_mean_s", i), 1e3, "%.1f", N).c_str(),
                fmt(cell(runs, S, "skew_mean_s", i), 1e3, "%.3f", N).c_str(),
                fmt(cell(runs, S, "skew_max_s", i), 1e3, "%.3f", N).c_str(), image.c_str(),
                played == 0 ? "   NEVER PLAYED" : played < N ? "   did not play in every replication" : "");
  }
}

// Per sink: its dropouts and its silent time by cause (the /sinks cause columns), the causes that occur.
void print_causes(const std::vector<RunResult>& runs, const Shown& sh)
{
  const int N    = static_cast<int>(runs.size());
  const auto S   = &RunResult::sinks;
  for (const size_t i : sh.sinks) {
    std::string drop, silent;
    for (const auto& [col, label] : cause_columns()) {
      const Interval v = cell(runs, S, col, i);
      if (v.n == 0 || v.mean == 0)
        continue;
      const bool is_drop = col.rfind("dropouts_", 0) == 0;
      std::string& into  = is_drop ? drop : silent;
      into += (into.empty() ? "" : ", ") + label + " " + fmt(v, 1, is_drop ? "%.1f" : "%.2f", N);
    }
    std::printf("%-10s %s%s%s\n", runs.front().sinks.row_names[i].c_str(), drop.empty() ? "" : ("dropouts: " + drop).c_str(),
                drop.empty() || silent.empty() ? "" : "; ", silent.empty() ? "" : ("not playing s: " + silent).c_str());
  }
}

void print_links(const std::vector<RunResult>& runs, const Shown& sh)
{
  const int N = static_cast<int>(runs.size());
  std::printf("%-14s %18s %12s %14s %12s %14s %12s %12s %14s\n", "link", "dist_m", "rx_dBm", "PER", "retx",
              "queue_drops", "disconnects", "outage_s", "reconnect_s");
  const auto L = &RunResult::links;
  for (size_t i = 0; i < runs.front().links.row_names.size(); ++i) {
    const std::string& name = runs.front().links.row_names[i];
    const size_t arrow      = name.rfind("->");
    if (arrow != std::string::npos && !shows(sh, name.substr(arrow + 2)))
      continue;  // a crowd: the link of a sink not shown
    std::printf("%-14s %18s %12s %14s %12s %14s %12s %12s %14s\n", name.c_str(),
                distance_text(runs, i).c_str(), fmt(cell(runs, L, "median_rx_dbm", i), 1, "%.1f", N).c_str(),
                fmt(cell(runs, L, "per", i), 1, "%.4f", N).c_str(),
                fmt(cell(runs, L, "retransmissions", i), 1, "%.0f", N).c_str(),
                fmt(cell(runs, L, "queue_drops", i), 1, "%.0f", N).c_str(),
                fmt(cell(runs, L, "disconnects", i), 1, "%.1f", N).c_str(),
                fmt(cell(runs, L, "outage_s", i), 1, "%.2f", N).c_str(),
                fmt(cell(runs, L, "reconnect_mean_s", i), 1, "%.2f", N).c_str());
  }
  std::printf("%-14s %12s %14s\n", "device", "radio_util", "airtime_need");
  std::vector<std::string> sinks = runs.front().sinks.row_names;
  std::sort(sinks.begin(), sinks.end());
  for (size_t i = 0; i < runs.front().devices.row_names.size(); ++i) {
    const std::string& name = runs.front().devices.row_names[i];
    if (sh.crowd && !shows(sh, name) && std::binary_search(sinks.begin(), sinks.end(), name))
      continue;  // a crowd: a sink not shown (the source and other devices always are)
    std::printf("%-14s %12s %14s\n", runs.front().devices.row_names[i].c_str(),
                fmt(cell(runs, &RunResult::devices, "utilisation", i), 100, "%.1f%%", N).c_str(),
                fmt(cell(runs, &RunResult::devices, "airtime_need", i), 100, "%.1f%%", N).c_str());
  }
}

void print_formation(const std::vector<RunResult>& runs)
{
  const int N     = static_cast<int>(runs.size());
  const auto& cat = formation_columns().find("outcome")->categories;
  std::printf("%-18s %7s %5s %7s %16s %16s %10s  %s\n", "formation", "stereo", "mono", "failed", "up_s", "to_link_s",
              "retries", "reasons (replications)");
  const auto F = &RunResult::formation;
  for (size_t i = 0; i < runs.front().formation.row_names.size(); ++i) {
    const auto c = category_counts(runs, F, "outcome", i, cat.size());
    std::printf("%-18s %7d %5d %7d %16s %16s %10s  %s\n", runs.front().formation.row_names[i].c_str(), c[0], c[1], c[2],
                fmt(cell(runs, F, "up_s", i), 1, "%.2f", N).c_str(),
                fmt(cell(runs, F, "time_to_link_s", i), 1, "%.2f", N).c_str(),
                fmt(cell(runs, F, "retries", i), 1, "%.1f", N).c_str(), reasons(runs, i).c_str());
  }
}

}  // namespace

void print_summary(const Scenario& s, const std::vector<RunResult>& runs)
{
  const char* sync = s.audio.sync == SyncMode::ttp                  ? "ttp sync"
                     : s.audio.sync == SyncMode::presentation_delay ? "presentation-delay sync"
                     : s.audio.sync == SyncMode::network_time       ? "network-time sync"
                     : s.audio.sync == SyncMode::piconet_clock      ? "piconet-clock sync"
                                                                    : "free-running";
  const std::string carrier = transport_of(s).carrier(s);
  std::printf("== %s  (%s, %s, %s %s, %d replication%s%s)\n", s.title.c_str(), s.topology.kind->label().c_str(), sync,
              to_string(s.audio.codec.kind).c_str(), carrier.c_str(), s.replications, s.replications > 1 ? "s" : "",
              s.replications > 1 ? "; mean±95% t half-width, (n=k): over the k replications that have the value" : "");
  const Shown shown = shown_rows(runs);
  print_sinks(runs, shown);
  print_crowd(runs, shown);
  print_causes(runs, shown);
  print_links(runs, shown);
  if (!runs.front().formation.row_names.empty())
    print_formation(runs);
  const AllPlay a = all_play(runs);
  std::printf("every sink played in %d of %d replications", a.all_played, a.replications);
  if (a.all_played > 0)
    std::printf("; time until all play (and every link is up), over those %d: %s s", a.all_played,
                fmt(a.time_s, 1, "%.2f", a.all_played).c_str());
  std::printf("\n");
  double wall = 0;
  long long hops = 0;
  for (const auto& r : runs) {
    wall += r.wall_s;
    hops += r.events;
  }
  std::printf("simulated %.1f s of audio per replication; engine wall time %.3f s in all (%.0fx real time); %lld packet-hops\n",
              s.duration_s, wall, s.duration_s * runs.size() / std::max(wall, 1e-9), hops);
  if (!s.output.file.empty())
    std::printf("results: %s (%d replication%s)\n", s.output.file.c_str(), s.replications, s.replications > 1 ? "s" : "");
  std::printf("\n");
}

void print_json(const std::vector<Scenario>& scs, const std::vector<std::vector<RunResult>>& all)
{
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (size_t k = 0; k < scs.size(); ++k) {
    const auto& runs = all[k];
    nlohmann::ordered_json tables = nlohmann::ordered_json::array();
    for (auto [tab, decl] : {std::pair{&RunResult::sinks, &sinks_columns()}, {&RunResult::links, &links_columns()},
                             {&RunResult::devices, &devices_columns()}, {&RunResult::formation, &formation_columns()}}) {
      const auto& t = runs.front().*tab;
      nlohmann::ordered_json rows = nlohmann::ordered_json::array();
      for (size_t i = 0; i < t.row_names.size(); ++i) {
        nlohmann::ordered_json row{{"name", t.row_names[i]}};
        for (const auto& c : t.columns) {
          const auto& cats = decl->find(c)->categories;
          if (!cats.empty()) {  // a category: how many replications had each value
            const auto counts = category_counts(runs, tab, c, i, cats.size());
            nlohmann::ordered_json j;
            for (size_t v = 0; v < cats.size(); ++v)
              j[cats[v]] = counts[v];
            row[c] = j;
            continue;
          }
          const Interval iv = cell(runs, tab, c, i);
          row[c] = {{"mean", json_number(iv.n ? iv.mean : std::nan(""))},
                    {"ci95", json_number(iv.n > 1 ? iv.half_width : std::nan(""))},
                    {"n", iv.n}};
        }
        if (tab == &RunResult::formation)
          row["reasons"] = reasons(runs, i);
        rows.push_back(std::move(row));
      }
      tables.push_back({{"table", t.name}, {"rows", std::move(rows)}});
    }
    const AllPlay a = all_play(runs);
    out.push_back({{"scenario", scs[k].title},
                   {"file", scs[k].file},
                   {"replications", a.replications},
                   {"all_played", a.all_played},
                   {"time_until_all_play_s",
                    {{"mean", json_number(a.time_s.n ? a.time_s.mean : std::nan(""))},
                     {"ci95", json_number(a.time_s.n > 1 ? a.time_s.half_width : std::nan(""))},
                     {"n", a.time_s.n}}},
                   {"tables", std::move(tables)}});
  }
  std::cout << out.dump() << "\n";
}

}  // namespace btlinksim::cli
