#include "sim/output/sweep_writer.hpp"

#include "models/core/stats.hpp"
#include "sim/output/columns.hpp"
#include "sim/output/h5_helpers.hpp"
#include "sim/output/hdf5_writer.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace btlinksim {

namespace {
const ColumnDecl kPoint{"point", "1", "design point (row of /points)"};
const ColumnDecl kReplication{"replication", "1", "replication index (common random numbers across points)"};

// A declared table with the point and replication columns in front.
TableDecl with_run_columns(const TableDecl& d)
{
  TableDecl t = d;
  t.columns.insert(t.columns.begin(), {kPoint, kReplication});
  t.meaning = d.meaning + "; one block of rows per run (point, replication)";
  return t;
}

// A declared table with the point and replication columns in front and the swept parameters' values (text) at the end.
TableDecl with_run_and_parameter_columns(const TableDecl& d, const Sweep& sw)
{
  TableDecl t = with_run_columns(d);
  for (const auto& p : sw.parameters)
    t.text_columns.push_back({p.path, "text", "value of the swept parameter " + p.path + " in this run's point"});
  return t;
}

// Every run's rows of one table, stacked, each with its point's parameter values.
ResultTable stack(const Sweep& sw, const std::vector<RunOutcome>& runs, const ResultTable RunResult::*table,
                  const TableDecl& decl)
{
  ResultTable out = make_table(with_run_and_parameter_columns(decl, sw));
  const size_t own_texts = decl.text_columns.size();
  const int R     = sw.replications;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i].result)
      continue;
    const ResultTable& t = (*runs[i].result).*table;
    for (size_t row = 0; row < t.row_names.size(); ++row) {
      out.row_names.push_back(t.row_names[row]);
      out.values[0].push_back(static_cast<double>(i / R));
      out.values[1].push_back(static_cast<double>(i % R));
      for (size_t c = 0; c < t.columns.size(); ++c)
        out.values[c + 2].push_back(t.values[c][row]);
      for (size_t c = 0; c < t.text_columns.size(); ++c)
        out.text_values[c].push_back(t.text_values[c][row]);
      for (size_t j = 0; j < sw.parameters.size(); ++j)
        out.text_values[own_texts + j].push_back(sw.points[i / R].values[j]);
    }
  }
  return out;
}

// Per point and sink: mean, sd, n and 95 % half-width of every sinks column over the replications that ran.
void write_point_summary(H5::H5File& f, const Sweep& sw, const std::vector<RunOutcome>& runs)
{
  const TableDecl& d = sinks_columns();
  H5::Group g        = f.createGroup("/points_sinks");
  h5::str_attr(g, "description", "per design point and sink: each metric's mean, sd, n and 95 % t half-width over "
                                 "the point's replications that ran and have the value");
  std::vector<std::string> names;
  std::vector<double> point;
  std::vector<std::vector<double>> mean(d.columns.size()), sd(d.columns.size()), n(d.columns.size()),
      hw(d.columns.size());
  const int R = sw.replications;
  for (size_t p = 0; p < sw.points.size(); ++p) {
    const RunResult* first = nullptr;
    for (int r = 0; r < R && !first; ++r)
      if (runs[p * R + r].result)
        first = &*runs[p * R + r].result;
    if (!first)
      continue;
    for (size_t row = 0; row < first->sinks.row_names.size(); ++row) {
      names.push_back(first->sinks.row_names[row]);
      point.push_back(static_cast<double>(p));
      for (size_t c = 0; c < d.columns.size(); ++c) {
        std::vector<double> v;
        RunningStats st;
        for (int r = 0; r < R; ++r)
          if (const auto& o = runs[p * R + r]; o.result && row < o.result->sinks.row_names.size()) {
            const double x = o.result->sinks.values[c][row];
            if (!std::isnan(x)) {
              v.push_back(x);
              st.add(x);
            }
          }
        const Interval iv = mean_ci95(v);
        const double nan  = std::numeric_limits<double>::quiet_NaN();
        mean[c].push_back(iv.n ? iv.mean : nan);
        sd[c].push_back(iv.n > 1 ? std::sqrt(st.variance()) : nan);
        n[c].push_back(iv.n);
        hw[c].push_back(iv.n > 1 ? iv.half_width : nan);
      }
    }
  }
  h5::write_strings(g, "name", names);
  h5::write_doubles(g, "point", point, kPoint);
  for (size_t c = 0; c < d.columns.size(); ++c) {
    const auto& col = d.columns[c];
    h5::write_doubles(g, col.name + "_mean", mean[c], {col.name + "_mean", col.unit, "mean of " + col.name});
    h5::write_doubles(g, col.name + "_sd", sd[c], {col.name + "_sd", col.unit, "sample standard deviation of " + col.name});
    h5::write_doubles(g, col.name + "_n", n[c], {col.name + "_n", "1", "replications with a value of " + col.name});
    h5::write_doubles(g, col.name + "_ci95", hw[c], {col.name + "_ci95", col.unit, "95 % Student-t half-width of " + col.name});
  }
}

std::string file_text(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

void write_sweep_hdf5(const std::string& path, const Sweep& sw, const std::vector<RunOutcome>& runs)
{
  h5::write_atomically(path, [&](H5::H5File& f) {
    H5::Group root = f.openGroup("/");
    h5::write_provenance(root, "btlinksim-sweep", sw.title);
    h5::str_attr(root, "sweep_file", sw.file);
    h5::str_attr(root, "sweep_sha256", sha256_hex(sw.text));
    h5::str_attr(root, "base_file", sw.base_file);
    h5::num_attr(root, "replications", sw.replications, H5::PredType::NATIVE_INT);
    H5::Group src = f.createGroup("/sweep");
    h5::write_strings(src, "text", {sw.text});
    h5::write_strings(src, "base_text", {file_text(sw.base_file)});
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
    h5::write_doubles(rg, "replication", rep, kReplication);
    h5::write_strings(rg, "status", status);
    h5::write_strings(rg, "error", error);
    h5::write_doubles(rg, "wall_s", wall, {"wall_s", "s", "engine wall time of the run (not reproducible)"});
    for (auto [table, decl] : {std::pair{&RunResult::sinks, &sinks_columns()}, {&RunResult::links, &links_columns()},
                               {&RunResult::devices, &devices_columns()}})
      h5::write_table(f, stack(sw, runs, table, *decl), with_run_and_parameter_columns(*decl, sw));
    // Link formation (power-on, inquiry/page, handshake), when the base scenario enables it.
    if (std::any_of(runs.begin(), runs.end(), [](const RunOutcome& o) { return o.result && !o.result->formation.row_names.empty(); }))
      h5::write_table(f, stack(sw, runs, &RunResult::formation, formation_columns()),
                      with_run_and_parameter_columns(formation_columns(), sw));
    write_point_summary(f, sw, runs);
  });
}

}  // namespace btlinksim
