#include "sim/output/sweep_writer.hpp"

#include "models/core/stats.hpp"
#include "sim/output/columns.hpp"
#include "sim/output/h5_helpers.hpp"
#include "sim/common/sha256.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "sim/output/stacking.hpp"
#include "sim/scenario/sweep_where.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace btlinksim {

namespace {
// A swept parameter's values as numbers in their dimension's canonical unit (10 m, 3000 cm -> 10, 30 m), when every
// value is a quantity of one dimension; bare numbers as written (unit ""). False for anything else (a topology).
bool numeric_values(const Sweep& sw, size_t j, std::vector<double>& out, std::string& unit)
{
  std::optional<Dimension> dim;
  bool bare = false;
  for (size_t k = 0; k < sw.points.size(); ++k) {
    double v = 0;
    std::string u;
    const std::string& text = sw.points[k].values[j];
    if (!split_quantity(text, v, u) || !std::isfinite(v))
      return false;
    if (k == 0) {
      bare = u.empty();
      dim  = bare ? std::nullopt : dimension_of_unit(u);
      if (!bare && !dim)
        return false;
    }
    if (bare != u.empty())
      return false;
    if (bare) {
      out.push_back(v);
      continue;
    }
    const ParsedQuantity q = parse_quantity(text, *dim, true);
    if (!q.ok())
      return false;
    out.push_back(q.value);
  }
  unit = bare ? "" : canonical_unit(*dim);
  return true;
}
}  // namespace

namespace {
const ColumnDecl kPoint{"point", "1", "design point (row of /points)"};

// A run's point before its replication, and its point's parameter values after the text columns.
RunKeys sweep_keys(const Sweep& sw)
{
  RunKeys k;
  k.numbers = {kPoint};
  for (const auto& p : sw.parameters)
    k.texts.push_back({p.path, "text", "value of the swept parameter " + p.path + " in this run's point"});
  const size_t R = static_cast<size_t>(sw.replications);
  k.values = [&sw, R](size_t run, std::vector<double>& numbers, std::vector<std::string>& texts) {
    numbers.push_back(static_cast<double>(run / R));
    texts = sw.points[run / R].values;
  };
  return k;
}

}  // namespace

bool is_swept_parameter_column(const std::string& name) { return name != "index" && name != "status" && name != "warnings"; }

void write_sweep_hdf5(const std::string& path, const Sweep& sw, const std::vector<RunOutcome>& runs)
{
  h5::write_atomically(path, [&](H5::H5File& f) {
    H5::Group root = f.openGroup("/");
    h5::write_provenance(root, "btlinksim-sweep", 1, sw.title, sw.file);
    h5::str_attr(root, "sweep_file", sw.file);
    h5::str_attr(root, "sweep_sha256", sha256_hex(sw.text));
    h5::str_attr(root, "base_file", sw.base_file);
    h5::num_attr(root, "replications", sw.replications, H5::PredType::NATIVE_INT);
    H5::Group src = f.createGroup("/sweep");
    h5::write_strings(src, "text", {sw.text});
    h5::write_strings(src, "base_text", {sw.base_text});
    // Points: an index and each parameter's value (YAML text) as a column named by its path.
    H5::Group pg = f.createGroup("/points");
    h5::str_attr(pg, "description", "one row per design point: the value of each swept parameter (YAML text)");
    std::vector<double> idx;
    for (const auto& p : sw.points)
      idx.push_back(p.index);
    h5::write_doubles(pg, "index", idx, kPoint);
    for (size_t j = 0; j < sw.parameters.size(); ++j) {
      std::vector<std::string> v;
      for (const auto& p : sw.points)
        v.push_back(p.values[j]);
      const ColumnDecl decl{sw.parameters[j].path, "text", "value of the swept parameter " + sw.parameters[j].path};
      h5::write_strings(pg, sw.parameters[j].path, v, &decl);
    }
    // The same values as numbers where they are quantities (a distance, a delay, a power), in the canonical unit:
    // what an analysis sorts and plots by without parsing the text.
    H5::Group vg = f.createGroup("/point_values");
    h5::str_attr(vg, "description", "one row per design point: each swept parameter whose values are quantities, as a "
                                    "number in its canonical unit (bare numbers as written)");
    for (size_t j = 0; j < sw.parameters.size(); ++j) {
      std::vector<double> v;
      std::string unit;
      if (!numeric_values(sw, j, v, unit))
        continue;
      const ColumnDecl decl{sw.parameters[j].path, unit.empty() ? "1" : unit,
                            "value of the swept parameter " + sw.parameters[j].path +
                                (unit.empty() ? " as written (the key's own unit: m for a position)" : " in " + unit)};
      h5::write_doubles(vg, sw.parameters[j].path, v, decl);
    }
    // The checks' verdict on each point: "ok", or "warning" with what they found (a link below the received power it
    // needs, a radio over its air time). Such a point runs like any other; its runs show what it does.
    std::vector<std::string> pstatus, pwarn;
    for (const auto& p : sw.points) {
      std::string w;
      for (const auto& d : p.scenario.warnings)
        w += (w.empty() ? "" : "; ") + d.message;
      pstatus.push_back(w.empty() ? "ok" : "warning");
      pwarn.push_back(w);
    }
    const ColumnDecl status_decl{"status", "text", "ok, or warning: the scenario checks found something (see warnings)"};
    const ColumnDecl warn_decl{"warnings", "text", "the checks' warnings for the point, separated by '; ' (empty: none)"};
    h5::write_strings(pg, "status", pstatus, &status_decl);
    h5::write_strings(pg, "warnings", pwarn, &warn_decl);
    // Runs: status and error of every (point, replication).
    H5::Group rg = f.createGroup("/runs");
    h5::str_attr(rg, "description", "one row per run (point, replication): status and, for a failed run, its error");
    std::vector<double> point, rep, wall;
    std::vector<std::string> status, error;
    for (size_t i = 0; i < runs.size(); ++i) {
      point.push_back(static_cast<double>(i / sw.replications));
      rep.push_back(static_cast<double>(i % sw.replications));
      status.push_back(runs[i].result ? "ok" : "failed");
      error.push_back(runs[i].error);
      wall.push_back(runs[i].result ? runs[i].result->wall_s : std::nan(""));
    }
    h5::write_doubles(rg, "point", point, kPoint);
    h5::write_doubles(rg, "replication", rep, replication_column());
    h5::write_strings(rg, "status", status);
    h5::write_strings(rg, "error", error);
    h5::write_doubles(rg, "wall_s", wall, {"wall_s", "s", "engine wall time of the run (not reproducible)"});
    std::vector<const RunResult*> results;
    for (const auto& o : runs)
      results.push_back(o.result ? &*o.result : nullptr);
    const RunKeys keys = sweep_keys(sw);
    for (auto [table, decl] : {std::pair{&RunResult::sinks, &sinks_columns()}, {&RunResult::links, &links_columns()},
                               {&RunResult::devices, &devices_columns()}, {&RunResult::outages, &outages_columns()}})
      write_stacked(f, results, table, *decl, keys);
    // Link formation (power-on, inquiry/page, handshake), when the base scenario enables it.
    if (std::any_of(runs.begin(), runs.end(), [](const RunOutcome& o) { return o.result && !o.result->formation.row_names.empty(); }))
      write_stacked(f, results, &RunResult::formation, formation_columns(), keys);
    std::vector<std::vector<const RunResult*>> by_point(sw.points.size());
    for (size_t i = 0; i < results.size(); ++i)
      by_point[i / sw.replications].push_back(results[i]);
    write_sinks_summary(f, "points_sinks",
                        "per design point and sink: each metric's mean, sd, n and 95 % t half-width over the point's "
                        "replications that ran and have the value",
                        by_point, &kPoint);
  });
}

}  // namespace btlinksim
