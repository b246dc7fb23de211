// The optimisation file's declared keys and its loader: every error located (file:line:column) with what to do.
#include "sim/optimise/optimise_file.hpp"

#include "sim/optimise/optimise_builder.hpp"
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

std::string number_with_unit(double v, const std::string& unit)
{
  return format_number(v) + (unit.empty() ? "" : " " + unit);
}


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
