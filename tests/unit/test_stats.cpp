#include "models/stats.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

TEST_CASE("Student-t 95 % quantiles match the published table", "[stats]")
{
  CHECK(student_t_975(1) == Approx(12.706));
  CHECK(student_t_975(4) == Approx(2.776));   // n = 5 replications (style-and-sweeps.md §B2: 2.78 vs 1.96)
  CHECK(student_t_975(30) == Approx(2.042));
  CHECK(student_t_975(40) == Approx(2.021).margin(1e-3));   // table value for 40 dof
  CHECK(student_t_975(120) == Approx(1.980).margin(1e-3));  // table value for 120 dof
}

TEST_CASE("mean and interval of replications, worked by hand", "[stats]")
{
  // values 1..5: mean 3, s^2 = 2.5, half-width = 2.776 * sqrt(2.5 / 5) = 1.9629
  const Interval i = mean_ci95({1, 2, 3, 4, 5});
  CHECK(i.mean == Approx(3));
  CHECK(i.half_width == Approx(2.776 * std::sqrt(0.5)));
  CHECK(mean_ci95({7}).half_width == 0);
}

TEST_CASE("log histogram quantiles have bounded relative error", "[stats]")
{
  LogHistogram h;
  for (int i = 1; i <= 10000; ++i)
    h.add(i * 1e-4);  // uniform 0.1 ms .. 1 s
  CHECK(h.quantile(0.5) == Approx(0.5).epsilon(0.012));    // bin width 10^(1/200) - 1 = 1.16 %
  CHECK(h.quantile(0.99) == Approx(0.99).epsilon(0.012));
  CHECK(h.quantile(1.0) == Approx(1.0));
  CHECK(h.quantile(0.0) == Approx(1e-4));
  RunningStats s;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0})
    s.add(x);
  CHECK(s.mean() == Approx(5));
  CHECK(s.variance() == Approx(32.0 / 7.0));
}
