#include "sim/optimise/optimise_writer.hpp"

#include "sim/common/sha256.hpp"
#include "sim/output/h5_helpers.hpp"

#include <cmath>

namespace btlinksim {

std::vector<std::string> continuous_names(const Optimisation& o)
{
  std::vector<std::string> names;
  for (const auto& v : o.variables)
    if (v.kind == OptVariable::Kind::continuous)
      names.push_back(v.path);
    else if (v.kind == OptVariable::Kind::region) {
      names.push_back(v.path + "[0]");
      names.push_back(v.path + "[1]");
    }
  return names;
}

std::vector<std::string> variable_columns(const Optimisation& o)
{
  std::vector<std::string> names;
  for (const auto& v : o.variables)
    if (v.kind == OptVariable::Kind::region) {
      names.push_back(v.path + "[0]");
      names.push_back(v.path + "[1]");
    } else
      names.push_back(v.path);
  return names;
}

namespace {
const std::vector<std::string> kStatus{"met", "violated", "undecided"};

std::string direction(const OptObjective& ob) { return ob.maximise ? "maximise" : "minimise"; }

void write_constraints(H5::H5File& f, const Optimisation& o)
{
  H5::Group g = f.createGroup("/constraints");
  h5::str_attr(g, "description", "one row per constraint: the metric, what it is read from, the limit of its 95 % bound");
  std::vector<std::string> metric, of, kind, limit_text, unit;
  std::vector<double> limit;
  for (const auto& c : o.constraints) {
    metric.push_back(c.metric);
    of.push_back(c.of);
    kind.push_back(c.at_most ? "at_most" : "at_least");
    limit.push_back(c.limit);
    limit_text.push_back(c.limit_text);
    unit.push_back(c.unit);
  }
  h5::write_strings(g, "metric", metric);
  h5::write_strings(g, "of", of);
  h5::write_strings(g, "kind", kind);
  h5::write_doubles(g, "limit", limit, {"limit", "(unit)", "the limit in the metric's unit (see unit)"});
  h5::write_strings(g, "limit_text", limit_text);
  h5::write_strings(g, "unit", unit);
}

void write_evaluations(H5::H5File& f, const Optimisation& o, const OptimiseResult& r)
{
  H5::Group g = f.createGroup("/evaluations");
  h5::str_attr(g, "description", "one row per design evaluated, in the order the search asked for them");
  const auto& E = r.evaluations;
  auto column   = [&](const std::string& name, const std::string& unit, const std::string& meaning, auto get) {
    std::vector<double> v;
    for (const auto& e : E)
      v.push_back(get(e));
    h5::write_doubles(g, name, v, {name, unit, meaning});
  };
  column("index", "1", "evaluation index", [](const Evaluation& e) { return double(e.index); });
  column("combination", "1", "combination of the discrete values (row of /combinations)",
         [](const Evaluation& e) { return double(e.combination); });
  const auto names = continuous_names(o);
  for (size_t d = 0; d < names.size(); ++d) {
    size_t j = 0, off = 0;
    while (off + static_cast<size_t>(o.variables[j].dims()) <= d)
      off += static_cast<size_t>(o.variables[j++].dims());
    column(names[d], o.variables[j].unit, "value of the variable " + names[d],
           [d](const Evaluation& e) { return e.x.size() > d ? e.x[d] : std::nan(""); });
  }
  for (const auto& v : o.variables)
    if (v.kind == OptVariable::Kind::discrete) {
      std::vector<std::string> t;
      size_t k = 0;
      for (const auto& w : o.variables)
        if (&w == &v)
          break;
        else
          k += w.kind == OptVariable::Kind::discrete;
      for (const auto& e : E)
        t.push_back(o.combination(e.combination)[k]);
      const ColumnDecl decl{v.path, "text", "value of the variable " + v.path + " (YAML)"};
      h5::write_strings(g, v.path, t, &decl);
    }
  column("replications", "1", "replications run for the design", [](const Evaluation& e) { return double(e.replications); });
  auto interval_columns = [&](const std::string& prefix, const OptMetric& m, auto get) {
    column(prefix + "_mean", m.unit, m.label() + ": mean over the replications", [&](const Evaluation& e) { return get(e).mean; });
    column(prefix + "_ci95", m.unit, m.label() + ": 95 % Student-t half-width", [&](const Evaluation& e) { return get(e).half_width; });
    column(prefix + "_n", "1", m.label() + ": replications with a value", [&](const Evaluation& e) { return double(get(e).n); });
  };
  interval_columns("objective", o.objective, [](const Evaluation& e) { return e.objective; });
  if (o.pareto.size() == 2)
    interval_columns("second", o.pareto[1], [](const Evaluation& e) { return e.second; });
  for (size_t i = 0; i < o.constraints.size(); ++i) {
    const std::string p = "constraint_" + std::to_string(i);
    auto value          = [i](const Evaluation& e) { return e.constraint_values.size() > i ? e.constraint_values[i] : Interval{std::nan(""), std::nan(""), 0}; };
    interval_columns(p, o.constraints[i], value);
    std::vector<double> st;
    for (const auto& e : E)
      st.push_back(e.status.size() > i ? static_cast<double>(e.status[i]) : 1.0);
    h5::write_doubles(g, p + "_status", st,
                      {p + "_status", "0=met,1=violated,2=undecided",
                       "the decision on the 95 % bound (a category, not a quantity)", kStatus});
  }
  column("region_distance_m", "m", "largest signed distance of a position to its region (> 0: outside)",
         [](const Evaluation& e) { return e.region_distance_m; });
  column("feasible", "1", "1: no error, inside every region, every constraint met", [](const Evaluation& e) { return double(e.feasible); });
  std::vector<double> front(E.size(), 0.0);
  for (size_t i : r.front)
    front[i] = 1;
  h5::write_doubles(g, "on_front", front, {"on_front", "1", "1: on the Pareto front (pareto files only)"});
  std::vector<std::string> err;
  for (const auto& e : E)
    err.push_back(e.error);
  h5::write_strings(g, "error", err);
}

void write_combinations(H5::H5File& f, const Optimisation& o, const OptimiseResult& r)
{
  H5::Group g = f.createGroup("/combinations");
  h5::str_attr(g, "description", "one row per combination of the discrete values: its best design and its search");
  std::vector<double> idx, best, evals;
  std::vector<std::string> values, stop;
  for (const auto& c : r.combinations) {
    idx.push_back(static_cast<double>(c.combination));
    best.push_back(c.best);
    evals.push_back(c.evaluations);
    std::string v;
    for (const auto& x : o.combination(c.combination))
      v += (v.empty() ? "" : "; ") + x;
    values.push_back(v);
    stop.push_back(c.stop);
  }
  h5::write_doubles(g, "index", idx, {"index", "1", "combination index"});
  h5::write_strings(g, "values", values);
  h5::write_doubles(g, "best", best, {"best", "1", "evaluation index of its best feasible design (-1: none)"});
  h5::write_doubles(g, "evaluations", evals, {"evaluations", "1", "evaluations its search asked for"});
  h5::write_strings(g, "stop", stop);
}
}  // namespace

void write_optimise_hdf5(const std::string& path, const Optimisation& o, const OptimiseResult& r)
{
  h5::write_atomically(path, [&](H5::H5File& f) {
    H5::Group root = f.openGroup("/");
    h5::write_provenance(root, "btlinksim-optimise", 1, o.title, o.file);
    h5::str_attr(root, "optimise_file", o.file);
    h5::str_attr(root, "optimise_sha256", sha256_hex(o.text));
    h5::str_attr(root, "base_file", o.base_file);
    h5::str_attr(root, "objective", direction(o.objective) + " " + o.objective.label() + " [" + o.objective.unit + "]");
    if (o.pareto.size() == 2)
      h5::str_attr(root, "second_objective", direction(o.pareto[1]) + " " + o.pareto[1].label() + " [" + o.pareto[1].unit + "]");
    h5::str_attr(root, "method", o.method);
    h5::num_attr(root, "best", r.best, H5::PredType::NATIVE_INT);
    h5::num_attr(root, "runs", static_cast<long long>(r.runs), H5::PredType::NATIVE_LLONG);
    H5::Group src = f.createGroup("/optimise");
    h5::write_strings(src, "text", {o.text});
    h5::write_strings(src, "base_text", {o.base_text});
    h5::write_strings(src, "variables", variable_columns(o));
    write_constraints(f, o);
    write_evaluations(f, o, r);
    write_combinations(f, o, r);
    H5::Group best = f.createGroup("/best");
    h5::str_attr(best, "description", "the best feasible design: its scenario and what limits it (empty if none)");
    h5::write_strings(best, "scenario", {r.best >= 0 ? r.evaluations[r.best].text : ""});
    h5::write_strings(best, "active", r.active);
  });
}

}  // namespace btlinksim
