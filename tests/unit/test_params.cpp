#include "models/core/params.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("declared parameters check unit, range and choices", "[params]")
{
  ParamDecl dist{"distance", Dimension::length, "8 m", 0.1, 1e5, {}, "distance"};
  CHECK(check_param_value(dist, "12 m", true).number == Approx(12));
  CHECK(check_param_value(dist, "1200 cm", true).number == Approx(12));
  auto out = check_param_value(dist, "-3 m", true);
  REQUIRE_FALSE(out.ok());
  CHECK_THAT(out.error, Catch::Contains("out of range") && Catch::Contains("0.1 m .. 100000 m"));
  CHECK_FALSE(check_param_value(dist, "12", true).ok());
  CHECK(check_param_value(dist, "12", false).ok());

  ParamDecl phy{"phy", Dimension::dimensionless, "br", 0, 0, {"br", "edr2m"}, "phy"};
  CHECK(check_param_value(phy, "edr2m", true).word == "edr2m");
  auto bad = check_param_value(phy, "wifi", true);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error, Catch::Contains("one of: br, edr2m"));
}

TEST_CASE("parameter tables render to Markdown with unit, default and range", "[params]")
{
  ParamTable t{"demo", "Demo", {{"delay", Dimension::time, "150 ms", 0, 10, {}, "playout delay"}}};
  const std::string md = params_markdown(t);
  CHECK_THAT(md, Catch::Contains("| `delay` | s | 150 ms | 0 s .. 10 s | playout delay |"));
  CHECK(t.find("delay") != nullptr);
  CHECK(t.find("nope") == nullptr);
}
