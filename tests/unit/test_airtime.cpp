#include "models/baseband/airtime.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace btlinksim;

TEST_CASE("slot grid aligns to the next slot pair of the master", "[airtime]")
{
  const SlotGrid g{0.3e-3, 1.25e-3};
  CHECK(g.align(0.0) == Approx(0.3e-3));
  CHECK(g.align(0.3e-3) == Approx(0.3e-3));  // on the grid: no wait
  CHECK(g.align(0.31e-3) == Approx(1.55e-3));
  CHECK(g.align(10.0) == Approx(0.3e-3 + 8000 * 1.25e-3));  // 10 s = 8000 periods; phase 0.3 ms -> 10.0003 s
}

TEST_CASE("radio timeline finds the first gap long enough and refuses overlaps", "[airtime]")
{
  RadioTimeline r;
  r.reserve(1.0, 2.0);
  r.reserve(3.0, 4.0);
  CHECK(r.first_fit(0.0, 1.0) == 0.0);   // [0,1) fits before the first reservation exactly
  CHECK(r.first_fit(0.5, 1.0) == 2.0);   // [0.5,1.5) overlaps: next gap [2,3) has length 1
  CHECK(r.first_fit(0.5, 1.5) == 4.0);   // no gap of 1.5 before the end
  CHECK(r.first_fit(2.5, 0.5) == 2.5);
  CHECK(r.busy_s() == 2.0);
  CHECK_THROWS_AS(r.reserve(1.5, 2.5), std::logic_error);
  CHECK_THROWS_AS(r.reserve(2.5, 3.5), std::logic_error);
  r.reserve(2.0, 3.0);  // touching both neighbours is allowed
  CHECK(r.first_fit(1.5, 0.1) == 4.0);  // [1, 4) is now one busy stretch
  r.prune(3.0);
  CHECK(r.size() == 1);
}

TEST_CASE("joint fit needs both radios free on the master's grid", "[airtime]")
{
  // tx busy [0, 3.75 ms) (one 2-DH5 exchange), rx busy [5, 8.75 ms); grid phase 0, period 1.25 ms.
  RadioTimeline tx, rx;
  tx.reserve(0, 3.75e-3);
  rx.reserve(5e-3, 8.75e-3);
  const SlotGrid g{0, 1.25e-3};
  // From t = 1 ms: tx frees at 3.75 ms (a grid point), but [3.75, 7.5) hits rx at 5 ms; rx frees at 8.75 ms.
  CHECK(joint_first_fit(tx, rx, g, 1e-3, 3.75e-3) == Approx(8.75e-3));
  // A 1-slot-pair exchange fits in [3.75, 5).
  CHECK(joint_first_fit(tx, rx, g, 1e-3, 1.25e-3) == Approx(3.75e-3));
  // On a grid of phase 0.5 ms the gap [3.75, 5) holds no aligned 1.25 ms exchange (4.25 + 1.25 > 5): 8.75 -> 9.25.
  CHECK(joint_first_fit(tx, rx, SlotGrid{0.5e-3, 1.25e-3}, 1e-3, 1.25e-3) == Approx(9.25e-3));
}
