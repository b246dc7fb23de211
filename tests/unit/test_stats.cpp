#include "models/core/stats.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace btlinksim;

TEST_CASE("Student-t 95 % quantiles match the published table", "[stats]")
{
  // t_{0.975}: closed forms for 1 dof (Cauchy: tan(0.475 pi)) and 2 dof (F(t) = 1/2 + t / (2 sqrt(2 + t^2)) gives
  // 0.95 sqrt(2 / (1 - 0.95^2))); the others to 9 decimals, of which NIST/SEMATECH e-Handbook §1.3.6.7.2 prints 3.
  CHECK(student_t_975(1) == Approx(std::tan(0.475 * M_PI)).epsilon(1e-12));  // 12.706204736
  CHECK(student_t_975(2) == Approx(0.95 * std::sqrt(2.0 / (1 - 0.95 * 0.95))).epsilon(1e-12));  // 4.302652730
  CHECK(student_t_975(4) == Approx(2.776445105).epsilon(1e-8));   // n = 5 replications (docs/references.md [streams]: 2.78 vs 1.96)
  CHECK(student_t_975(30) == Approx(2.042272456).epsilon(1e-8));
  CHECK(student_t_975(40) == Approx(2.02107539).epsilon(1e-8));  // table 2.021
  CHECK(student_t_975(120) == Approx(1.979930405).epsilon(1e-8)); // table 1.980
  CHECK(student_t_975(100000) == Approx(1.959963985).margin(1e-4)); // the normal quantile in the limit
}

TEST_CASE("mean and interval of replications, worked by hand", "[stats]")
{
  // values 1..5: mean 3, s^2 = 2.5, half-width = t(0.975, 4) sqrt(2.5 / 5) = 2.776445105 * 0.7071068 = 1.9632431
  const Interval i = mean_ci95({1, 2, 3, 4, 5});
  CHECK(i.mean == Approx(3));
  CHECK(i.half_width == Approx(2.776445105 * std::sqrt(0.5)).epsilon(1e-8));
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

TEST_CASE("log histogram: bin i holds 10^(log10 lo + (i-1)/bpd) up to 10^(log10 lo + i/bpd), whatever the arrival order", "[stats]")
{
  // Values spread over the whole range and beyond it (under- and overflow), many exactly on bin edges, added in
  // three orders: the window of bins grows at both ends; every quantile must come out the same, and equal the
  // one of counts binned by searching the edges (the log2-table guess and its correction must agree with it).
  std::vector<double> xs;
  for (int i = 0; i < 4000; ++i)
    xs.push_back(std::pow(10.0, -7.5 + 11.0 * ((i * 7919) % 4000) / 4000.0));  // 10^-7.5 .. 10^3.5
  const double lo = 1e-6, bpd = 200;
  const size_t nbins = static_cast<size_t>(std::ceil((std::log10(1e3) - std::log10(lo)) * bpd)) + 2;
  std::vector<double> edges;  // lower edges of bins 1 .. nbins - 1
  for (size_t i = 1; i < nbins; ++i)
    edges.push_back(i == 1 ? lo : std::pow(10.0, std::log10(lo) + static_cast<double>(i - 1) / bpd));
  std::vector<std::uint64_t> ref(nbins, 0);
  for (double x : xs)
    ++ref[static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), x) - edges.begin())];
  auto reference_quantile = [&](double q, double mn, double mx) {
    const double target = q * static_cast<double>(xs.size());
    double cum          = 0;
    for (size_t i = 0; i < nbins; ++i) {
      if (ref[i] == 0)
        continue;
      if (cum + ref[i] >= target) {
        if (i == 0)
          return mn;
        if (i == nbins - 1)
          return mx;
        const double v = std::pow(10.0, std::log10(lo) + (i - 1) / bpd + (target - cum) / ref[i] / bpd);
        return std::clamp(v, mn, mx);
      }
      cum += ref[i];
    }
    return mx;
  };
  std::vector<double> up = xs, down = xs;
  std::sort(up.begin(), up.end());
  std::sort(down.rbegin(), down.rend());
  LogHistogram a, b, c;
  for (size_t i = 0; i < xs.size(); ++i) {
    a.add(xs[i]);
    b.add(up[i]);
    c.add(down[i]);
  }
  for (double q : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999}) {
    const double want = reference_quantile(q, up.front(), up.back());
    CHECK(a.quantile(q) == want);
    CHECK(b.quantile(q) == want);
    CHECK(c.quantile(q) == want);
  }
}

TEST_CASE("log histogram: add_each over a run of values is add of each, bit for bit", "[stats]")
{
  // A packet's frames are added in one call (sim/engine/collectors.hpp); it must keep the same state as adding
  // them one by one: count, min, max, mean and every quantile equal exactly, over under- and overflow too.
  std::vector<double> xs;
  for (int i = 0; i < 5000; ++i)
    xs.push_back(std::pow(10.0, -7.0 + 11.0 * ((i * 104729) % 5000) / 5000.0) * (1.0 + 1e-3 * (i % 7)));
  LogHistogram one, each;
  for (double x : xs)
    one.add(x);
  for (size_t i = 0; i < xs.size(); i += 7) {
    const int n = static_cast<int>(std::min<size_t>(7, xs.size() - i));
    each.add_each(n, [&](int k) { return xs[i + static_cast<size_t>(k)]; });
  }
  CHECK(each.count() == one.count());
  CHECK(each.min() == one.min());
  CHECK(each.max() == one.max());
  CHECK(each.mean() == one.mean());
  for (double q : {0.001, 0.1, 0.5, 0.9, 0.999})
    CHECK(each.quantile(q) == one.quantile(q));
}

TEST_CASE("log histogram: add_n of a value is n adds of it", "[stats]")
{
  // A broadcast receiver's run of frames shares one latency (sim/engine/collectors.hpp): counts, extremes and
  // every quantile as n adds; the mean by one multiplication (within rounding).
  LogHistogram one, many;
  const std::vector<std::pair<double, std::uint64_t>> runs{{0.0176, 5000}, {0.0178, 3}, {2e-7, 1}, {0.0176, 1}, {5e3, 2}};
  for (const auto& [x, n] : runs) {
    many.add_n(x, n);
    for (std::uint64_t i = 0; i < n; ++i)
      one.add(x);
  }
  many.add_n(1.0, 0);
  CHECK(many.count() == one.count());
  CHECK(many.min() == one.min());
  CHECK(many.max() == one.max());
  CHECK(many.mean() == Approx(one.mean()).epsilon(1e-12));
  for (double q : {0.0, 0.001, 0.5, 0.9995, 0.9999, 1.0})
    CHECK(many.quantile(q) == one.quantile(q));
}
