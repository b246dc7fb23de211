#include "models/core/units.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace btlinksim {

double db_to_linear(double db) { return std::pow(10.0, db / 10.0); }
double linear_to_db(double ratio) { return 10.0 * std::log10(ratio); }
double dbm_to_mw(double dbm) { return std::pow(10.0, dbm / 10.0); }
double mw_to_dbm(double mw) { return 10.0 * std::log10(mw); }

namespace {
struct UnitDef {
  const char* name;
  double scale;    // canonical = value * scale (linear units), unused for log conversions
  int kind;        // 0 linear scale, 1 mW->dBm, 2 W->dBm
};

std::vector<UnitDef> units_of(Dimension d)
{
  switch (d) {
    case Dimension::length:
      return {{"m", 1, 0}, {"cm", 0.01, 0}, {"mm", 0.001, 0}, {"km", 1000, 0}};
    case Dimension::time:
      // 1 slot = 625 us (Core spec, baseband slot; docs/references.md [bt-radio])
      return {{"s", 1, 0},   {"ms", 1e-3, 0}, {"us", 1e-6, 0},    {"µs", 1e-6, 0},
              {"min", 60, 0}, {"h", 3600, 0}, {"slots", 625e-6, 0}, {"slot", 625e-6, 0}};
    case Dimension::frequency:
      return {{"Hz", 1, 0}, {"kHz", 1e3, 0}, {"MHz", 1e6, 0}, {"GHz", 1e9, 0}};
    case Dimension::power:
      return {{"dBm", 1, 0}, {"mW", 1, 1}, {"W", 1, 2}};
    case Dimension::level:
      return {{"dB", 1, 0}, {"dBi", 1, 0}};
    case Dimension::drift:
      return {{"ppm", 1, 0}};
    case Dimension::bitrate:
      return {{"bps", 1, 0}, {"kbps", 1e3, 0}, {"Mbps", 1e6, 0}, {"kb/s", 1e3, 0}, {"Mb/s", 1e6, 0}};
    case Dimension::speed:
      return {{"m/s", 1, 0}, {"km/h", 1 / 3.6, 0}};
    case Dimension::current:
      return {{"mA", 1e-3, 0}, {"A", 1, 0}, {"uA", 1e-6, 0}, {"µA", 1e-6, 0}};  // the first is the one suggested
    case Dimension::voltage:
      return {{"V", 1, 0}, {"mV", 1e-3, 0}};
    case Dimension::charge:  // 1 mAh = 3.6 C
      return {{"mAh", 3.6, 0}, {"Ah", 3600, 0}, {"C", 1, 0}};
    case Dimension::fraction:
      return {{"%", 0.01, 0}};
    case Dimension::count:
    case Dimension::dimensionless:
      return {};
  }
  return {};
}

std::string trim(std::string_view s)
{
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
    ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
    --e;
  return std::string(s.substr(b, e - b));
}

std::string join_units(Dimension d)
{
  std::string out;
  for (const auto& u : accepted_units(d))
    out += (out.empty() ? "" : ", ") + u;
  return out;
}
}  // namespace

const char* canonical_unit(Dimension d)
{
  switch (d) {
    case Dimension::length: return "m";
    case Dimension::time: return "s";
    case Dimension::frequency: return "Hz";
    case Dimension::power: return "dBm";
    case Dimension::level: return "dB";
    case Dimension::drift: return "ppm";
    case Dimension::bitrate: return "bps";
    case Dimension::speed: return "m/s";
    case Dimension::current: return "A";
    case Dimension::voltage: return "V";
    case Dimension::charge: return "C";
    case Dimension::fraction: return "";
    case Dimension::count: return "";
    case Dimension::dimensionless: return "";
  }
  return "";
}

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

std::vector<std::string> accepted_units(Dimension d)
{
  std::vector<std::string> out;
  for (const auto& u : units_of(d))
    out.emplace_back(u.name);
  return out;
}

ParsedQuantity parse_quantity(std::string_view text, Dimension dim, bool require_unit)
{
  ParsedQuantity r;
  const std::string s = trim(text);
  if (s.empty()) {
    r.error = "empty value";
    return r;
  }
  const char* begin = s.c_str();
  char* end         = nullptr;
  const double number = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(number)) {
    r.error = "'" + s + "' does not start with a finite number";
    return r;
  }
  const std::string unit = trim(std::string_view(end));
  const auto defs        = units_of(dim);
  if (unit.empty()) {
    if (dim == Dimension::count || dim == Dimension::dimensionless) {
      if (dim == Dimension::count && number != std::floor(number)) {
        r.error = "'" + s + "' is not a whole number";
        return r;
      }
      r.value = number;
      return r;
    }
    if (dim == Dimension::fraction) {  // a fraction may be written 0.9 or 90 %
      r.value = number;
      return r;
    }
    if (require_unit) {
      r.error = "'" + s + "' has no unit; write it with one of: " + join_units(dim) + " (e.g. '" + s + " " +
                defs.front().name + "')";
      return r;
    }
    r.value = number;  // CLI convenience: a bare number is in the canonical unit
    return r;
  }
  for (const auto& u : defs) {
    if (unit == u.name) {
      switch (u.kind) {
        case 0: r.value = number * u.scale; break;
        case 1:
        case 2: {
          const double mw = u.kind == 1 ? number : number * 1000.0;
          if (mw <= 0) {
            r.error = "'" + s + "': a power in " + u.name + " must be positive";
            return r;
          }
          r.value = mw_to_dbm(mw);
          break;
        }
      }
      if (!std::isfinite(r.value))  // 1e308 km: finite as written, not in metres ("inf m ... move the devices closer")
        r.error = "'" + s + "' is too large (not a finite number of " + defs.front().name + "); give a smaller value";
      return r;
    }
  }
  if (defs.empty())
    r.error = "'" + s + "' must be a plain number without a unit";
  else
    r.error = "'" + s + "' has unit '" + unit + "', which is not one of: " + join_units(dim);
  return r;
}

std::string format_quantity(double value, Dimension dim)
{
  std::ostringstream os;
  os.precision(6);
  os << value;
  const std::string unit = canonical_unit(dim);
  if (!unit.empty())
    os << ' ' << unit;
  return os.str();
}

}  // namespace btlinksim
