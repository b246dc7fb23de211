// The optimisation file's declared keys and its loader: every error located (file:line:column) with what to do.
#include "sim/optimise/optimise_file.hpp"

#include "sim/optimise/region.hpp"
#include "sim/output/columns.hpp"
#include "sim/scenario/decl_helpers.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/sweep_where.hpp"
#include "sim/scenario/sweep_yaml.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace btlinksim {

int Optimisation::continuous_dims() const
{
  int d = 0;
  for (const auto& v : variables)
    d += v.dims();
  return d;
}

size_t Optimisation::offset(int j) const
{
  size_t d = 0;
  for (int i = 0; i < j; ++i)
    d += static_cast<size_t>(variables[static_cast<size_t>(i)].dims());
  return d;
}

size_t Optimisation::combinations() const
{
  size_t n = 1;
  for (const auto& v : variables)
    if (v.kind == OptVariable::Kind::discrete)
      n *= v.values.size();
  return n;
}

std::vector<std::string> Optimisation::combination(size_t c) const
{
  std::vector<std::string> out;
  for (size_t j = variables.size(); j-- > 0;)
    if (variables[j].kind == OptVariable::Kind::discrete) {
      out.push_back(variables[j].values[c % variables[j].values.size()]);
      c /= variables[j].values.size();
    }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string OptimisationLoad::format_errors() const
{
  LoadResult r;
  r.file   = file;
  r.errors = errors;
  return r.format_errors();
}

namespace {
std::string number_with_unit(double v, const std::string& unit)
{
  return format_number(v) + (unit.empty() ? "" : " " + unit);
}

// The dimension a unit belongs to (the first that accepts it), or nullopt.
std::optional<Dimension> dimension_of_unit(const std::string& unit)
{
  for (Dimension d : {Dimension::length, Dimension::time, Dimension::frequency, Dimension::power, Dimension::level,
                      Dimension::drift, Dimension::bitrate, Dimension::speed, Dimension::current, Dimension::voltage,
                      Dimension::charge, Dimension::fraction}) {
    const auto u = accepted_units(d);
    if (std::find(u.begin(), u.end(), unit) != u.end())
      return d;
  }
  return std::nullopt;
}

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

class OptimisationBuilder {
public:
  OptimisationBuilder(const std::string& path, std::string text) : L(path)
  {
    o.file = path;
    o.text = std::move(text);
  }
  YamlReader L;
  Optimisation o;

  void read_top(const YAML::Node& doc);
  void read_variables();
  void read_objectives();
  void read_constraints();
  void check_designs();

private:
  Fields top_;
  YAML::Node doc_, base_;
  std::optional<Scenario> base_scenario_;

  void read_continuous(OptVariable& v, const YAML::Node& k, const YAML::Node& n);
  void read_region(OptVariable& v, const YAML::Node& k, const YAML::Node& n);
  bool resolve_metric(OptMetric& m, const YAML::Node& at, const std::string& what);
  std::optional<OptObjective> read_objective(const YAML::Node& n, const std::string& path);
};

void OptimisationBuilder::read_top(const YAML::Node& doc)
{
  const ParamTable& t = optimise_table();
  doc_                = doc;
  top_                = L.fields(doc, t, "optimise");
  o.title             = top_.count("optimise") ? top_.at("optimise").Scalar() : o.file;
  auto count = [&](const char* key) { return L.value(top_, t, key, "optimise"); };
  if (auto v = count("replications"))
    o.replications = static_cast<int>(v->number);
  if (auto v = count("max_replications"))
    o.max_replications = static_cast<int>(v->number);
  if (o.max_replications < o.replications)
    L.error(top_.count("max_replications") ? L.loc(top_.at("max_replications")) : L.loc(doc),
            "optimise.max_replications (" + std::to_string(o.max_replications) + ") is below replications (" +
                std::to_string(o.replications) + "); raise it or lower replications");
  if (auto v = count("seed"))
    o.seed = static_cast<std::uint64_t>(v->number);
  if (auto v = count("method"))
    o.method = v->word;
  if (auto v = count("max_evaluations"))
    o.max_evaluations = static_cast<int>(v->number);
  if (auto v = count("starts"))
    o.starts = static_cast<int>(v->number);
  if (auto v = count("tolerance"))
    o.tolerance = v->number;
  if (auto v = count("pareto_points"))
    o.pareto_points = static_cast<int>(v->number);
  const Fields r = L.section(top_, "range", optimise_range_table(), "optimise.range");
  auto range_value = [&](const char* key, double& target) {
    if (auto v = L.value(r, optimise_range_table(), key, "optimise.range"))
      target = v->number;
  };
  range_value("min", o.range.min_m);
  range_value("max", o.range.max_m);
  range_value("tolerance", o.range.tolerance_m);
  range_value("max_dropouts_per_min", o.range.max_dropouts_per_min);
  if (r.count("from"))
    o.range.from = r.at("from").Scalar();
  if (o.range.max_m <= o.range.min_m)
    L.error(top_.at("range"), "optimise.range: max must exceed min");
  if (top_.count("output")) {
    o.output       = top_.at("output").Scalar();
    o.output_where = L.loc(top_.at("output"));
  }
  if (!top_.count("base"))
    return;
  o.base_file = (std::filesystem::path(o.file).parent_path() / top_.at("base").Scalar()).lexically_normal().string();
  LoadResult b = load_scenario_file(o.base_file);
  if (!b.scenario) {
    for (const auto& e : b.errors)
      L.error(top_.at("base"), "optimise.base '" + o.base_file + "': " +
                                   format_diagnostic(e.file.empty() ? o.base_file : e.file, e.where, e.message) +
                                   " (fix the base scenario; its path is relative to the optimisation file)");
    if (b.errors.empty())
      L.error(top_.at("base"), "optimise.base '" + o.base_file + "' cannot be loaded");
    return;
  }
  std::string why;
  o.base_text    = *read_input_file(o.base_file, "scenario", why);
  base_          = YAML::Load(o.base_text);
  base_scenario_ = std::move(b.scenario);
}

void OptimisationBuilder::read_continuous(OptVariable& v, const YAML::Node& k, const YAML::Node& n)
{
  const std::string p = "optimise.variables." + k.Scalar();
  std::string ua, ub;
  if (!n["from"] || !n["to"] || n.size() != 2 || !split_quantity(n["from"].Scalar(), v.lo, ua) ||
      !split_quantity(n["to"].Scalar(), v.hi, ub) || ua != ub) {
    L.error(n, p + ": a number in bounds is { from: A, to: B } with one unit, e.g. { from: 1 m, to: 9 m }");
    return;
  }
  if (!std::isfinite(v.lo) || !std::isfinite(v.hi) || !(v.lo < v.hi)) {
    L.error(n, p + ": from must be a finite number below to");
    return;
  }
  v.unit = ua;
  if (const auto d = dimension_of_unit(ua))
    v.to_canonical = parse_quantity("1 " + ua, *d, true).value;
}

void OptimisationBuilder::read_region(OptVariable& v, const YAML::Node& k, const YAML::Node& n)
{
  const std::string p = "optimise.variables." + k.Scalar();
  v.kind              = OptVariable::Kind::region;
  v.unit              = "m";
  if (n.size() != 1 || !n["inside"].IsSequence() || n["inside"].size() < 3) {
    L.error(n, p + ": a region is { inside: [[x, y], ...] } with at least three corners, e.g. "
                   "{ inside: [[0 m, 0 m], [4 m, 0 m], [4 m, 3 m]] }");
    return;
  }
  for (const auto& c : n["inside"]) {
    const auto xy = L.numbers(c, Dimension::length, 2, p + ".inside", "[2 m, 1 m]");
    if (!xy)
      return;
    v.polygon.push_back({(*xy)[0], (*xy)[1]});
  }
  if (!(std::fabs(polygon_area(v.polygon)) > 1e-9))
    L.error(n, p + ": the region's corners enclose no area; give the corners of a polygon in order");
}

void OptimisationBuilder::read_variables()
{
  if (!top_.count("variables"))
    return;
  for (const auto& [k, n] : L.named_entries(top_.at("variables"), "optimise variable")) {
    OptVariable v;
    v.path  = k.Scalar();
    v.where = L.loc(k);
    if (parse_path(v.path).empty())
      L.error(k, "optimise.variables: '" + v.path + "' is not a path; write e.g. devices.left.position[0]");
    if (n.IsSequence()) {
      v.kind = OptVariable::Kind::discrete;
      for (const auto& x : n)
        v.values.push_back(yaml_text(x));
      if (v.values.empty())
        L.error(n, "optimise.variables." + v.path + ": an empty list of values; give at least one");
    } else if (n.IsMap() && n["inside"])
      read_region(v, k, n);
    else if (n.IsMap())
      read_continuous(v, k, n);
    else
      L.error(n, "optimise.variables." + v.path + ": give [values], { from: A, to: B } or { inside: [[x, y], ...] }");
    for (const auto& w : o.variables)
      if (paths_overlap(parse_path(w.path), parse_path(v.path)))
        L.error(k, "optimise.variables: '" + v.path + "' and '" + w.path + "' (line " + std::to_string(w.where.line) +
                       ") set the same value; drop one");
    o.variables.push_back(v);
  }
  if (o.variables.empty())
    L.error(top_.count("variables") ? L.loc(top_.at("variables")) : Location{1, 1},
            "optimise.variables: no variable; give at least one, e.g. audio.playout_delay: { from: 40 ms, to: 300 ms }");
  if (o.combinations() > 10000)
    L.error(top_.at("variables"), "optimise.variables: " + std::to_string(o.combinations()) +
                                      " combinations of the listed values; at most 10000 (list fewer values)");
}

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

// The base at its own values, and every combination of the discrete values at the centre of the bounds: a path
// that does not exist or a value the scenario refuses is reported here, before anything runs.
void OptimisationBuilder::check_designs()
{
  std::vector<double> centre;
  for (const auto& v : o.variables) {
    if (v.kind == OptVariable::Kind::continuous)
      centre.push_back((v.lo + v.hi) / 2);
    if (v.kind == OptVariable::Kind::region) {
      const auto c = region_start(v.polygon);
      centre.insert(centre.end(), c.begin(), c.end());
    }
  }
  const size_t n = std::min<size_t>(o.combinations(), 64);
  for (size_t c = 0; c < n; ++c) {
    std::string why;
    const std::string text = design_text(o, c, centre, why);
    if (text.empty()) {
      L.error(top_.at("variables"), "optimise.variables: " + why);
      return;
    }
    const LoadResult r = load_scenario_text(text, o.base_file);
    std::string values;
    for (const auto& v : o.combination(c))
      values += (values.empty() ? "" : ", ") + v;
    for (const auto& e : r.errors)
      L.error(top_.at("variables"), "optimise.variables: the design " + (values.empty() ? "" : "with " + values + " ") +
                                        "at the centre of the bounds: " + e.message);
    if (!r.errors.empty())
      return;
  }
}
}  // namespace

std::string design_text(const Optimisation& o, size_t combo, const std::vector<double>& x, std::string& error)
{
  YAML::Node root   = YAML::Load(o.base_text);
  const auto values = o.combination(combo);
  size_t d = 0, k = 0;
  auto set = [&](const std::string& path, const YAML::Node& value) {
    if (!error.empty())
      return;
    if (const std::string why = set_at(root, parse_path(path), 0, value); !why.empty())
      error = path + ": " + why + " in the base scenario; fix the path";
  };
  for (const auto& v : o.variables)
    if (v.kind == OptVariable::Kind::discrete)
      set(v.path, YAML::Load(values[k++]));
    else if (v.kind == OptVariable::Kind::continuous)
      set(v.path, YAML::Node(number_with_unit(x.at(d++), v.unit)));
    else {
      set(v.path + "[0]", YAML::Node(number_with_unit(x.at(d), "m")));
      set(v.path + "[1]", YAML::Node(number_with_unit(x.at(d + 1), "m")));
      d += 2;
    }
  if (!error.empty())
    return "";
  root["replications"] = o.max_replications;  // the same text (run-store key) whatever replications an evaluation needs
  root["seed"]         = o.seed;
  root.remove("output");
  YAML::Emitter e;
  e << root;
  return e.c_str();
}

OptimisationLoad load_optimisation_file(const std::string& path)
{
  OptimisationLoad out;
  out.file = path;
  std::string why;
  auto text = read_input_file(path, "optimisation", why);
  if (!text) {
    out.errors.push_back({{}, why});
    return out;
  }
  OptimisationBuilder b(path, std::move(*text));
  const auto doc = parse_single_document(b.o.text, "", out.errors, YamlProbe::always);
  if (!doc)
    return out;
  b.read_top(*doc);
  b.read_variables();
  b.read_objectives();
  b.read_constraints();
  if (b.L.errors.empty())
    b.check_designs();
  out.errors = b.L.errors;
  if (out.errors.empty())
    out.opt = std::move(b.o);
  return out;
}

}  // namespace btlinksim
