#include "sim/optimise/region.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace btlinksim {

double polygon_area(const Polygon& p)
{
  double a = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const auto& u = p[i];
    const auto& v = p[(i + 1) % p.size()];
    a += u[0] * v[1] - v[0] * u[1];
  }
  return a / 2;
}

namespace {
// Distance from (x, y) to the segment a-b.
double segment_distance(const std::array<double, 2>& a, const std::array<double, 2>& b, double x, double y)
{
  const double dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
  const double t  = len2 > 0 ? std::clamp(((x - a[0]) * dx + (y - a[1]) * dy) / len2, 0.0, 1.0) : 0.0;
  return std::hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
}
}  // namespace

bool inside_polygon(const Polygon& p, double x, double y)
{
  bool in = false;
  for (size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    if (segment_distance(p[i], p[j], x, y) < 1e-12)
      return true;
    if ((p[i][1] > y) != (p[j][1] > y) && x < (p[j][0] - p[i][0]) * (y - p[i][1]) / (p[j][1] - p[i][1]) + p[i][0])
      in = !in;
  }
  return in;
}

double signed_distance(const Polygon& p, double x, double y)
{
  double d = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < p.size(); ++i)
    d = std::min(d, segment_distance(p[i], p[(i + 1) % p.size()], x, y));
  return inside_polygon(p, x, y) ? -d : d;
}

std::array<double, 2> region_start(const Polygon& p)
{
  const double a = polygon_area(p);
  double cx = 0, cy = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const auto& u = p[i];
    const auto& v = p[(i + 1) % p.size()];
    const double c = u[0] * v[1] - v[0] * u[1];
    cx += (u[0] + v[0]) * c;
    cy += (u[1] + v[1]) * c;
  }
  if (a != 0 && inside_polygon(p, cx / (6 * a), cy / (6 * a)) && signed_distance(p, cx / (6 * a), cy / (6 * a)) < 0)
    return {cx / (6 * a), cy / (6 * a)};
  for (size_t i = 0; i < p.size(); ++i) {  // a non-convex polygon: the centroid of an ear that lies inside
    const auto& u = p[(i + p.size() - 1) % p.size()];
    const auto& v = p[i];
    const auto& w = p[(i + 1) % p.size()];
    const double x = (u[0] + v[0] + w[0]) / 3, y = (u[1] + v[1] + w[1]) / 3;
    if (signed_distance(p, x, y) < 0)
      return {x, y};
  }
  return p.front();
}

std::array<double, 4> bounding_box(const Polygon& p)
{
  std::array<double, 4> b{p[0][0], p[0][1], p[0][0], p[0][1]};
  for (const auto& c : p)
    b = {std::min(b[0], c[0]), std::min(b[1], c[1]), std::max(b[2], c[0]), std::max(b[3], c[1])};
  return b;
}

}  // namespace btlinksim
