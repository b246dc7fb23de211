// The engine-free parts of `btlinksim optimise` against answers worked by hand: NLopt's search on functions whose
// optimum is known, the region geometry, the decision of a constraint on its 95 % bound, and the Pareto filter.
#include "sim/optimise/optimiser.hpp"
#include "sim/optimise/region.hpp"
#include "sim/optimise/search.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

TEST_CASE("COBYLA finds a constrained optimum worked by hand within 1 % in at most 200 evaluations", "[optimise]")
{
  // min (x - 0.3)^2 + (y - 0.7)^2 subject to x + y <= 0.8: the projection of (0.3, 0.7) on x + y = 0.8, which
  // moves both by -0.1: (0.2, 0.6), objective 0.02.
  SearchProblem p;
  p.x0          = {0.9, 0.1};
  p.constraints = 1;
  p.xtol        = 1e-5;
  const SearchOutcome out = minimise(p, [](const std::vector<double>& x, std::vector<double>& g) {
    g[0] = x[0] + x[1] - 0.8;
    return (x[0] - 0.3) * (x[0] - 0.3) + (x[1] - 0.7) * (x[1] - 0.7);
  });
  CHECK(out.x[0] == Approx(0.2).epsilon(0.01));
  CHECK(out.x[1] == Approx(0.6).epsilon(0.01));
  CHECK(out.f == Approx(0.02).epsilon(0.01));
  CHECK(out.evaluations <= 200);
}

TEST_CASE("BOBYQA finds a bounded optimum, at the bound when the free optimum lies outside", "[optimise]")
{
  // min (x - 0.25)^2 + (y - 1.5)^2 on [0, 1]^2: x = 0.25, y at its bound 1.
  SearchProblem p;
  p.x0     = {0.5, 0.5};
  p.method = "bobyqa";
  p.xtol   = 1e-6;
  const SearchOutcome out = minimise(p, [](const std::vector<double>& x, std::vector<double>&) {
    return (x[0] - 0.25) * (x[0] - 0.25) + (x[1] - 1.5) * (x[1] - 1.5);
  });
  CHECK(out.x[0] == Approx(0.25).margin(1e-3));
  CHECK(out.x[1] == Approx(1.0).margin(1e-6));
  CHECK(out.evaluations <= 200);
  SearchProblem bad = p;
  bad.constraints   = 1;
  CHECK_THROWS(minimise(bad, [](const std::vector<double>&, std::vector<double>&) { return 0.0; }));
}

TEST_CASE("A search without continuous variables evaluates its one design once", "[optimise]")
{
  int calls = 0;
  const SearchOutcome out = minimise(SearchProblem{}, [&](const std::vector<double>& x, std::vector<double>&) {
    ++calls;
    return double(x.size()) + 7;
  });
  CHECK(calls == 1);
  CHECK(out.f == 7);
}

TEST_CASE("Region geometry by hand: area, inside, signed distance, a start inside an L", "[optimise]")
{
  const Polygon box{{0, 0}, {4, 0}, {4, 3}, {0, 3}};
  CHECK(polygon_area(box) == Approx(12));
  CHECK(signed_distance(box, 1, 1) == Approx(-1));
  CHECK(signed_distance(box, 2, 1.5) == Approx(-1.5));
  CHECK(signed_distance(box, 7, 7) == Approx(5));  // from the corner (4, 3): a 3-4-5 triangle
  CHECK(signed_distance(box, 5, 1) == Approx(1));
  CHECK(inside_polygon(box, 4, 1));  // on an edge
  // An L (a 4 x 4 square less its 3 x 3 upper right: area 7); its area centroid ((4 x 2 + 3 x 0.5) / 7 = 1.36, the same in y) lies outside it.
  const Polygon ell{{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 4}, {0, 4}};
  CHECK(polygon_area(ell) == Approx(7));
  CHECK_FALSE(inside_polygon(ell, 9.5 / 7, 9.5 / 7));
  const auto s = region_start(ell);
  CHECK(signed_distance(ell, s[0], s[1]) < 0);
  CHECK(bounding_box(ell) == std::array<double, 4>{0, 0, 4, 4});
}

TEST_CASE("A constraint is decided on its 95 % bound, undecided while the interval straddles the limit", "[optimise]")
{
  OptConstraint most;
  most.limit   = 0.1;
  most.at_most = true;
  CHECK(decide(most, {0.05, 0.04, 5}) == ConstraintStatus::met);        // upper 0.09
  CHECK(decide(most, {0.05, 0.06, 5}) == ConstraintStatus::undecided);  // 0.11 straddles
  CHECK(decide(most, {0.2, 0.05, 5}) == ConstraintStatus::violated);    // lower 0.15
  CHECK(decide(most, {std::nan(""), 0, 3}) == ConstraintStatus::violated);  // never played
  OptConstraint least = most;
  least.at_most       = false;
  CHECK(decide(least, {0.2, 0.05, 5}) == ConstraintStatus::met);        // lower 0.15
  CHECK(decide(least, {0.12, 0.05, 5}) == ConstraintStatus::undecided);
  CHECK(decide(least, {0.05, 0.01, 5}) == ConstraintStatus::violated);
}

TEST_CASE("The Pareto front keeps exactly the non-dominated designs", "[optimise]")
{
  OptObjective lat, range;  // minimise latency, maximise range
  range.maximise = true;
  // (latency, range): (1, 5) (2, 8) (3, 7) (4, 9) (2, 8): (3, 7) is dominated by (2, 8); the duplicate goes.
  const std::vector<Interval> a{{1, 0, 3}, {2, 0, 3}, {3, 0, 3}, {4, 0, 3}, {2, 0, 3}, {std::nan(""), 0, 0}};
  const std::vector<Interval> b{{5, 0, 3}, {8, 0, 3}, {7, 0, 3}, {9, 0, 3}, {8, 0, 3}, {99, 0, 3}};
  CHECK(pareto_front(lat, range, a, b) == std::vector<size_t>{0, 1, 3});
}
