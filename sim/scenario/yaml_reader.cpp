#include "sim/scenario/yaml_reader.hpp"

#include <stdexcept>

namespace btlinksim {

Location YamlReader::loc(const YAML::Node& n) const
{
  const YAML::Mark m = n.Mark();
  if (m.line < 0)
    return {};
  return {m.line + 1, m.column + 1};
}

static std::string at_text(Location l) { return std::to_string(l.line) + ":" + std::to_string(l.column); }

Fields YamlReader::fields(const YAML::Node& map, const ParamTable& t, const std::string& path)
{
  Fields out;
  if (!map.IsMap()) {
    error(map, path + " must be a map of keys (key: value)");
    return out;
  }
  std::string allowed;
  for (const auto& p : t.params)
    allowed += (allowed.empty() ? "" : ", ") + p.name;
  std::map<std::string, Location> first;
  for (const auto& kv : map) {
    const YAML::Node k = kv.first, v = kv.second;
    const std::string key = k.Scalar();
    if (auto [it, fresh] = first.emplace(key, loc(k)); !fresh) {
      error(k, "key '" + key + "' in " + path + " is given twice (first at " + at_text(it->second) +
                   "); keep one of them");
      continue;
    }
    const ParamDecl* d = t.find(key);
    if (!d) {
      error(k, "unknown key '" + key + "' in " + path + "; allowed keys: " + allowed);
      continue;
    }
    const bool want_map = d->kind == ValueKind::map, want_list = d->kind == ValueKind::list;
    if (want_map && !v.IsMap())
      error(v, path + "." + key + " must be a map (key: value lines)");
    else if (want_list && !v.IsSequence())
      error(v, path + "." + key + " must be a list, e.g. [a, b]");
    else if (!want_map && !want_list && !v.IsScalar())
      error(v, path + "." + key + " must be a single value (" + d->unit_text() + "), not a " +
                   (v.IsMap() ? "map" : v.IsSequence() ? "list" : "null"));
    else
      out[key] = v;
  }
  for (const auto& p : t.params)
    if (p.default_text.empty() && !first.count(p.name))
      error(map, path + " lacks required key '" + p.name + "' (" + p.unit_text() + "): " + p.help);
  return out;
}

std::vector<std::pair<YAML::Node, YAML::Node>> YamlReader::named_entries(const YAML::Node& map, const std::string& what)
{
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  std::map<std::string, Location> first;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string name = it->first.Scalar();
    if (auto [f, fresh] = first.emplace(name, loc(it->first)); !fresh) {
      error(it->first, what + " '" + name + "' is declared twice (first at " + at_text(f->second) +
                           "); give each a different name");
      continue;
    }
    out.emplace_back(it->first, it->second);
  }
  return out;
}

std::optional<CheckedValue> YamlReader::value(const Fields& f, const ParamTable& t, const std::string& key,
                                              const std::string& path)
{
  const ParamDecl* d = t.find(key);
  if (!d)
    throw std::logic_error("key '" + key + "' is not declared in " + t.name);
  auto it = f.find(key);
  if (d->kind == ValueKind::text) {  // free text: no parsing, no range
    if (it != f.end())
      return CheckedValue{0, it->second.Scalar(), ""};
    return d->has_plain_default() ? std::optional<CheckedValue>(CheckedValue{0, d->default_text, ""}) : std::nullopt;
  }
  if (it == f.end()) {
    if (d->has_plain_default())
      return check_param_value(*d, d->default_text, false);
    return std::nullopt;
  }
  CheckedValue v = check_param_value(*d, it->second.Scalar(), true);
  if (!v.ok()) {
    error(it->second, path + "." + key + ": " + v.error);
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<double>> YamlReader::numbers(const YAML::Node& list, Dimension dim, size_t n,
                                                       const std::string& path, const char* example)
{
  if (!list.IsSequence() || list.size() != n) {
    error(list, path + " must have " + std::to_string(n) + " values, e.g. " + example);
    return std::nullopt;
  }
  std::vector<double> out(n);
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    ParsedQuantity q = parse_quantity(list[i].IsScalar() ? list[i].Scalar() : "", dim, false);
    if (!list[i].IsScalar() || !q.ok()) {
      error(list[i], path + ": " + (list[i].IsScalar() ? q.error : "expected a number"));
      ok = false;
    } else {
      out[i] = q.value;
    }
  }
  return ok ? std::optional<std::vector<double>>(out) : std::nullopt;
}

void YamlReader::check_present(const Fields& f, const ParamTable& t, const std::string& path)
{
  for (const auto& [k, v] : f)
    if (t.find(k)->kind != ValueKind::map && t.find(k)->kind != ValueKind::list)
      value(f, t, k, path);
}

std::optional<YAML::Node> parse_single_document(const std::string& text, const std::string& file,
                                                std::vector<Diagnostic>& errors)
{
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    errors.push_back({{e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + e.msg + "; fix the syntax", file});
    return std::nullopt;
  }
  if (docs.size() > 1) {
    const YAML::Mark m = docs[1].Mark();
    errors.push_back({m.line < 0 ? Location{} : Location{m.line + 1, m.column + 1},
                      "a second YAML document starts here (after a '---' line); a file holds one: remove the '---' and what follows, or "
                      "put it in a file of its own",
                      file});
    return std::nullopt;
  }
  return docs.empty() ? YAML::Node() : docs.front();
}

Fields overlay(Fields base, const Fields& top)
{
  for (const auto& [k, v] : top)
    base[k] = v;
  return base;
}

}  // namespace btlinksim
