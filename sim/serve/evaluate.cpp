#include "sim/serve/evaluate.hpp"

#include "models/core/stats.hpp"
#include "models/radio/link.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/topology_kind.hpp"
#include "sim/serve/design_edit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace btlinksim {

namespace {
using json = nlohmann::ordered_json;

// NaN as null: JSON has no NaN.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json interval(const std::vector<double>& v)
{
  std::vector<double> ok;
  for (double x : v)
    if (std::isfinite(x))
      ok.push_back(x);
  if (ok.empty())
    return {{"mean", nullptr}, {"ci95", nullptr}, {"n", 0}};
  const Interval i = mean_ci95(ok);
  return {{"mean", i.mean}, {"ci95", number(i.half_width)}, {"n", i.n}};
}

// Column c of the table's row named `name` in each result (NaN where absent).
std::vector<double> column(const std::vector<RunResult>& rs, ResultTable RunResult::*table, const std::string& name,
                           const std::string& c)
{
  std::vector<double> out;
  for (const auto& r : rs) {
    const ResultTable& t = r.*table;
    double v             = std::nan("");
    for (size_t i = 0; i < t.row_names.size(); ++i)
      if (t.row_names[i] == name)
        v = t.at(c, i);
    out.push_back(v);
  }
  return out;
}

std::vector<RunResult> run_replications(const Scenario& s, int reps, int jobs)
{
  std::vector<RunJob> todo;
  for (int r = 0; r < reps; ++r)
    todo.push_back({&s, r});
  std::vector<RunResult> out;
  for (auto& o : run_all(todo, jobs)) {
    if (!o.result)
      throw RunFailure(o.error);
    out.push_back(std::move(*o.result));
  }
  return out;
}
}  // namespace

json scenario_json(const Scenario& s)
{
  json devices = json::array(), walls = json::array(), sinks = json::array();
  for (const auto& d : s.devices)
    devices.push_back({{"name", d.name}, {"role", d.role == Role::source ? "source" : "speaker"}, {"x", d.x_m}, {"y", d.y_m}});
  for (const auto& w : s.environment.walls)
    walls.push_back({{"name", w.name}, {"from", {w.a.x_m, w.a.y_m}}, {"to", {w.b.x_m, w.b.y_m}}, {"loss_db", w.loss_db}});
  for (int i : s.resolved.topo.sinks)
    sinks.push_back(s.devices[static_cast<size_t>(i)].name);
  const auto kinds = editable_topology_kinds();
  const std::string kind = s.topology.kind ? s.topology.kind->name() : "";
  return {{"title", s.title},
          {"file", s.file},
          {"duration_s", s.duration_s},
          {"replications", s.replications},
          {"devices", devices},
          {"walls", walls},
          {"sinks", sinks},
          {"topology_kind", kind},
          {"topology_editable", std::find(kinds.begin(), kinds.end(), kind) != kinds.end()},
          {"packet_type", std::string(acl_info(s.audio.packet_type).name)},
          {"playout_delay_ms", s.audio.playout_delay_s * 1e3},
          {"choices", {{"topology_kind", kinds}, {"packet_type", packet_type_choices()}}}};
}

json evaluate_json(const Scenario& s, int jobs)
{
  const std::vector<RunResult> rs = run_replications(s, s.replications, jobs);
  json links = json::array(), sinks = json::array();
  if (!rs.empty()) {
    for (const auto& name : rs.front().links.row_names)
      if (std::none_of(links.begin(), links.end(), [&](const json& l) { return l["name"] == name; }))
        links.push_back({{"name", name},
                         {"median_rx_dbm", interval(column(rs, &RunResult::links, name, "median_rx_dbm"))},
                         {"per", interval(column(rs, &RunResult::links, name, "per"))}});
    for (const auto& name : rs.front().sinks.row_names) {
      const auto drops = column(rs, &RunResult::sinks, name, "dropouts_per_min");
      const int played = static_cast<int>(std::count_if(drops.begin(), drops.end(), [](double d) { return std::isfinite(d); }));
      json causes = json::object();
      for (const char* c : {"channel", "air_time", "link_loss", "host", "late"})
        causes[c] = interval(column(rs, &RunResult::sinks, name, std::string("dropouts_") + c));
      sinks.push_back({{"name", name},
                       {"played", played},
                       {"replications", static_cast<int>(rs.size())},
                       {"dropouts_per_min", interval(drops)},
                       {"e2e_latency_mean_s", interval(column(rs, &RunResult::sinks, name, "e2e_latency_mean_s"))},
                       {"latency_mean_s", interval(column(rs, &RunResult::sinks, name, "latency_mean_s"))},
                       {"skew_max_s", interval(column(rs, &RunResult::sinks, name, "skew_max_s"))},
                       {"dropouts_by_cause", causes}});
    }
  }
  std::vector<std::string> warnings;
  for (const auto& w : s.warnings)
    warnings.push_back(w.message);
  return {{"links", links}, {"sinks", sinks}, {"warnings", warnings}};
}

json coverage_json(const Scenario& s, const std::string& device, int nx, int ny, int jobs, std::string& error)
{
  int index = -1;
  for (int i : s.resolved.topo.sinks)
    if (s.devices[static_cast<size_t>(i)].name == device)
      index = i;
  if (index < 0) {
    error = "'" + device + "' is not a speaker of the topology; choose one of its sinks";
    return {};
  }
  double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
  auto grow = [&](double x, double y) {
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  };
  for (const auto& d : s.devices)
    grow(d.x_m, d.y_m);
  for (const auto& w : s.environment.walls) {
    grow(w.a.x_m, w.a.y_m);
    grow(w.b.x_m, w.b.y_m);
  }
  x0 -= 2, y0 -= 2, x1 += 2, y1 += 2;
  // Each grid point is the scenario with the device moved, one replication; positions are set on the loaded
  // scenario the way the loader sets them (the channel is built from them at the start of the run).
  std::vector<Scenario> moved;
  std::vector<std::array<double, 2>> at;
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) {
      const double x = x0 + (x1 - x0) * (i + 0.5) / nx, y = y0 + (y1 - y0) * (j + 0.5) / ny;
      Scenario m = s;
      m.devices[static_cast<size_t>(index)].x_m = x;
      m.devices[static_cast<size_t>(index)].y_m = y;
      m.replications                             = 1;
      moved.push_back(std::move(m));
      at.push_back({x, y});
    }
  std::vector<RunJob> todo;
  for (const auto& m : moved)
    todo.push_back({&m, 0});
  const auto outcomes = run_all(todo, jobs);
  json points = json::array();
  for (size_t k = 0; k < outcomes.size(); ++k) {
    if (!outcomes[k].result)
      throw RunFailure(outcomes[k].error);
    const RunResult& r = *outcomes[k].result;
    double rx = 0;
    int n     = 0;
    for (size_t i = 0; i < r.links.row_names.size(); ++i) {
      const std::string& name = r.links.row_names[i];
      if (name.size() > device.size() + 2 && name.compare(name.size() - device.size() - 2, std::string::npos, "->" + device) == 0) {
        rx += r.links.at("median_rx_dbm", i);
        ++n;
      }
    }
    double drops = std::nan("");
    for (size_t i = 0; i < r.sinks.row_names.size(); ++i)
      if (r.sinks.row_names[i] == device)
        drops = r.sinks.at("dropouts_per_min", i);
    points.push_back({{"x", at[k][0]}, {"y", at[k][1]}, {"median_rx_dbm", number(n ? rx / n : std::nan(""))},
                      {"dropouts_per_min", number(drops)}});
  }
  return {{"device", device}, {"nx", nx}, {"ny", ny}, {"box", {x0, y0, x1, y1}}, {"points", points}};
}

}  // namespace btlinksim
