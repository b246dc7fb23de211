#include "sim/scenario/sweep.hpp"
#include "sim/scenario/sweep_where.hpp"

#include "sim/scenario/decl_helpers.hpp"
#include "sim/scenario/yaml_reader.hpp"
#include "sim/scenario/input_file.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace btlinksim {

namespace {
using namespace decl;
}  // namespace

const ParamTable& sweep_table()
{
  static const ParamTable t{
      "sweep",
      "Sweep file (scenarios/sweeps/*.yaml): a base scenario and the parameters that vary",
      {text_decl("sweep", "(file name)", "title of the sweep"),
       text_decl("base", "", "the base scenario file (relative to the sweep file)"),
       map_decl("parameters", "path in the scenario: [values] or { from, to, step } (a list value may be a whole sub-tree)"),
       list_decl("zip", Dimension::dimensionless, 0, "(none)", "groups of parameters that vary together, e.g. [[a, b]]"),
       {"replications", Dimension::count, "(the base's)", 1, 1000, {}, "replications of every point (common random numbers)"},
       {"seed", Dimension::count, "(the base's)", 0, 9007199254740992.0, {}, "master seed of every run"},
       text_decl("where", "(none)",
                 "keep only the points where this holds, e.g. 'devices.right.position[0] <= 20 m or topology.kind == relay' "
                 "(comparisons == != < <= > >=, and, or, not, parentheses; docs/sweeps.md)"),
       text_decl("output", "(none)", "the sweep's one HDF5 result file")}};
  return t;
}

namespace {

void set_flow_style(YAML::Node n)
{
  if (n.IsSequence() || n.IsMap())
    n.SetStyle(YAML::EmitterStyle::Flow);
  if (n.IsSequence())
    for (YAML::Node x : n)
      set_flow_style(x);
  else if (n.IsMap())
    for (auto kv : n)
      set_flow_style(kv.second);
}

// A value as one line of flow YAML, whatever style the file wrote it in (a block map in a sweep file is recorded
// and shown as {kind: relay, ...}, as the same map in flow style).
std::string yaml_text(const YAML::Node& n)
{
  YAML::Node flow = YAML::Clone(n);
  set_flow_style(flow);
  YAML::Emitter e;
  e << YAML::Flow << flow;
  return e.c_str();
}

std::string format_number(double v)
{
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

// The values of one parameter: a list of YAML nodes, or a { from, to, step } range (same unit for all three).
std::vector<YAML::Node> parameter_values(YamlReader& L, const YAML::Node& k, const YAML::Node& v)
{
  std::vector<YAML::Node> out;
  const std::string p = "sweep.parameters." + k.Scalar();
  if (v.IsSequence()) {
    for (const auto& x : v)
      out.push_back(YAML::Clone(x));
    if (out.empty())
      L.error(v, p + ": an empty list of values; give at least one");
    return out;
  }
  if (!v.IsMap() || !v["from"] || !v["to"] || !v["step"]) {
    L.error(v, p + ": give a list of values, e.g. [1, 2], or a range { from: 1 m, to: 30 m, step: 1 m }");
    return out;
  }
  double a = 0, b = 0, st = 0;
  std::string ua, ub, us;
  if (!split_quantity(v["from"].Scalar(), a, ua) || !split_quantity(v["to"].Scalar(), b, ub) ||
      !split_quantity(v["step"].Scalar(), st, us) || ua != ub || ua != us) {
    L.error(v, p + ": from, to and step must be numbers with the same unit, e.g. { from: 1 m, to: 30 m, step: 1 m }");
    return out;
  }
  if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(st)) {  // nan or inf made a range of no value (issue 23)
    L.error(v, p + ": from, to and step must be finite numbers, e.g. { from: 1 m, to: 30 m, step: 1 m }");
    return out;
  }
  if (!(st > 0) || b < a) {
    L.error(v, p + ": an empty range; from must not exceed to and the step must be positive");
    return out;
  }
  // The count in floating point first: a tiny step (1e-300 s) overflowed the integer conversion to a range of none.
  const double count = std::floor((b - a) / st + 1e-9) + 1;
  if (!(count <= 100001)) {
    char c[32];
    std::snprintf(c, sizeof c, "%.3g", count);
    L.error(v, p + ": " + c + " values; a sweep takes at most 100001 per parameter: give a larger step");
    return out;
  }
  const auto n = static_cast<long long>(count) - 1;
  for (long long i = 0; i <= n; ++i)
    out.push_back(YAML::Node(format_number(a + static_cast<double>(i) * st) + (ua.empty() ? "" : " " + ua)));
  return out;
}

// A path "devices.right.position[0]" as steps: keys (or "*" for every key of a map) and list indices.
struct Step {
  std::string key;
  int index = -1;  // >= 0: a list index
};
std::vector<Step> parse_path(const std::string& path)
{
  std::vector<Step> steps;
  std::string cur;
  for (size_t i = 0; i <= path.size(); ++i) {
    const char c = i < path.size() ? path[i] : '.';
    if (c == '.' || c == '[') {
      if (!cur.empty())
        steps.push_back({cur});
      cur.clear();
      if (c == '[') {
        const size_t close = path.find(']', i);
        if (close == std::string::npos)
          return {};
        const std::string digits = path.substr(i + 1, close - i - 1);  // an index is 1 to 6 digits, nothing else
        if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
          return {};  // (std::stoi threw on "[x]": found by the fuzzer)
        steps.push_back({"", std::stoi(digits)});
        i = close;
      }
    } else {
      cur += c;
    }
  }
  return steps;
}

// Whether two paths can reach one place: step by step over the shorter, equal keys or a wildcard on either side,
// equal list indices (a path that ends early sets everything below it).
bool paths_overlap(const std::vector<Step>& a, const std::vector<Step>& b)
{
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if ((a[i].index >= 0) != (b[i].index >= 0))
      return false;
    if (a[i].index >= 0 ? a[i].index != b[i].index : a[i].key != b[i].key && a[i].key != "*" && b[i].key != "*")
      return false;
  }
  return true;
}

// Sets value at the path inside node (wildcards fan out); returns what went wrong, or "".
std::string set_at(YAML::Node node, const std::vector<Step>& steps, size_t i, const YAML::Node& value)
{
  const Step& s = steps[i];
  const bool last = i + 1 == steps.size();
  if (s.index >= 0) {
    if (!node.IsSequence() || s.index >= static_cast<int>(node.size()))
      return "[" + std::to_string(s.index) + "] is not an element of a list there";
    if (last) {
      node[s.index] = YAML::Clone(value);
      return "";
    }
    return set_at(node[s.index], steps, i + 1, value);
  }
  if (!node.IsMap() && !node.IsNull())
    return "'" + s.key + "' is below a value that is not a map";
  if (s.key == "*") {
    if (!node.IsMap() || node.size() == 0)
      return "'*' needs a map of keys there";
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string why = last ? "" : set_at(it->second, steps, i + 1, value);
      if (last)
        it->second = YAML::Clone(value);
      if (!why.empty())
        return why;
    }
    return "";
  }
  if (last) {
    node[s.key] = YAML::Clone(value);
    return "";
  }
  if (!node[s.key])
    node[s.key] = YAML::Node(YAML::NodeType::Map);
  return set_at(node[s.key], steps, i + 1, value);
}

// The scalar at a path (no wildcards) for a where constraint; nullopt if the scenario has nothing there.
std::optional<std::string> scalar_at(const YAML::Node& root, const std::string& path, std::string& error)
{
  const auto steps = parse_path(path);
  if (steps.empty()) {
    error = "'" + path + "' is not a path; write e.g. devices.right.position[0]";
    return std::nullopt;
  }
  YAML::Node n;
  n.reset(root);  // reset, not =: assigning a yaml-cpp node overwrites the node it refers to
  for (const auto& s : steps) {
    const YAML::Node& c = n;  // const access never inserts keys
    if (s.index >= 0 ? !c.IsSequence() || s.index >= static_cast<int>(c.size()) : !c.IsMap() || !c[s.key])
      return std::nullopt;
    n.reset(s.index >= 0 ? c[s.index] : c[s.key]);
  }
  if (!n.IsScalar()) {
    error = "'" + path + "' is " + yaml_text(n) + ", not a single value; name a key inside it";
    return std::nullopt;
  }
  return n.Scalar();
}

}  // namespace

std::vector<std::string> Sweep::point_values(size_t k) const
{
  std::vector<std::string> out(parameters.size());
  size_t n = kept.at(k);
  for (size_t d = pick_dims.size(); d-- > 0;) {
    for (size_t j : pick_dims[d].first)
      out[j] = parameters[j].values[n % pick_dims[d].second];
    n /= pick_dims[d].second;
  }
  return out;
}

std::string SweepLoad::format_errors() const
{
  LoadResult r;
  r.file   = file;
  r.errors = errors;
  return r.format_errors();
}

SweepLoad load_sweep_file(const std::string& path, bool load_points)
{
  SweepLoad out;
  out.file = path;
  Sweep sw;
  sw.file = path;
  std::string why;
  if (auto text = read_input_file(path, "sweep", why)) {
    sw.text = std::move(*text);
  } else {
    out.errors.push_back({{}, why});
    return out;
  }
  const auto doc = parse_single_document(sw.text, "", out.errors, YamlProbe::always);
  if (!doc)
    return out;
  YamlReader L(path);
  const Fields top = L.fields(*doc, sweep_table(), "sweep");
  sw.title = top.count("sweep") ? top.at("sweep").Scalar() : path;
  if (auto v = L.value(top, sweep_table(), "replications", "sweep"))
    sw.replications = static_cast<int>(v->number);
  const bool replications_given = top.count("replications") > 0;
  if (auto v = L.value(top, sweep_table(), "seed", "sweep"))
    sw.seed = static_cast<std::uint64_t>(v->number);
  if (top.count("output")) {
    sw.output       = top.at("output").Scalar();
    sw.output_where = L.loc(top.at("output"));
  }
  // The base scenario, relative to the sweep file.
  YAML::Node base;
  if (top.count("base")) {
    sw.base_file = (std::filesystem::path(path).parent_path() / top.at("base").Scalar()).lexically_normal().string();
    std::string why;
    const auto text = read_input_file(sw.base_file, "scenario", why);
    std::vector<Diagnostic> base_errors;
    const auto b = text ? parse_single_document(*text, sw.base_file, base_errors, YamlProbe::always) : std::nullopt;
    if (!text)
      L.error(top.at("base"), "sweep.base '" + sw.base_file + "': " + why + " (the path is relative to the sweep file)");
    else if (!b || !b->IsMap())
      L.error(top.at("base"), "sweep.base: '" + sw.base_file + "' is not a scenario (a YAML map)");
    else {
      base         = *b;
      sw.base_text = *text;
    }
  }
  // Parameters and their values.
  std::vector<std::vector<YAML::Node>> values;
  if (top.count("parameters"))
    for (const auto& [k, v] : L.named_entries(top.at("parameters"), "sweep parameter")) {
      SweepParameter p{k.Scalar(), {}, L.loc(k)};
      if (parse_path(p.path).empty())
        L.error(k, "sweep.parameters: '" + p.path + "' is not a path; write e.g. devices.right.position[0]");
      values.push_back(parameter_values(L, k, v));
      for (const auto& x : values.back())
        p.values.push_back(yaml_text(x));
      sw.parameters.push_back(p);
    }
  // Two parameters that set the same place (a wildcard and a name, or a map and a key inside it) would record,
  // for one of them, values that never ran (issue 23): refused, naming both.
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    for (size_t i = 0; i < j; ++i)
      if (const auto a = parse_path(sw.parameters[i].path), b = parse_path(sw.parameters[j].path);
          !a.empty() && !b.empty() && paths_overlap(a, b))
        L.error(sw.parameters[j].where,
                "sweep.parameters: '" + sw.parameters[j].path + "' and '" + sw.parameters[i].path + "' (line " +
                    std::to_string(sw.parameters[i].where.line) + ") set the same value, so one of them would be recorded "
                    "for runs that used the other; drop one, or name the devices the wildcard should cover");
  // zip groups: parameters that vary together (same number of values).
  std::vector<int> group_of(sw.parameters.size(), -1);
  if (top.count("zip"))
    for (const auto& g : top.at("zip")) {
      std::vector<size_t> idx;
      for (const auto& name : g) {
        size_t j = 0;
        while (j < sw.parameters.size() && sw.parameters[j].path != name.Scalar())
          ++j;
        if (j == sw.parameters.size())
          L.error(name, "sweep.zip: '" + name.Scalar() + "' is not one of the parameters");
        else if (group_of[j] >= 0)
          L.error(name, "sweep.zip: '" + name.Scalar() + "' is in two groups");
        else
          idx.push_back(j);
      }
      for (size_t j : idx) {
        group_of[j] = static_cast<int>(sw.zip.size());
        if (values[j].size() != values[idx.front()].size())
          L.error(g, "sweep.zip: the parameters of a group need as many values each ('" + sw.parameters[j].path +
                         "' has " + std::to_string(values[j].size()) + ")");
      }
      sw.zip.push_back(idx);
    }
  // where: a constraint that keeps points.
  std::optional<Where> where;
  YAML::Node where_node;
  if (top.count("where")) {
    where_node = top.at("where");
    std::string why;
    if (!(where = Where::parse(where_node.Scalar(), why)))
      L.error(where_node, "sweep.where: " + why);
  }
  if (!L.errors.empty() || !base) {
    out.errors = L.errors;
    return out;
  }
  // Dimensions of the product: each zip group once, every other parameter on its own; the first varies slowest.
  std::vector<std::vector<size_t>> dims;
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    if (group_of[j] < 0)
      dims.push_back({j});
    else if (sw.zip[group_of[j]].front() == j)
      dims.push_back(sw.zip[group_of[j]]);
  // The product in floating point: in size_t it wrapped past the cap (to few or no points; issue 23).
  double product = 1;
  for (const auto& d : dims)
    product *= static_cast<double>(values[d.front()].size());
  if (!(product <= 1000000)) {
    char c[32];
    std::snprintf(c, sizeof c, "%.4g", product);
    L.error(top.at("parameters"), std::string("sweep: ") + c + " points; a sweep takes at most 1000000");
    out.errors = L.errors;
    return out;
  }
  const auto total = static_cast<size_t>(product);
  auto pick_of = [&](size_t n) {  // the value index of each parameter at point n of the product
    std::vector<size_t> pick(sw.parameters.size(), 0);
    for (size_t d = dims.size(); d-- > 0;) {
      const size_t len = values[dims[d].front()].size();
      for (size_t j : dims[d])
        pick[j] = n % len;
      n /= len;
    }
    return pick;
  };
  // First pass: the points where: keeps, judged on the values alone -- a path a parameter sets is read from its
  // value, any other from the base -- so no scenario is built (issue 23: `sweep --list` built every point: 1e5
  // points took 16 s and 540 MB; now 1e6 take about a second).
  std::vector<std::vector<Step>> steps;
  for (const auto& p : sw.parameters)
    steps.push_back(parse_path(p.path));
  std::vector<std::uint32_t> kept_n;
  std::map<std::string, std::pair<int, std::vector<Step>>> where_paths;  // path -> (the parameter that sets it or -1, steps)
  std::map<std::string, std::pair<std::optional<std::string>, std::string>> base_values;  // path -> (value, error)
  for (size_t n = 0; n < total; ++n) {
    if (where) {
      const auto pick = pick_of(n);
      auto lookup     = [&](const std::string& path, std::string& e) -> std::optional<std::string> {
        auto it = where_paths.find(path);
        if (it == where_paths.end()) {
          auto w = parse_path(path);
          int by = -1;
          for (size_t j = 0; j < steps.size() && by < 0; ++j)
            if (!w.empty() && steps[j].size() <= w.size() && paths_overlap(steps[j], w))
              by = static_cast<int>(j);
          it = where_paths.emplace(path, std::make_pair(by, std::move(w))).first;
        }
        const int by                = it->second.first;
        const std::vector<Step>& w  = it->second.second;
        if (by < 0) {  // the base's value, the same at every point
          auto b = base_values.find(path);
          if (b == base_values.end()) {
            std::string err;
            auto v = scalar_at(base, path, err);
            b      = base_values.emplace(path, std::make_pair(std::move(v), std::move(err))).first;
          }
          e = b->second.second;
          return b->second.first;
        }
        const auto j = static_cast<size_t>(by);  // set by parameter j: its value, or a key inside it
        if (steps[j].size() == w.size() && values[j][pick[j]].IsScalar())
          return values[j][pick[j]].Scalar();
        YAML::Node holder;
        holder["v"]      = YAML::Clone(values[j][pick[j]]);
        std::string rest = "v";
        for (size_t k = steps[j].size(); k < w.size(); ++k)
          rest += w[k].index >= 0 ? "[" + std::to_string(w[k].index) + "]" : "." + w[k].key;
        return scalar_at(holder, rest, e);
      };
      std::string why;
      const bool keep = where->holds(lookup, why);
      if (!why.empty()) {
        std::string label;
        for (size_t j = 0; j < sw.parameters.size(); ++j)
          label += (label.empty() ? "" : ", ") + sw.parameters[j].path + " = " + sw.parameters[j].values[pick[j]];
        L.error(where_node, "sweep.where at (" + label + "): " + why);
        break;  // the same mistake would be reported for every point
      }
      if (!keep)
        continue;
    }
    kept_n.push_back(static_cast<std::uint32_t>(n));
  }
  if (where && L.errors.empty() && kept_n.empty())
    L.error(where_node, "sweep.where removes every one of the " + std::to_string(total) +
                            " points; loosen it or change the parameters' values");
  // Runs are points x replications: bounded like the points (1e9 runs were accepted).
  double reps = replications_given ? sw.replications : 1;
  if (!replications_given)
    if (std::string e; const auto r = scalar_at(base, "replications", e))
      reps = std::max(reps, std::atof(r->c_str()));
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    if (sw.parameters[j].path == "replications")
      for (const auto& v : sw.parameters[j].values)
        reps = std::max(reps, std::atof(v.c_str()));
  if (L.errors.empty() && static_cast<double>(kept_n.size()) * reps > 1000000)
    L.error(replications_given       ? L.loc(top.at("replications"))
            : top.count("parameters") ? L.loc(top.at("parameters"))
                                      : Location{1, 1},
            "sweep: " + std::to_string(kept_n.size()) + " points x " + format_number(reps) + " replications = " +
                format_number(static_cast<double>(kept_n.size()) * reps) +
                " runs; a sweep runs at most 1000000: fewer values, a where: constraint, or several sweeps");
  sw.kept = kept_n;
  sw.pick_dims.clear();
  for (const auto& d : dims)
    sw.pick_dims.push_back({d, values[d.front()].size()});
  if (!load_points && L.errors.empty()) {  // the values alone: their paths checked on the first point
    if (!replications_given)
      if (std::string e; const auto r = scalar_at(base, "replications", e))
        sw.replications = std::max(1, std::atoi(r->c_str()));
    YAML::Node root = YAML::Clone(base);
    const auto pick = pick_of(kept_n.empty() ? 0 : kept_n.front());
    for (size_t j = 0; j < sw.parameters.size(); ++j)
      if (const std::string why = set_at(root, steps[j], 0, values[j][pick[j]]); !why.empty())
        L.error(sw.parameters[j].where, "sweep.parameters: " + sw.parameters[j].path + ": " + why + " in the base scenario; fix the path");
  }
  if (!L.errors.empty() || !load_points) {
    out.errors = L.errors;
    if (out.errors.empty())
      out.sweep = std::move(sw);
    return out;
  }
  // Second pass: each kept point's scenario, loaded and checked.
  size_t kept = 0;
  for (const std::uint32_t n : kept_n) {
    const auto pick = pick_of(n);
    YAML::Node root = YAML::Clone(base);
    SweepPoint pt;
    pt.index = static_cast<int>(kept);
    std::string label;
    bool set_ok = true;
    for (size_t j = 0; j < sw.parameters.size(); ++j) {
      pt.values.push_back(sw.parameters[j].values[pick[j]]);
      label += (label.empty() ? "" : ", ") + sw.parameters[j].path + " = " + pt.values.back();
      const std::string why = set_at(root, parse_path(sw.parameters[j].path), 0, values[j][pick[j]]);
      if (!why.empty()) {
        set_ok = false;
        L.error(sw.parameters[j].where, "sweep point " + std::to_string(n) + ": " + sw.parameters[j].path + ": " + why +
                                             " in the base scenario; fix the path");
      }
    }
    if (!set_ok)
      continue;
    ++kept;
    if (replications_given)
      root["replications"] = sw.replications;
    if (sw.seed)
      root["seed"] = *sw.seed;
    root.remove("output");  // the sweep writes one file for all its runs
    YAML::Emitter e;
    e << root;
    LoadResult r = load_scenario_text(e.c_str(), sw.base_file);
    for (const auto& d : r.errors)
      L.error(sw.parameters.empty() ? Location{} : sw.parameters.front().where,
              "sweep point " + std::to_string(pt.index) + " (" + label + "): " + d.message);
    if (r.scenario) {
      sw.replications   = r.scenario->replications;
      pt.scenario       = std::move(*r.scenario);
      pt.scenario.title = sw.title + " [" + label + "]";
      sw.points.push_back(std::move(pt));
    }
  }
  out.errors = L.errors;
  if (out.errors.empty())
    out.sweep = std::move(sw);
  return out;
}

}  // namespace btlinksim
