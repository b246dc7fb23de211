// Geometry of a room over time: positions, walls crossed by a line of sight, floors between two devices, and
// device trajectories (waypoints, random waypoint). Pure functions and value types; no engine.
#pragma once

#include "models/core/rng.hpp"

#include <string>
#include <vector>

namespace btlinksim {

struct Point {
  double x_m = 0, y_m = 0;
};
double distance_m(Point a, Point b);

// A wall or any planar obstacle, seen from above as a segment; every link whose line of sight crosses it loses
// loss_db (COST 231 multi-wall: light 3.4 dB, heavy 6.9 dB [cost231-matlab]).
struct Wall {
  std::string name;
  Point a, b;
  double loss_db = 0;
};

// Whether segments pq and ab cross (touching at an end point counts: a wall's edge still blocks).
bool segments_cross(Point p, Point q, Point a, Point b);
// Sum of the losses of every wall the segment pq crosses (COST 231 multi-wall: losses add along the path).
double wall_loss_db(Point p, Point q, const std::vector<Wall>& walls);
// COST 231 floor term for n floors between the ends: n^((n+2)/(n+1) - b) * L_f (L_f = 18.3 dB, b = 0.46)
// [cost231-matlab]; 0 for n = 0.
double floor_loss_db(int floors, double per_floor_db = 18.3, double b = 0.46);

struct Waypoint {
  double t_s = 0;
  Point p;
};

// Position over time, linear between waypoints (sorted by time); before the first it is at the first, after
// the last it stays at the last. One waypoint = a fixed position.
class Trajectory {
public:
  Trajectory() = default;
  explicit Trajectory(std::vector<Waypoint> w);
  static Trajectory fixed(Point p) { return Trajectory({Waypoint{0, p}}); }
  Point at(double t_s) const;
  bool moves() const { return points_.size() > 1; }
  const std::vector<Waypoint>& points() const { return points_; }

private:
  std::vector<Waypoint> points_;
};

// Smallest and largest distance between two devices moving along their trajectories during [t0, t1]: their
// relative position is linear between the union of both trajectories' waypoint times, so the extremes are at
// those times or, for the minimum, at the closest approach inside a segment.
struct DistanceRange {
  double min_m = 0, max_m = 0;
};
DistanceRange distance_range(const Trajectory& a, const Trajectory& b, double t0_s, double t1_s);

// Random waypoint model (Johnson & Maltz 1996; Camp, Boleng & Davies 2002, "A survey of mobility models"):
// from `start`, pick a destination uniformly in the room [x0,x1]x[y0,y1], walk there at a speed uniform in
// [v_min, v_max], pause `pause_s`, repeat, until `until_s`.
struct Room {
  double x0_m = 0, y0_m = 0, x1_m = 0, y1_m = 0;
};
Trajectory random_waypoint(Point start, const Room& room, double v_min_m_s, double v_max_m_s, double pause_s,
                           double until_s, RngStream& rng);

}  // namespace btlinksim
