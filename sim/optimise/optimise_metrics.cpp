// The optimisation file's objectives and constraints: what each metric is, checked against the base scenario.
#include "sim/optimise/optimise_builder.hpp"

#include "sim/output/columns.hpp"
#include "sim/scenario/decl_helpers.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/sweep_where.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <algorithm>
#include <cmath>

namespace btlinksim {

namespace {
// A limit in a column's declared unit: quantities by their dimension (200 ms for a column in s); counts and rates as
// plain numbers (the unit may follow, as written in the column: 0.1/min); a share also as a percentage (5 %).
std::optional<double> limit_in_unit(const std::string& text, const std::string& unit, std::string& error)
{
  double v = 0;
  std::string u;
  if (!split_quantity(text, v, u) || !std::isfinite(v)) {
    error = "'" + text + "' is not a number";
    return std::nullopt;
  }
  const auto dim = dimension_of_unit(unit == "h" ? "s" : unit);
  if (unit == "1" && u == "%")  // a share (per) as a percentage
    return v / 100;
  if (!dim || unit == "1" || unit == "1/min") {
    if (!u.empty() && u != unit && !(unit == "1/min" && u == "/min")) {
      error = "'" + text + "': the metric is in " + (unit == "1" ? "plain numbers" : unit) + "; write e.g. " +
              number_with_unit(v, unit == "1" || unit == "1/min" ? "" : unit);
      return std::nullopt;
    }
    return v;
  }
  const ParsedQuantity q = parse_quantity(text, *dim, true);
  if (!q.ok()) {
    error = q.error;
    return std::nullopt;
  }
  return unit == "h" ? q.value / 3600 : q.value;
}
}  // namespace

// What a metric is: a variable, range, or a column of one of the run's tables; `of` checked against the base.
bool OptimisationBuilder::resolve_metric(OptMetric& m, const YAML::Node& at, const std::string& what)
{
  m.where = L.loc(at);
  for (size_t j = 0; j < o.variables.size(); ++j) {
    const auto& v = o.variables[j];
    const bool region_axis = v.kind == OptVariable::Kind::region &&
                             (m.metric == v.path + "[0]" || m.metric == v.path + "[1]");
    if (m.metric == v.path || region_axis) {
      if (v.kind != OptVariable::Kind::continuous && !region_axis) {
        L.error(at, what + ": '" + m.metric + "' is a " + (v.kind == OptVariable::Kind::region ? "region; name " + v.path + "[0] or [1]" : "list of values, not a number"));
        return false;
      }
      m.source   = OptMetric::Source::variable;
      m.variable = static_cast<int>(j);
      m.dim      = region_axis && m.metric.back() == ']' && m.metric[m.metric.size() - 2] == '1';
      m.unit     = v.unit;
      return true;
    }
  }
  const bool named = !m.of.empty();
  auto device_known = [&](const std::string& name) { return base_scenario_ && base_scenario_->device_index(name) >= 0; };
  if (m.metric == "range") {
    m.source = OptMetric::Source::range;
    m.unit   = "m";
    if (!named || !device_known(m.of)) {
      L.error(at, what + ": range needs of: a speaker of the base scenario (the one moved), e.g. of: right");
      return false;
    }
    return true;
  }
  const bool link = m.of.find("->") != std::string::npos;
  const ColumnDecl* c = nullptr;
  for (auto [src, t] : {std::pair{OptMetric::Source::sinks, &sinks_columns()}, {OptMetric::Source::devices, &devices_columns()},
                        {OptMetric::Source::links, &links_columns()}})
    if (!c && (src == OptMetric::Source::links) == link)
      if ((c = t->find(m.metric)))
        m.source = src;
  if (!c || m.metric == "replication") {
    L.error(at, what + ": '" + m.metric + "' is not " + optimise_metric_help() +
                    (link ? " (of: a->b names a link: a column of the links table)" : ""));
    return false;
  }
  if (!c->categories.empty() || c->unit == "text") {
    L.error(at, what + ": " + m.metric + " is a category, not a quantity; constrain or optimise a number");
    return false;
  }
  m.unit = c->unit;
  const size_t arrow = m.of.find("->");
  if (!named)
    L.error(at, what + ": " + m.metric + " needs of: the sink, device or link (a->b) it is read from");
  else if (link ? !device_known(m.of.substr(0, arrow)) || !device_known(m.of.substr(arrow + 2)) : !device_known(m.of))
    L.error(at, what + ": of: '" + m.of + "' is not a device (or link a->b) of the base scenario");
  return named;
}

std::optional<OptObjective> OptimisationBuilder::read_objective(const YAML::Node& n, const std::string& path)
{
  const Fields f = L.fields(n, optimise_objective_table(), path);
  if (f.count("maximise") == f.count("minimise")) {
    L.error(n, path + ": give exactly one of maximise and minimise, e.g. { maximise: range, of: right }");
    return std::nullopt;
  }
  OptObjective ob;
  ob.maximise = f.count("maximise") > 0;
  ob.metric   = f.at(ob.maximise ? "maximise" : "minimise").Scalar();
  ob.of       = f.count("of") ? f.at("of").Scalar() : "";
  if (!resolve_metric(ob, f.at(ob.maximise ? "maximise" : "minimise"), path))
    return std::nullopt;
  return ob;
}

void OptimisationBuilder::read_objectives()
{
  if (!base_scenario_)
    return;
  const bool has_objective = top_.count("objective") > 0, has_pareto = top_.count("pareto") > 0;
  if (has_objective == has_pareto) {
    L.error(has_pareto ? L.loc(top_.at("pareto")) : L.loc(doc_),
            "optimise: give an objective (one metric) or pareto (two), not " +
                std::string(has_objective ? "both" : "neither"));
    return;
  }
  if (has_objective) {
    if (auto ob = read_objective(top_.at("objective"), "optimise.objective"))
      o.objective = *ob;
    return;
  }
  const YAML::Node p = top_.at("pareto");
  for (size_t i = 0; i < p.size(); ++i)
    if (auto ob = read_objective(p[i], "optimise.pareto[" + std::to_string(i) + "]"))
      o.pareto.push_back(*ob);
  if (o.pareto.size() == 2) {
    o.objective = o.pareto[0];
    if (o.pareto[0].label() == o.pareto[1].label())
      L.error(p, "optimise.pareto: the two objectives are the same metric; name two different ones");
  }
}

void OptimisationBuilder::read_constraints()
{
  if (!base_scenario_ || !top_.count("constraints"))
    return;
  const YAML::Node cs = top_.at("constraints");
  for (size_t i = 0; i < cs.size(); ++i) {
    const std::string path = "optimise.constraints[" + std::to_string(i) + "]";
    const Fields f         = L.fields(cs[i], optimise_constraint_table(), path);
    if (!f.count("metric"))
      continue;
    OptConstraint c;
    c.metric = f.at("metric").Scalar();
    c.of     = f.count("of") ? f.at("of").Scalar() : "";
    if (f.count("at_most") == f.count("at_least")) {
      L.error(cs[i], path + ": give exactly one of at_most and at_least, e.g. at_most: 0.1");
      continue;
    }
    if (!resolve_metric(c, f.at("metric"), path))
      continue;
    c.at_most          = f.count("at_most") > 0;
    const YAML::Node l = f.at(c.at_most ? "at_most" : "at_least");
    c.limit_text       = l.Scalar();
    std::string why;
    if (c.source == OptMetric::Source::variable) {
      L.error(f.at("metric"), path + ": " + c.metric + " is a variable: narrow its from/to instead of constraining it");
      continue;
    }
    if (auto v = limit_in_unit(c.limit_text, c.unit, why))
      c.limit = *v;
    else {
      L.error(l, path + ": " + why);
      continue;
    }
    o.constraints.push_back(c);
  }
  if (o.method == "bobyqa" && (!o.constraints.empty() || !o.pareto.empty() ||
                               std::any_of(o.variables.begin(), o.variables.end(),
                                           [](const OptVariable& v) { return v.kind == OptVariable::Kind::region; })))
    L.error(top_.at("method"), "optimise.method: bobyqa takes bounds only; with constraints, a region or a Pareto "
                               "front use cobyla");
}

}  // namespace btlinksim
