// load_sweep_file: a sweep file read in stages (SweepBuilder) into its parameters, the points its where: keeps,
// and each point's scenario.
#include "sim/scenario/sweep.hpp"
#include "sim/scenario/sweep_yaml.hpp"
#include "sim/scenario/sweep_where.hpp"

#include "sim/scenario/input_file.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

namespace btlinksim {


namespace {
// A sweep built from its file in stages; each adds located errors to L and the later ones run only while there
// are none.
class SweepBuilder {
public:
  SweepBuilder(const std::string& path, std::string text) : L(path)
  {
    sw.file = path;
    sw.text = std::move(text);
  }
  YamlReader L;
  Sweep sw;
  bool has_base() const { return static_cast<bool>(base_); }

  // The top level: title, replications, seed, output, the base scenario.
  void read_top(const YAML::Node& doc);
  // The parameters and their values; paths that overlap; zip groups; the where: constraint.
  void read_parameters();
  void read_zip();
  void read_where();
  // The product's dimensions and size; false (with an error) above the cap.
  bool plan();
  // First pass: the points where: keeps, judged on the values alone -- a path a parameter sets is read from its
  // value, any other from the base -- so no scenario is built (issue 23: `sweep --list` built every point: 1e5
  // points took 16 s and 540 MB; now 1e6 take about a second).
  void keep_points();
  // Runs are points x replications: bounded like the points.
  void check_runs();
  // Without the points' scenarios (--list): the paths checked on the first kept point.
  void check_paths_on_first_point();
  // Second pass: each kept point's scenario, loaded and checked.
  void load_points();

private:
  Fields top_;
  YAML::Node base_;
  bool replications_given_ = false;
  std::vector<std::vector<YAML::Node>> values_;  // per parameter
  std::vector<std::vector<Step>> steps_;         // per parameter
  std::vector<int> group_of_;                    // per parameter: its zip group, or -1
  std::optional<Where> where_;
  YAML::Node where_node_;
  std::vector<std::vector<size_t>> dims_;
  size_t total_ = 0;
  // where: caches: path -> (the parameter that sets it or -1, its steps); path -> (the base's value, error).
  std::map<std::string, std::pair<int, std::vector<Step>>> where_paths_;
  std::map<std::string, std::pair<std::optional<std::string>, std::string>> base_values_;

  std::vector<size_t> pick_of(size_t n) const;  // the value index of each parameter at point n of the product
  std::optional<std::string> where_value(const std::vector<size_t>& pick, const std::string& path, std::string& error);
  std::string label(const std::vector<size_t>& pick, const char* separator) const;
};

void SweepBuilder::read_top(const YAML::Node& doc)
{
  top_     = L.fields(doc, sweep_table(), "sweep");
  sw.title = top_.count("sweep") ? top_.at("sweep").Scalar() : sw.file;
  if (auto v = L.value(top_, sweep_table(), "replications", "sweep"))
    sw.replications = static_cast<int>(v->number);
  replications_given_ = top_.count("replications") > 0;
  if (auto v = L.value(top_, sweep_table(), "seed", "sweep"))
    sw.seed = static_cast<std::uint64_t>(v->number);
  if (top_.count("output")) {
    sw.output       = top_.at("output").Scalar();
    sw.output_where = L.loc(top_.at("output"));
  }
  if (!top_.count("base"))
    return;
  // The base scenario, relative to the sweep file.
  sw.base_file = (std::filesystem::path(sw.file).parent_path() / top_.at("base").Scalar()).lexically_normal().string();
  std::string why;
  const auto text = read_input_file(sw.base_file, "scenario", why);
  std::vector<Diagnostic> base_errors;
  const auto b = text ? parse_single_document(*text, sw.base_file, base_errors, YamlProbe::always) : std::nullopt;
  if (!text)
    L.error(top_.at("base"), "sweep.base '" + sw.base_file + "': " + why + " (the path is relative to the sweep file)");
  else if (!b || !b->IsMap())
    L.error(top_.at("base"), "sweep.base: '" + sw.base_file + "' is not a scenario (a YAML map)");
  else {
    base_        = *b;
    sw.base_text = *text;
  }
}

void SweepBuilder::read_parameters()
{
  if (top_.count("parameters"))
    for (const auto& [k, v] : L.named_entries(top_.at("parameters"), "sweep parameter")) {
      SweepParameter p{k.Scalar(), {}, L.loc(k)};
      steps_.push_back(parse_path(p.path));
      if (steps_.back().empty())
        L.error(k, "sweep.parameters: '" + p.path + "' is not a path; write e.g. devices.right.position[0]");
      values_.push_back(parameter_values(L, k, v));
      for (const auto& x : values_.back())
        p.values.push_back(yaml_text(x));
      sw.parameters.push_back(p);
    }
  // Two parameters that set the same place (a wildcard and a name, or a map and a key inside it) would record,
  // for one of them, values that never ran (issue 23): refused, naming both.
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    for (size_t i = 0; i < j; ++i)
      if (!steps_[i].empty() && !steps_[j].empty() && paths_overlap(steps_[i], steps_[j]))
        L.error(sw.parameters[j].where,
                "sweep.parameters: '" + sw.parameters[j].path + "' and '" + sw.parameters[i].path + "' (line " +
                    std::to_string(sw.parameters[i].where.line) + ") set the same value, so one of them would be recorded "
                    "for runs that used the other; drop one, or name the devices the wildcard should cover");
}

// zip groups: parameters that vary together (same number of values).
void SweepBuilder::read_zip()
{
  group_of_.assign(sw.parameters.size(), -1);
  if (!top_.count("zip"))
    return;
  for (const auto& g : top_.at("zip")) {
    std::vector<size_t> idx;
    for (const auto& name : g) {
      size_t j = 0;
      while (j < sw.parameters.size() && sw.parameters[j].path != name.Scalar())
        ++j;
      if (j == sw.parameters.size())
        L.error(name, "sweep.zip: '" + name.Scalar() + "' is not one of the parameters");
      else if (group_of_[j] >= 0)
        L.error(name, "sweep.zip: '" + name.Scalar() + "' is in two groups");
      else
        idx.push_back(j);
    }
    for (size_t j : idx) {
      group_of_[j] = static_cast<int>(sw.zip.size());
      if (values_[j].size() != values_[idx.front()].size())
        L.error(g, "sweep.zip: the parameters of a group need as many values each ('" + sw.parameters[j].path +
                       "' has " + std::to_string(values_[j].size()) + ")");
    }
    sw.zip.push_back(idx);
  }
}

void SweepBuilder::read_where()
{
  if (!top_.count("where"))
    return;
  where_node_ = top_.at("where");
  std::string why;
  if (!(where_ = Where::parse(where_node_.Scalar(), why)))
    L.error(where_node_, "sweep.where: " + why);
}

bool SweepBuilder::plan()
{
  // Dimensions of the product: each zip group once, every other parameter on its own; the first varies slowest.
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    if (group_of_[j] < 0)
      dims_.push_back({j});
    else if (sw.zip[group_of_[j]].front() == j)
      dims_.push_back(sw.zip[group_of_[j]]);
  // The product in floating point: in size_t it wrapped past the cap (to few or no points; issue 23).
  double product = 1;
  for (const auto& d : dims_)
    product *= static_cast<double>(values_[d.front()].size());
  if (!(product <= 1000000)) {
    char c[32];
    std::snprintf(c, sizeof c, "%.4g", product);
    L.error(top_.at("parameters"), std::string("sweep: ") + c + " points; a sweep takes at most 1000000");
    return false;
  }
  total_ = static_cast<size_t>(product);
  sw.pick_dims.clear();
  for (const auto& d : dims_)
    sw.pick_dims.push_back({d, values_[d.front()].size()});
  return true;
}

std::vector<size_t> SweepBuilder::pick_of(size_t n) const
{
  std::vector<size_t> pick(sw.parameters.size(), 0);
  for (size_t d = dims_.size(); d-- > 0;) {
    const size_t len = values_[dims_[d].front()].size();
    for (size_t j : dims_[d])
      pick[j] = n % len;
    n /= len;
  }
  return pick;
}

std::string SweepBuilder::label(const std::vector<size_t>& pick, const char* separator) const
{
  std::string s;
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    s += (s.empty() ? "" : separator) + sw.parameters[j].path + " = " + sw.parameters[j].values[pick[j]];
  return s;
}

std::optional<std::string> SweepBuilder::where_value(const std::vector<size_t>& pick, const std::string& path,
                                                     std::string& e)
{
  auto it = where_paths_.find(path);
  if (it == where_paths_.end()) {
    auto w = parse_path(path);
    int by = -1;
    for (size_t j = 0; j < steps_.size() && by < 0; ++j)
      if (!w.empty() && steps_[j].size() <= w.size() && paths_overlap(steps_[j], w))
        by = static_cast<int>(j);
    it = where_paths_.emplace(path, std::make_pair(by, std::move(w))).first;
  }
  const int by               = it->second.first;
  const std::vector<Step>& w = it->second.second;
  if (by < 0) {  // the base's value, the same at every point
    auto b = base_values_.find(path);
    if (b == base_values_.end()) {
      std::string err;
      auto v = scalar_at(base_, path, err);
      b      = base_values_.emplace(path, std::make_pair(std::move(v), std::move(err))).first;
    }
    e = b->second.second;
    return b->second.first;
  }
  const auto j = static_cast<size_t>(by);  // set by parameter j: its value, or a key inside it
  if (steps_[j].size() == w.size() && values_[j][pick[j]].IsScalar())
    return values_[j][pick[j]].Scalar();
  YAML::Node holder;
  holder["v"]      = YAML::Clone(values_[j][pick[j]]);
  std::string rest = "v";
  for (size_t k = steps_[j].size(); k < w.size(); ++k)
    rest += w[k].index >= 0 ? "[" + std::to_string(w[k].index) + "]" : "." + w[k].key;
  return scalar_at(holder, rest, e);
}

void SweepBuilder::keep_points()
{
  for (size_t n = 0; n < total_; ++n) {
    if (where_) {
      const auto pick = pick_of(n);
      std::string why;
      const bool keep = where_->holds([&](const std::string& p, std::string& e) { return where_value(pick, p, e); }, why);
      if (!why.empty()) {
        L.error(where_node_, "sweep.where at (" + label(pick, ", ") + "): " + why);
        break;  // the same mistake would be reported for every point
      }
      if (!keep)
        continue;
    }
    sw.kept.push_back(static_cast<std::uint32_t>(n));
  }
  if (where_ && L.errors.empty() && sw.kept.empty())
    L.error(where_node_, "sweep.where removes every one of the " + std::to_string(total_) +
                             " points; loosen it or change the parameters' values");
}

void SweepBuilder::check_runs()
{
  double reps = replications_given_ ? sw.replications : 1;
  if (!replications_given_)
    if (std::string e; const auto r = scalar_at(base_, "replications", e))
      reps = std::max(reps, std::atof(r->c_str()));
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    if (sw.parameters[j].path == "replications")
      for (const auto& v : sw.parameters[j].values)
        reps = std::max(reps, std::atof(v.c_str()));
  if (L.errors.empty() && static_cast<double>(sw.kept.size()) * reps > 1000000)
    L.error(replications_given_        ? L.loc(top_.at("replications"))
            : top_.count("parameters") ? L.loc(top_.at("parameters"))
                                       : Location{1, 1},
            "sweep: " + std::to_string(sw.kept.size()) + " points x " + format_number(reps) + " replications = " +
                format_number(static_cast<double>(sw.kept.size()) * reps) +
                " runs; a sweep runs at most 1000000: fewer values, a where: constraint, or several sweeps");
}

void SweepBuilder::check_paths_on_first_point()
{
  if (!replications_given_)
    if (std::string e; const auto r = scalar_at(base_, "replications", e))
      sw.replications = std::max(1, std::atoi(r->c_str()));
  YAML::Node root = YAML::Clone(base_);
  const auto pick = pick_of(sw.kept.empty() ? 0 : sw.kept.front());
  for (size_t j = 0; j < sw.parameters.size(); ++j)
    if (const std::string why = set_at(root, steps_[j], 0, values_[j][pick[j]]); !why.empty())
      L.error(sw.parameters[j].where, "sweep.parameters: " + sw.parameters[j].path + ": " + why + " in the base scenario; fix the path");
}

void SweepBuilder::load_points()
{
  size_t kept = 0;
  for (const std::uint32_t n : sw.kept) {
    const auto pick = pick_of(n);
    YAML::Node root = YAML::Clone(base_);
    SweepPoint pt;
    pt.index    = static_cast<int>(kept);
    bool set_ok = true;
    for (size_t j = 0; j < sw.parameters.size(); ++j) {
      pt.values.push_back(sw.parameters[j].values[pick[j]]);
      const std::string why = set_at(root, steps_[j], 0, values_[j][pick[j]]);
      if (!why.empty()) {
        set_ok = false;
        L.error(sw.parameters[j].where, "sweep point " + std::to_string(n) + ": " + sw.parameters[j].path + ": " + why +
                                             " in the base scenario; fix the path");
      }
    }
    if (!set_ok)
      continue;
    ++kept;
    if (replications_given_)
      root["replications"] = sw.replications;
    if (sw.seed)
      root["seed"] = *sw.seed;
    root.remove("output");  // the sweep writes one file for all its runs
    YAML::Emitter e;
    e << root;
    LoadResult r            = load_scenario_text(e.c_str(), sw.base_file);
    const std::string where = label(pick, ", ");
    for (const auto& d : r.errors)
      L.error(sw.parameters.empty() ? Location{} : sw.parameters.front().where,
              "sweep point " + std::to_string(pt.index) + " (" + where + "): " + d.message);
    if (r.scenario) {
      sw.replications   = r.scenario->replications;
      pt.scenario       = std::move(*r.scenario);
      pt.scenario.title = sw.title + " [" + where + "]";
      sw.points.push_back(std::move(pt));
    }
  }
}
}  // namespace

SweepLoad load_sweep_file(const std::string& path, bool load_points)
{
  SweepLoad out;
  out.file = path;
  std::string why;
  auto text = read_input_file(path, "sweep", why);
  if (!text) {
    out.errors.push_back({{}, why});
    return out;
  }
  SweepBuilder b(path, std::move(*text));
  const auto doc = parse_single_document(b.sw.text, "", out.errors, YamlProbe::always);
  if (!doc)
    return out;
  b.read_top(*doc);
  b.read_parameters();
  b.read_zip();
  b.read_where();
  const bool planned = b.L.errors.empty() && b.has_base() && b.plan();
  if (planned) {
    b.keep_points();
    b.check_runs();
    if (!load_points && b.L.errors.empty())
      b.check_paths_on_first_point();
    if (load_points && b.L.errors.empty())
      b.load_points();
  }
  out.errors = b.L.errors;
  if (out.errors.empty())
    out.sweep = std::move(b.sw);
  return out;
}

}  // namespace btlinksim
