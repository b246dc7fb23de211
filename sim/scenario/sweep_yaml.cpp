#include "sim/scenario/sweep_yaml.hpp"

#include "sim/scenario/sweep_where.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace btlinksim {

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

}  // namespace

// A block map in a sweep file is recorded and shown as {kind: relay, ...}, as the same map in flow style.
std::string yaml_text(const YAML::Node& n)
{
  YAML::Node flow = YAML::Clone(n);
  set_flow_style(flow);
  YAML::Emitter e;
  e << YAML::Flow << flow;
  return e.c_str();
}

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

}  // namespace btlinksim
