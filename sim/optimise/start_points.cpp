#include "sim/optimise/start_points.hpp"

#include "sim/scenario/sweep_where.hpp"
#include "sim/scenario/sweep_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <array>

namespace btlinksim {

std::vector<double> start_values(const Optimisation& o)
{
  const YAML::Node base = YAML::Load(o.base_text);
  // The base's number at path in the variable's unit (a bare number is taken in it, as positions are written).
  auto base_number = [&](const std::string& path, const OptVariable& v, double& out) {
    std::string e, unit;
    const auto text = scalar_at(base, path, e);
    if (!text || !split_quantity(*text, out, unit))
      return false;
    if (unit.empty() || unit == v.unit)
      return true;
    for (Dimension d : {Dimension::length, Dimension::time, Dimension::power, Dimension::bitrate, Dimension::level,
                        Dimension::frequency, Dimension::drift, Dimension::current, Dimension::voltage})
      if (const ParsedQuantity q = parse_quantity(*text, d, true), one = parse_quantity("1 " + v.unit, d, true);
          q.ok() && one.ok()) {
        out = q.value / one.value;
        return true;
      }
    return false;
  };
  std::vector<double> x;
  for (const auto& v : o.variables) {
    if (v.kind == OptVariable::Kind::continuous) {
      double n = (v.lo + v.hi) / 2;
      if (base_number(v.path, v, n))
        n = std::clamp(n, v.lo, v.hi);
      x.push_back(n);
    } else if (v.kind == OptVariable::Kind::region) {
      double px = 0, py = 0;
      const bool have = base_number(v.path + "[0]", v, px) && base_number(v.path + "[1]", v, py);
      const auto s    = have && signed_distance(v.polygon, px, py) < 0 ? std::array<double, 2>{px, py} : region_start(v.polygon);
      x.insert(x.end(), s.begin(), s.end());
    }
  }
  return x;
}

namespace {
// The i-th point (i >= 1) of the Halton sequence in base b: a low-discrepancy spread over [0, 1).
double halton(size_t i, unsigned b)
{
  double f = 1, r = 0;
  for (; i > 0; i /= b) {
    f /= b;
    r += f * static_cast<double>(i % b);
  }
  return r;
}
}  // namespace

std::vector<std::vector<double>> start_points(const Optimisation& o, const Scaling& sc, const std::vector<double>& first)
{
  static const unsigned kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
  std::vector<std::vector<double>> out{first};
  const size_t dims = first.size();
  for (size_t i = 1; out.size() < static_cast<size_t>(o.starts) && dims > 0 && dims <= 16 && i < 100000; ++i) {
    std::vector<double> u(dims);
    for (size_t d = 0; d < dims; ++d)
      u[d] = halton(i, kPrimes[d]);
    const std::vector<double> x = sc.to_x(u);
    bool inside = true;
    size_t d    = 0;
    for (const auto& v : o.variables) {
      if (v.kind == OptVariable::Kind::region)
        inside = inside && signed_distance(v.polygon, x[d], x[d + 1]) < 0;
      d += static_cast<size_t>(v.dims());
    }
    if (inside)
      out.push_back(u);
  }
  return out;
}

}  // namespace btlinksim
