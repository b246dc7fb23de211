#include "sim/cli/optimise_answer.hpp"

#include "sim/optimise/optimise_writer.hpp"
#include "sim/output/h5_helpers.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace btlinksim::cli {

std::string shown(double v, const std::string& unit)
{
  if (std::isnan(v))
    return "no value";
  if (unit == "s")
    return format_number(std::round(v * 1e5) / 1e2) + " ms";
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return std::string(b) + (unit == "1" ? "" : unit == "1/min" ? " /min" : " " + unit);
}

namespace {
// The evaluations the answer shows: the front, the best, each combination's best.
std::vector<size_t> rows_shown(const OptimiseAnswer& a)
{
  std::vector<size_t> rows = a.front;
  if (a.best >= 0)
    rows.push_back(static_cast<size_t>(a.best));
  for (const auto& c : a.combinations)
    if (c.best >= 0)
      rows.push_back(static_cast<size_t>(c.best));
  return rows;
}

AnswerMetric metric_of(const OptMetric& m, bool maximise)
{
  return {m.label(), m.unit, maximise, true, ""};
}

AnswerRow row_of(const Optimisation& o, const Evaluation& e)
{
  AnswerRow row;
  const auto values = o.combination(e.combination);
  size_t d = 0, k = 0;
  for (const auto& v : o.variables) {
    if (v.kind == OptVariable::Kind::discrete)
      row.variables.push_back({v.path, values[k++]});
    else if (v.kind == OptVariable::Kind::continuous)
      row.variables.push_back({v.path, shown(e.x[d], v.unit)});
    else {
      row.variables.push_back({v.path + "[0]", shown(e.x[d], "m")});
      row.variables.push_back({v.path + "[1]", shown(e.x[d + 1], "m")});
    }
    d += static_cast<size_t>(v.dims());
  }
  row.objective   = e.objective;
  row.second      = e.second;
  row.constraints = e.constraint_values;
  for (auto s : e.status)
    row.status.push_back(static_cast<int>(s));
  return row;
}
}  // namespace

OptimiseAnswer answer_of(const Optimisation& o, const OptimiseResult& r)
{
  OptimiseAnswer a;
  a.title       = o.title;
  a.evaluations = r.evaluations.size();
  a.runs        = r.runs + r.stored_runs;
  a.stored_runs = r.stored_runs;
  a.wall_s      = r.wall_s;
  a.objective   = metric_of(o.objective, o.objective.maximise);
  if (o.pareto.size() == 2)
    a.second = metric_of(o.pareto[1], o.pareto[1].maximise);
  for (const auto& c : o.constraints)
    a.constraints.push_back({c.label(), c.unit, false, c.at_most, c.limit_text});
  a.best   = r.best;
  a.active = r.active;
  a.front  = r.front;
  for (const auto& c : r.combinations) {
    std::string values;
    for (const auto& v : o.combination(c.combination))
      values += (values.empty() ? "" : ", ") + v;
    a.combinations.push_back({values, c.stop, c.best, c.evaluations});
  }
  for (size_t i : rows_shown(a))
    a.rows[i] = row_of(o, r.evaluations[i]);
  a.constraint_counts.assign(o.constraints.size(), {0, 0, 0, 0});
  for (const auto& e : r.evaluations) {
    if (!e.error.empty()) {
      a.first_error = a.failed++ == 0 ? e.error : a.first_error;
      continue;
    }
    for (size_t k = 0; k < e.status.size(); ++k) {
      ++a.constraint_counts[k][static_cast<size_t>(e.status[k])];
      a.constraint_counts[k][3] += std::isnan(e.constraint_values[k].mean);
    }
  }
  return a;
}

namespace {
std::string str_attr(const H5::H5Object& o, const std::string& name)
{
  H5::Attribute at = o.openAttribute(name);
  std::string v;
  at.read(at.getStrType(), v);
  return v;
}

// "maximise range of right [m]" -> the metric.
AnswerMetric parse_metric(const std::string& text)
{
  AnswerMetric m;
  const size_t space = text.find(' '), bracket = text.rfind(" [");
  if (space == std::string::npos || bracket == std::string::npos || bracket < space)
    throw std::runtime_error("the objective attribute '" + text + "' is not 'DIRECTION METRIC [UNIT]'");
  m.maximise = text.substr(0, space) == "maximise";
  m.label    = text.substr(space + 1, bracket - space - 1);
  m.unit     = text.substr(bracket + 2, text.size() - bracket - 3);
  return m;
}

Interval interval_at(const H5::Group& g, const std::string& prefix, size_t i)
{
  return {h5::read_doubles(g, prefix + "_mean").at(i), h5::read_doubles(g, prefix + "_ci95").at(i),
          static_cast<int>(h5::read_doubles(g, prefix + "_n").at(i))};
}
}  // namespace

OptimiseAnswer answer_of_file(const H5::H5File& f)
{
  OptimiseAnswer a;
  const H5::Group root = f.openGroup("/");
  a.title              = str_attr(root, "title");
  a.objective          = parse_metric(str_attr(root, "objective"));
  if (root.attrExists("second_objective"))
    a.second = parse_metric(str_attr(root, "second_objective"));
  {
    H5::Attribute at = root.openAttribute("best");
    at.read(H5::PredType::NATIVE_INT, &a.best);
    long long runs = 0;
    H5::Attribute ar = root.openAttribute("runs");
    ar.read(H5::PredType::NATIVE_LLONG, &runs);
    a.runs = static_cast<size_t>(runs);
  }
  const H5::Group cons = f.openGroup("/constraints");
  const auto metric = h5::read_strings(cons, "metric"), of = h5::read_strings(cons, "of"),
             kind = h5::read_strings(cons, "kind"), limit = h5::read_strings(cons, "limit_text"),
             unit = h5::read_strings(cons, "unit");
  for (size_t k = 0; k < metric.size(); ++k)
    a.constraints.push_back({of[k].empty() ? metric[k] : metric[k] + " of " + of[k], unit[k], false, kind[k] == "at_most", limit[k]});
  const H5::Group ev = f.openGroup("/evaluations");
  const auto index   = h5::read_doubles(ev, "index");
  a.evaluations      = index.size();
  const auto on_front = h5::read_doubles(ev, "on_front");
  const auto first = h5::read_doubles(ev, "objective_mean");
  for (size_t i = 0; i < on_front.size(); ++i)
    if (on_front[i] == 1)
      a.front.push_back(i);
  std::stable_sort(a.front.begin(), a.front.end(), [&](size_t i, size_t j) { return first[i] < first[j]; });
  a.active = h5::read_strings(f.openGroup("/best"), "active");
  const H5::Group cg = f.openGroup("/combinations");
  const auto values = h5::read_strings(cg, "values"), stop = h5::read_strings(cg, "stop");
  const auto best = h5::read_doubles(cg, "best"), evals = h5::read_doubles(cg, "evaluations");
  for (size_t c = 0; c < values.size(); ++c) {
    std::string v = values[c];
    for (size_t p; (p = v.find("; ")) != std::string::npos;)
      v.replace(p, 2, ", ");
    a.combinations.push_back({v, stop[c], static_cast<int>(best[c]), static_cast<int>(evals[c])});
  }
  const auto errors = h5::read_strings(ev, "error");
  a.constraint_counts.assign(a.constraints.size(), {0, 0, 0, 0});
  for (size_t k = 0; k < a.constraints.size(); ++k) {
    const auto st = h5::read_doubles(ev, "constraint_" + std::to_string(k) + "_status");
    const auto mean = h5::read_doubles(ev, "constraint_" + std::to_string(k) + "_mean");
    for (size_t i = 0; i < st.size(); ++i)
      if (errors[i].empty()) {
        ++a.constraint_counts[k][static_cast<size_t>(st[i])];
        a.constraint_counts[k][3] += std::isnan(mean[i]);
      }
  }
  for (const auto& e : errors)
    if (!e.empty())
      a.first_error = a.failed++ == 0 ? e : a.first_error;
  const auto variables = h5::read_strings(f.openGroup("/optimise"), "variables");
  for (size_t i : rows_shown(a)) {
    AnswerRow row;
    for (const auto& name : variables) {
      const H5::DataSet ds = ev.openDataSet(name);
      if (ds.getDataType().getClass() == H5T_STRING)
        row.variables.push_back({name, h5::read_strings(ev, name).at(i)});
      else
        row.variables.push_back({name, shown(h5::read_doubles(ev, name).at(i), str_attr(ds, "units"))});
    }
    row.objective = interval_at(ev, "objective", i);
    if (a.second)
      row.second = interval_at(ev, "second", i);
    for (size_t k = 0; k < a.constraints.size(); ++k) {
      row.constraints.push_back(interval_at(ev, "constraint_" + std::to_string(k), i));
      row.status.push_back(static_cast<int>(h5::read_doubles(ev, "constraint_" + std::to_string(k) + "_status").at(i)));
    }
    a.rows[i] = row;
  }
  return a;
}

namespace {
std::string interval_text(const Interval& i, const std::string& unit)
{
  if (std::isnan(i.mean))
    return "no value in " + std::to_string(i.n) + " replications (a sink that never played)";
  return shown(i.mean, unit) + " ± " + shown(i.half_width, unit) + " (n = " + std::to_string(i.n) + ")";
}

std::string variables_text(const AnswerRow& r, const char* sep)
{
  std::string s;
  for (const auto& [path, value] : r.variables)
    s += (s.empty() ? "" : sep) + path + " = " + value;
  return s;
}

void print_design(const OptimiseAnswer& a, const AnswerRow& r)
{
  std::printf("  %s\n", variables_text(r, "\n  ").c_str());
  std::printf("  %s %s: %s\n", a.objective.maximise ? "maximised" : "minimised", a.objective.label.c_str(),
              interval_text(r.objective, a.objective.unit).c_str());
  if (a.second)
    std::printf("  %s %s: %s\n", a.second->maximise ? "maximised" : "minimised", a.second->label.c_str(),
                interval_text(r.second, a.second->unit).c_str());
  static const char* kWord[] = {"met", "violated", "undecided at max_replications"};
  for (size_t i = 0; i < a.constraints.size(); ++i) {
    const auto& c = a.constraints[i];
    const auto& v = r.constraints[i];
    std::printf("  %s: %s; %s %s: %s (95 %% %s bound %s)\n", c.label.c_str(), interval_text(v, c.unit).c_str(),
                c.at_most ? "at most" : "at least", c.limit_text.c_str(), kWord[r.status[i]], c.at_most ? "upper" : "lower",
                shown(c.at_most ? v.mean + v.half_width : v.mean - v.half_width, c.unit).c_str());
  }
}
}  // namespace

void print_answer(const OptimiseAnswer& a)
{
  std::printf("%s: %zu evaluations, %zu runs", a.title.c_str(), a.evaluations, a.runs);
  if (a.wall_s >= 0)
    std::printf(" (%zu from the store), %.1f s", a.stored_runs, a.wall_s);
  std::printf("\n");
  if (a.best < 0) {
    std::printf("no design meets every constraint; of the %zu designs evaluated:\n", a.evaluations);
    for (size_t k = 0; k < a.constraints.size(); ++k) {
      const auto& n = a.constraint_counts[k];
      std::printf("  %s %s %s: met in %d, violated in %d, undecided in %d%s\n", a.constraints[k].label.c_str(),
                  a.constraints[k].at_most ? "<=" : ">=", a.constraints[k].limit_text.c_str(), n[0], n[1], n[2],
                  n[3] > 0 ? ("; no value in " + std::to_string(n[3]) +
                              " (a sink that never played, or a quantity the scenario does not give: battery_h without "
                              "a battery)").c_str()
                           : "");
    }
    if (a.failed > 0)
      std::printf("  %d could not be run: %s\n", a.failed, a.first_error.c_str());
  } else {
    std::printf("best design (evaluation %d):\n", a.best);
    print_design(a, a.rows.at(static_cast<size_t>(a.best)));
    std::printf("limited by:%s\n", a.active.empty() ? " nothing at the end of the search (an interior optimum)" : "");
    for (const auto& x : a.active)
      std::printf("  %s\n", x.c_str());
  }
  if (a.combinations.size() > 1) {
    std::printf("per combination:\n");
    for (const auto& c : a.combinations)
      std::printf("  %-24s %s; %d designs asked, %s\n", c.values.c_str(),
                  c.best < 0 ? "no feasible design"
                             : ("best " + shown(a.rows.at(static_cast<size_t>(c.best)).objective.mean, a.objective.unit) +
                                " (evaluation " + std::to_string(c.best) + ")").c_str(),
                  c.evaluations, c.stop.c_str());
  } else if (!a.combinations.empty())
    std::printf("search: %d designs asked (a design asked again is not run again), %s\n", a.combinations[0].evaluations,
                a.combinations[0].stop.c_str());
  if (!a.front.empty() && a.second) {
    std::printf("Pareto front (%zu designs; %s vs %s):\n", a.front.size(), a.objective.label.c_str(), a.second->label.c_str());
    for (size_t i : a.front) {
      const auto& r = a.rows.at(i);
      std::printf("  %-14s %-14s  %s\n", shown(r.objective.mean, a.objective.unit).c_str(),
                  shown(r.second.mean, a.second->unit).c_str(), variables_text(r, "; ").c_str());
    }
  }
}

}  // namespace btlinksim::cli
