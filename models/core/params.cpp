#include "models/core/params.hpp"

#include <cmath>
#include <sstream>

namespace btlinksim {

static std::string num(double v)
{
  std::ostringstream os;
  os.precision(6);
  os << v;
  return os.str();
}

std::string ParamDecl::unit_text() const
{
  if (kind == ValueKind::text)
    return "text";
  if (kind == ValueKind::map)
    return "map";
  if (kind == ValueKind::list) {
    const std::string n = list_length ? std::to_string(list_length) + " " : "";
    return dimension == Dimension::dimensionless ? "list of " + n + "names"
                                                  : "list of " + n + "values in " + canonical_unit(dimension);
  }
  if (is_choice()) {
    std::string s = "one of: ";
    for (size_t i = 0; i < choices.size(); ++i)
      s += (i ? ", " : "") + choices[i];
    return s;
  }
  switch (dimension) {
    case Dimension::count: return "integer";
    case Dimension::dimensionless: return "number";
    case Dimension::fraction: return "fraction (0..1 or %)";
    default: return canonical_unit(dimension);
  }
}

std::string ParamDecl::range_text() const
{
  if (kind != ValueKind::scalar || is_choice() || (std::isinf(min) && std::isinf(max)))
    return "";
  const std::string u = canonical_unit(dimension);
  auto side = [&](double v) { return std::isinf(v) ? std::string(v < 0 ? "-inf" : "inf") : num(v) + (u.empty() ? "" : " " + u); };
  return side(min) + " .. " + side(max);
}

const ParamDecl* ParamTable::find(const std::string& key) const
{
  for (const auto& p : params)
    if (p.name == key)
      return &p;
  return nullptr;
}

CheckedValue check_param_value(const ParamDecl& decl, const std::string& text, bool require_unit)
{
  CheckedValue r;
  if (decl.is_choice()) {
    for (const auto& c : decl.choices)
      if (c == text) {
        r.word = text;
        return r;
      }
    r.error = "'" + text + "' is not accepted; use " + decl.unit_text();
    return r;
  }
  const ParsedQuantity q = parse_quantity(text, decl.dimension, require_unit);
  if (!q.ok()) {
    r.error = q.error;
    return r;
  }
  if (q.value < decl.min || q.value > decl.max) {
    r.error = "'" + text + "' is out of range; use a value in " + decl.range_text();
    return r;
  }
  r.number = q.value;
  return r;
}

std::string params_markdown(const ParamTable& table)
{
  std::ostringstream os;
  os << "### " << table.title << " (`" << table.name << "`)\n\n";
  os << "| name | unit | default | range | description |\n|---|---|---|---|---|\n";
  for (const auto& p : table.params) {
    const std::string def = p.default_text.empty() ? "required" : p.default_text;
    os << "| `" << p.name << "` | " << p.unit_text() << " | " << def << " | " << p.range_text() << " | " << p.help
       << " |\n";
  }
  os << "\n";
  return os.str();
}

}  // namespace btlinksim
