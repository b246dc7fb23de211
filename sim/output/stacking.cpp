#include "sim/output/stacking.hpp"

#include "models/core/stats.hpp"
#include "sim/output/h5_helpers.hpp"

#include <cmath>
#include <limits>

namespace btlinksim {

TableDecl keyed_table(const TableDecl& d, const RunKeys& keys)
{
  TableDecl t = d;
  t.columns.insert(t.columns.begin(), replication_column());
  t.columns.insert(t.columns.begin(), keys.numbers.begin(), keys.numbers.end());
  t.text_columns.insert(t.text_columns.end(), keys.texts.begin(), keys.texts.end());
  return t;
}

void write_stacked(H5::H5File& f, const std::vector<const RunResult*>& runs, const ResultTable RunResult::*table,
                   const TableDecl& d, const RunKeys& keys)
{
  const TableDecl decl = keyed_table(d, keys);
  ResultTable out      = make_table(decl);
  const size_t nk = keys.numbers.size(), own_texts = d.text_columns.size();
  std::vector<double> knum;
  std::vector<std::string> ktext;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (!runs[i])
      continue;
    knum.clear();
    ktext.clear();
    if (keys.values)
      keys.values(i, knum, ktext);
    const ResultTable& t = runs[i]->*table;
    for (size_t row = 0; row < t.row_names.size(); ++row) {
      out.row_names.push_back(t.row_names[row]);
      for (size_t k = 0; k < nk; ++k)
        out.values[k].push_back(knum[k]);
      out.values[nk].push_back(runs[i]->replication);
      for (size_t c = 0; c < t.columns.size(); ++c)
        out.values[nk + 1 + c].push_back(t.values[c][row]);
      for (size_t c = 0; c < t.text_columns.size(); ++c)
        out.text_values[c].push_back(t.text_values[c][row]);
      for (size_t k = 0; k < ktext.size(); ++k)
        out.text_values[own_texts + k].push_back(ktext[k]);
    }
  }
  h5::write_table(f, out, decl);
}

void write_sinks_summary(H5::H5File& f, const std::string& name, const std::string& meaning,
                         const std::vector<std::vector<const RunResult*>>& groups, const ColumnDecl* group_column)
{
  const TableDecl& d = sinks_columns();
  const double nan   = std::numeric_limits<double>::quiet_NaN();
  H5::Group g        = f.createGroup("/" + name);
  h5::str_attr(g, "description", meaning);
  std::vector<std::string> names;
  std::vector<double> group;
  const size_t C = d.columns.size();
  std::vector<std::vector<double>> mean(C), sd(C), n(C), hw(C);
  std::vector<std::vector<std::vector<double>>> counts(C);
  for (size_t c = 0; c < C; ++c)
    counts[c].resize(d.columns[c].categories.size());
  for (size_t p = 0; p < groups.size(); ++p) {
    const RunResult* first = nullptr;
    for (const RunResult* r : groups[p])
      if (r && !first)
        first = r;
    if (!first)
      continue;
    for (size_t row = 0; row < first->sinks.row_names.size(); ++row) {
      names.push_back(first->sinks.row_names[row]);
      group.push_back(static_cast<double>(p));
      for (size_t c = 0; c < C; ++c) {
        std::vector<double> v;
        RunningStats st;
        for (const RunResult* r : groups[p])
          if (r && row < r->sinks.row_names.size() && !std::isnan(r->sinks.values[c][row])) {
            v.push_back(r->sinks.values[c][row]);
            st.add(v.back());
          }
        const auto& cats = d.columns[c].categories;
        for (size_t k = 0; k < cats.size(); ++k) {
          double m = 0;
          for (double x : v)
            m += x == static_cast<double>(k);
          counts[c][k].push_back(m);
        }
        const Interval iv = mean_ci95(v);
        mean[c].push_back(iv.n ? iv.mean : nan);
        sd[c].push_back(iv.n > 1 ? std::sqrt(st.variance()) : nan);
        n[c].push_back(iv.n);
        hw[c].push_back(iv.n > 1 ? iv.half_width : nan);
      }
    }
  }
  h5::write_strings(g, "name", names);
  if (group_column)
    h5::write_doubles(g, group_column->name, group, *group_column);
  for (size_t c = 0; c < C; ++c) {
    const auto& col = d.columns[c];
    h5::write_doubles(g, col.name + "_n", n[c], {col.name + "_n", "1", "runs with a value of " + col.name});
    if (!col.categories.empty()) {
      for (size_t k = 0; k < col.categories.size(); ++k)
        h5::write_doubles(g, col.name + "_count_" + col.categories[k], counts[c][k],
                          {"", "1", "runs whose " + col.name + " is " + col.categories[k]});
      continue;
    }
    h5::write_doubles(g, col.name + "_mean", mean[c], {"", col.unit, "mean of " + col.name});
    h5::write_doubles(g, col.name + "_sd", sd[c], {"", col.unit, "sample standard deviation of " + col.name});
    h5::write_doubles(g, col.name + "_ci95", hw[c], {"", col.unit, "95 % Student-t half-width of the mean of " + col.name});
  }
}

}  // namespace btlinksim
