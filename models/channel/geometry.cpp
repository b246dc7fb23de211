#include "models/channel/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace btlinksim {

double distance_m(Point a, Point b) { return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m); }

namespace {
double cross(Point o, Point a, Point b) { return (a.x_m - o.x_m) * (b.y_m - o.y_m) - (a.y_m - o.y_m) * (b.x_m - o.x_m); }
bool on_segment(Point p, Point a, Point b)
{
  return std::min(a.x_m, b.x_m) <= p.x_m && p.x_m <= std::max(a.x_m, b.x_m) && std::min(a.y_m, b.y_m) <= p.y_m &&
         p.y_m <= std::max(a.y_m, b.y_m);
}
int sign(double v) { return (v > 1e-12) - (v < -1e-12); }
}  // namespace

bool segments_cross(Point p, Point q, Point a, Point b)
{
  const int d1 = sign(cross(a, b, p)), d2 = sign(cross(a, b, q)), d3 = sign(cross(p, q, a)), d4 = sign(cross(p, q, b));
  if (d1 * d2 < 0 && d3 * d4 < 0)
    return true;
  return (d1 == 0 && on_segment(p, a, b)) || (d2 == 0 && on_segment(q, a, b)) || (d3 == 0 && on_segment(a, p, q)) ||
         (d4 == 0 && on_segment(b, p, q));
}

double wall_loss_db(Point p, Point q, const std::vector<Wall>& walls)
{
  double sum = 0;
  for (const auto& w : walls)
    if (segments_cross(p, q, w.a, w.b))
      sum += w.loss_db;
  return sum;
}

double floor_loss_db(int floors, double per_floor_db, double b)
{
  if (floors <= 0)
    return 0;
  const double n = floors;
  return std::pow(n, (n + 2.0) / (n + 1.0) - b) * per_floor_db;
}

Trajectory::Trajectory(std::vector<Waypoint> w) : points_(std::move(w))
{
  std::stable_sort(points_.begin(), points_.end(), [](const Waypoint& a, const Waypoint& b) { return a.t_s < b.t_s; });
}

Point Trajectory::at(double t) const
{
  if (points_.empty())
    return {};
  if (t <= points_.front().t_s)
    return points_.front().p;
  if (t >= points_.back().t_s)
    return points_.back().p;
  const auto it = std::upper_bound(points_.begin(), points_.end(), t,
                                   [](double v, const Waypoint& w) { return v < w.t_s; });
  const Waypoint& b = *it;
  const Waypoint& a = *(it - 1);
  const double f    = b.t_s > a.t_s ? (t - a.t_s) / (b.t_s - a.t_s) : 1.0;
  return {a.p.x_m + f * (b.p.x_m - a.p.x_m), a.p.y_m + f * (b.p.y_m - a.p.y_m)};
}

Trajectory random_waypoint(Point start, const Room& room, double v_min, double v_max, double pause_s, double until_s,
                           RngStream& rng)
{
  std::vector<Waypoint> w{{0, start}};
  double t = 0;
  Point p  = start;
  while (t < until_s) {
    const Point dest{rng.uniform(room.x0_m, room.x1_m), rng.uniform(room.y0_m, room.y1_m)};
    const double v = v_max > v_min ? rng.uniform(v_min, v_max) : v_min;
    t += distance_m(p, dest) / v;
    w.push_back({t, dest});
    p = dest;
    if (pause_s > 0) {
      t += pause_s;
      w.push_back({t, dest});
    }
  }
  return Trajectory(std::move(w));
}

DistanceRange distance_range(const Trajectory& a, const Trajectory& b, double t0, double t1)
{
  std::vector<double> times{t0, t1};
  for (const auto* tr : {&a, &b})
    for (const auto& w : tr->points())
      if (w.t_s > t0 && w.t_s < t1)
        times.push_back(w.t_s);
  std::sort(times.begin(), times.end());
  auto rel = [&](double t) {
    const Point p = a.at(t), q = b.at(t);
    return Point{q.x_m - p.x_m, q.y_m - p.y_m};
  };
  DistanceRange r{distance_m(a.at(t0), b.at(t0)), distance_m(a.at(t0), b.at(t0))};
  for (size_t i = 0; i + 1 < times.size(); ++i) {
    const Point u = rel(times[i]), v = rel(times[i + 1]);
    const double dx = v.x_m - u.x_m, dy = v.y_m - u.y_m, len2 = dx * dx + dy * dy;
    // Closest point of the segment u..v to the origin.
    const double s = len2 > 0 ? std::clamp(-(u.x_m * dx + u.y_m * dy) / len2, 0.0, 1.0) : 0.0;
    const double dmin = std::hypot(u.x_m + s * dx, u.y_m + s * dy);
    r.min_m = std::min(r.min_m, dmin);
    r.max_m = std::max({r.max_m, std::hypot(u.x_m, u.y_m), std::hypot(v.x_m, v.y_m)});
  }
  return r;
}

}  // namespace btlinksim
