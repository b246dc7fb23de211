// A region a position may take (optimise.variables: { inside: [[x, y], ...] }): a simple polygon in the plane.
// Plain geometry, no engine: the optimiser reads the signed distance as a constraint (<= 0 inside).
#pragma once

#include <array>
#include <vector>

namespace btlinksim {

using Polygon = std::vector<std::array<double, 2>>;

// Signed area (shoelace formula): positive for corners in counter-clockwise order.
double polygon_area(const Polygon& p);
// Whether (x, y) is inside (even-odd rule; a point on an edge counts as inside).
bool inside_polygon(const Polygon& p, double x, double y);
// Distance from (x, y) to the polygon's boundary, negative inside.
double signed_distance(const Polygon& p, double x, double y);
// A point inside to start from: the area centroid if it is inside, else the centroid of the first ear inside.
std::array<double, 2> region_start(const Polygon& p);
// The bounding box: {xmin, ymin, xmax, ymax}.
std::array<double, 4> bounding_box(const Polygon& p);

}  // namespace btlinksim
