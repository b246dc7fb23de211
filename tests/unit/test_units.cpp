#include "models/core/units.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("quantities convert to canonical units", "[units]")
{
  CHECK(parse_quantity("150 ms", Dimension::time, true).value == Approx(0.150));
  CHECK(parse_quantity("10 min", Dimension::time, true).value == Approx(600));
  CHECK(parse_quantity("4 slots", Dimension::time, true).value == Approx(4 * 625e-6));  // slot = 625 us
  CHECK(parse_quantity("2.44 GHz", Dimension::frequency, true).value == Approx(2.44e9));
  CHECK(parse_quantity("100 mW", Dimension::power, true).value == Approx(20.0));  // 10 log10(100)
  CHECK(parse_quantity("1 W", Dimension::power, true).value == Approx(30.0));
  CHECK(parse_quantity("2.5mW", Dimension::power, true).value == Approx(3.9794).epsilon(1e-4));
  CHECK(parse_quantity("-8 ppm", Dimension::drift, true).value == Approx(-8));
  CHECK(parse_quantity("328 kbps", Dimension::bitrate, true).value == Approx(328000));
  CHECK(parse_quantity("90 %", Dimension::fraction, true).value == Approx(0.9));
  CHECK(parse_quantity("2 km", Dimension::length, true).value == Approx(2000));
}

TEST_CASE("quantities without or with a wrong unit are errors that say what to write", "[units]")
{
  auto bare = parse_quantity("150", Dimension::time, true);
  REQUIRE_FALSE(bare.ok());
  CHECK_THAT(bare.error, Catch::Contains("no unit") && Catch::Contains("ms"));
  CHECK(parse_quantity("150", Dimension::time, false).value == Approx(150));  // CLI: canonical unit

  auto wrong = parse_quantity("8 furlongs", Dimension::length, true);
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.error, Catch::Contains("furlongs") && Catch::Contains("m, cm"));

  CHECK_FALSE(parse_quantity("abc", Dimension::length, true).ok());
  CHECK_FALSE(parse_quantity("2.5", Dimension::count, true).ok());
  CHECK_FALSE(parse_quantity("-1 mW", Dimension::power, true).ok());
  CHECK_FALSE(parse_quantity("3 dB", Dimension::count, true).ok());
}

TEST_CASE("decibel helpers are inverse of each other", "[units]")
{
  CHECK(db_to_linear(3.0) == Approx(1.9953).epsilon(1e-4));
  CHECK(linear_to_db(db_to_linear(-17.5)) == Approx(-17.5));
  CHECK(dbm_to_mw(20) == Approx(100));
  CHECK(mw_to_dbm(2.5) == Approx(3.9794).epsilon(1e-4));
}
