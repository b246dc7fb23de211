// The encoding of a run's result between a forked child and its parent, and in the run store (issue 27 item 5):
// every value comes back bit for bit, and bytes that are not a whole result are refused, never misread.
#include "sim/output/columns.hpp"
#include "sim/output/results.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

using namespace btlinksim;

namespace {
std::uint64_t bits(double v)
{
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

double from_bits(std::uint64_t b)
{
  double v;
  std::memcpy(&v, &b, sizeof v);
  return v;
}

void same(const ResultTable& a, const ResultTable& b)
{
  CHECK(a.name == b.name);
  CHECK(a.row_names == b.row_names);
  CHECK(a.columns == b.columns);
  CHECK(a.units == b.units);
  REQUIRE(a.values.size() == b.values.size());
  for (size_t c = 0; c < a.values.size(); ++c) {
    REQUIRE(a.values[c].size() == b.values[c].size());
    for (size_t r = 0; r < a.values[c].size(); ++r)
      CHECK(bits(a.values[c][r]) == bits(b.values[c][r]));
  }
  CHECK(a.text_columns == b.text_columns);
  CHECK(a.text_values == b.text_values);
}

RunResult example()
{
  RunResult r;
  r.replication = 7;
  r.sim_end_s   = 600.000000000001;
  r.wall_s      = 0.0123;
  r.events      = 4'000'000'000'123LL;  // beyond 32 bits
  r.sinks.name  = "sinks";
  r.sinks.row_names = {"left", "right speaker ü"};  // UTF-8 and spaces in a name
  r.sinks.add_column("latency_s", "s");
  r.sinks.values.back() = {1.0 / 3.0, -0.0};
  r.sinks.add_column("odd", "1");
  // A NaN with a payload, infinities, the smallest subnormal: text formatting loses the first.
  r.sinks.values.back() = {from_bits(0x7ff8000000000abcULL), std::numeric_limits<double>::denorm_min()};
  r.sinks.add_text_column("reason");
  r.sinks.text_values.back() = {"", "out of range: 12 m"};
  r.links.name = "links";
  r.links.add_column("inf", "dB");  // a column of a table with no rows
  r.latency_cdf.tabulated = true;
  LogHistogram left, right;  // the second with values below and above its bins (underflow, overflow)
  for (double v : {0.0125, 0.0125, 0.013, 0.25})
    left.add(v);
  for (double v : {1e-9, 0.02, 5e3, std::numeric_limits<double>::infinity()})
    right.add(v);
  r.latency_cdf.add("left", left.counts());
  r.latency_cdf.add("right speaker ü", right.counts());
  return r;  // devices, formation, outages and timeseries stay empty (absent)
}
}  // namespace

TEST_CASE("a run's result comes back from its encoding bit for bit, NaN payloads and -0.0 included")
{
  const RunResult a = example();
  const RunResult b = RunResult::deserialize(a.serialize());
  CHECK(b.replication == 7);
  CHECK(bits(b.sim_end_s) == bits(a.sim_end_s));
  CHECK(bits(b.wall_s) == bits(a.wall_s));
  CHECK(b.events == 4'000'000'000'123LL);
  for (auto [x, y] : {std::pair{&a.sinks, &b.sinks}, {&a.links, &b.links}, {&a.devices, &b.devices},
                      {&a.formation, &b.formation}, {&a.outages, &b.outages}, {&a.timeseries, &b.timeseries}})
    same(*x, *y);
  const LatencyCdf &x = a.latency_cdf, &y = b.latency_cdf;
  CHECK(y.tabulated);
  CHECK(y.sinks == x.sinks);
  CHECK(bits(y.log_lo) == bits(x.log_lo));
  CHECK(bits(y.bins_per_decade) == bits(x.bins_per_decade));
  CHECK(y.nbins == x.nbins);
  CHECK(y.base == x.base);
  CHECK(y.count == x.count);
  CHECK(y.window_end == x.window_end);
  CHECK(y.window == x.window);
  REQUIRE(y.min_s.size() == 2);
  REQUIRE(y.max_s.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(bits(y.min_s[i]) == bits(x.min_s[i]));
    CHECK(bits(y.max_s[i]) == bits(x.max_s[i]));
  }
  CHECK(y.max_s[1] == std::numeric_limits<double>::infinity());
  CHECK(bits(b.sinks.values[0][1]) == 0x8000000000000000ULL);  // -0.0, not 0.0
  CHECK(bits(b.sinks.values[1][0]) == 0x7ff8000000000abcULL);
  CHECK(b.devices.name.empty());
  // The same result encodes to the same bytes (the run store's files are compared across runs).
  CHECK(a.serialize() == b.serialize());
}

TEST_CASE("bytes that are not a whole result are refused: cut short, extended, another format, a wild length")
{
  const std::string good = example().serialize();
  for (size_t cut : {size_t{0}, size_t{5}, size_t{12}, good.size() / 2, good.size() - 1})
    CHECK_THROWS_AS(RunResult::deserialize(good.substr(0, cut)), std::runtime_error);
  CHECK_THROWS_AS(RunResult::deserialize(good + "x"), std::runtime_error);
  // The text format of earlier versions (a run store written by them): refused, so the run is run again.
  CHECK_THROWS_AS(RunResult::deserialize("0 600 0.01 8270\ntable sinks 1 1\nleft\n"), std::runtime_error);
  std::string other_order = good;
  std::swap(other_order[8], other_order[11]);  // the byte-order mark, as another byte order writes it
  CHECK_THROWS_AS(RunResult::deserialize(other_order), std::runtime_error);
  // The first table's name length (after the 8-byte header, byte-order mark and 4 scalars) set to 2^62: a
  // length beyond the input is refused before anything is allocated.
  std::string wild      = good;
  const std::uint64_t n = std::uint64_t{1} << 62;
  std::memcpy(wild.data() + 8 + 4 + 4 * 8, &n, sizeof n);
  CHECK_THROWS_AS(RunResult::deserialize(wild), std::runtime_error);
  // Latency histograms that do not fit together (a corrupted store): refused, not expanded later.
  auto refused = [](void (*spoil)(LatencyCdf&)) {
    RunResult odd = example();
    REQUIRE(odd.latency_cdf.mismatch().empty());
    spoil(odd.latency_cdf);
    CHECK_FALSE(odd.latency_cdf.mismatch().empty());
    CHECK_THROWS_AS(RunResult::deserialize(odd.serialize()), std::runtime_error);
  };
  refused([](LatencyCdf& c) { c.min_s.pop_back(); });             // a sink without its minimum
  refused([](LatencyCdf& c) { ++c.window.front(); });              // counts that do not sum to the sink's count
  refused([](LatencyCdf& c) { c.window_end.front() = 99; });       // a window past the counts
  refused([](LatencyCdf& c) { c.window.push_back(0); });           // counts after the last sink's
  refused([](LatencyCdf& c) { c.base.back() = c.nbins; });         // a window past the last bin
  refused([](LatencyCdf& c) { c.nbins = 1; });                     // no bins to hold a value
}

TEST_CASE("the latency histograms become /latency_cdf: a row per sink and level, named by its sink, the quantiles of each")
{
  const auto& levels = latency_cdf_levels();
  REQUIRE(levels.size() == 103);  // 0, 0.01, ..., 0.99, then 0.995, 0.999 and 1
  // Worked by hand: sink "left" has two latencies, one frame each, in the middle of the bins that start at 1 ms and
  // at 10 ms. Bins are 1/200 of a decade (LogHistogram's default): a quantile inside a bin is the bin's lower edge
  // times 10^(frac / 200), frac the part of the bin's count below the level; min and max are exact at levels 0
  // and 1, and every value is clamped to them.
  const double x1 = std::pow(10.0, -3 + 0.5 / 200), x2 = std::pow(10.0, -2 + 0.5 / 200);
  LogHistogram left, right;
  left.add(x1);
  left.add(x2);
  for (int k = 1; k <= 1000; ++k)
    right.add(0.02 + 1e-5 * k);  // "right ü": 1,000 latencies over 20..30 ms
  LatencyCdf cdf;
  cdf.tabulated = true;
  cdf.add("left", left.counts());
  cdf.add("right ü", right.counts());
  const ResultTable t = latency_cdf_table(cdf);
  CHECK(t.name == "latency_cdf");
  REQUIRE(t.row_names.size() == 206);
  CHECK(t.row_names[0] == "left");
  CHECK(t.row_names[102] == "left");
  CHECK(t.row_names[103] == "right ü");
  CHECK(t.row_names[205] == "right ü");
  const auto& level = t.values[static_cast<size_t>(t.column("level"))];
  const auto& lat   = t.values[static_cast<size_t>(t.column("latency_s"))];
  REQUIRE(level.size() == 206);
  REQUIRE(lat.size() == 206);
  CHECK(level[0] == 0.0);
  CHECK(level[50] == 0.5);
  CHECK(level[100] == 0.995);
  CHECK(level[103] == 0.0);  // the second sink's levels start again
  CHECK(level[205] == 1.0);
  CHECK(lat[0] == x1);                                                         // level 0: the smallest, exact
  CHECK(lat[10] == x1);  // 10^(-3 + 0.2 / 200): below the smallest, clamped to it
  CHECK(lat[50] == Approx(1e-3 * std::pow(10.0, 1.0 / 200)).epsilon(1e-12));  // the first bin's upper edge
  CHECK(lat[75] == Approx(x2).epsilon(1e-12));                                 // half of the second's bin
  CHECK(lat[99] == x2);  // 10^(-2 + 0.98 / 200): above the largest, clamped to it
  CHECK(lat[102] == x2);                                                       // level 1: the largest, exact
  CHECK(lat[103] == Approx(0.02001));
  CHECK(lat[153] == Approx(0.025).epsilon(0.012));                  // the median within a bin (1.2 %)
  CHECK(lat[205] == Approx(0.03));
  // The file's values are the histogram's own quantiles, bit for bit (what the run computed before the counts were
  // kept instead of the values).
  for (size_t k = 0; k < levels.size(); ++k) {
    CHECK(bits(lat[k]) == bits(left.quantile(levels[k])));
    CHECK(bits(lat[103 + k]) == bits(right.quantile(levels[k])));
  }
  // Histograms that do not fit together are a programming error, not a table of the wrong shape.
  LatencyCdf odd = cdf;
  odd.count.back() += 1;
  CHECK_THROWS_AS(latency_cdf_table(odd), std::logic_error);
  CHECK_THROWS_AS(cdf.add("coarse", LogHistogram(1e-6, 1e3, 100).counts()), std::logic_error);
  // No sink received a frame: a table with no rows.
  CHECK(latency_cdf_table(LatencyCdf{}).row_names.empty());
}
