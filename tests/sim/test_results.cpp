// The encoding of a run's result between a forked child and its parent, and in the run store (issue 27 item 5):
// every value comes back bit for bit, and bytes that are not a whole result are refused, never misread.
#include "sim/output/columns.hpp"
#include "sim/output/results.hpp"

#include <catch2/catch.hpp>

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
  r.latency_cdf.sinks     = {"left"};
  r.latency_cdf.latency_s.assign(latency_cdf_levels().size(), 0.0125);
  r.latency_cdf.latency_s.back() = std::numeric_limits<double>::infinity();
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
  CHECK(b.latency_cdf.tabulated);
  CHECK(b.latency_cdf.sinks == a.latency_cdf.sinks);
  REQUIRE(b.latency_cdf.latency_s.size() == a.latency_cdf.latency_s.size());
  for (size_t i = 0; i < a.latency_cdf.latency_s.size(); ++i)
    CHECK(bits(b.latency_cdf.latency_s[i]) == bits(a.latency_cdf.latency_s[i]));
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
  // A latency CDF whose values are not its sinks x the levels (a corrupted store): refused, not expanded later.
  RunResult odd = example();
  odd.latency_cdf.latency_s.pop_back();
  CHECK_THROWS_AS(RunResult::deserialize(odd.serialize()), std::runtime_error);
}

TEST_CASE("the compact latency CDF becomes /latency_cdf: a row per sink and level, named by its sink")
{
  const auto& levels = latency_cdf_levels();
  REQUIRE(levels.size() == 103);  // 0, 0.01, ..., 0.99, then 0.995, 0.999 and 1
  LatencyCdf cdf;
  cdf.tabulated = true;
  cdf.sinks     = {"left", "right ü"};
  for (size_t s = 0; s < 2; ++s)
    for (size_t k = 0; k < levels.size(); ++k)
      cdf.latency_s.push_back(0.001 * static_cast<double>(s * 1000 + k));  // sink s, level k: (1000 s + k) ms
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
  CHECK(lat[1] == 0.001);
  CHECK(lat[103] == 1.0);    // sink 1, level 0: 1000 ms
  CHECK(lat[205] == 1.102);  // sink 1, level 102: 1102 ms
  // Values that are not sinks x levels are a programming error, not a table of the wrong shape.
  cdf.latency_s.pop_back();
  CHECK_THROWS_AS(latency_cdf_table(cdf), std::logic_error);
  // No sink received a frame: a table with no rows.
  CHECK(latency_cdf_table(LatencyCdf{true, {}, {}}).row_names.empty());
}
