// The sweep `where` constraint (issue 13): precedence, units and errors, evaluated against a table of values
// written here, so every expected truth value is worked out by hand from the expression.
#include "sim/scenario/sweep_where.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace btlinksim;

namespace {
const std::map<std::string, std::string> point{
    {"topology.kind", "relay"}, {"devices.right.position[0]", "30 m"}, {"devices.left.position[0]", "2"},
    {"duration", "60 s"}};

Where::Lookup lookup()
{
  return [](const std::string& p, std::string&) -> std::optional<std::string> {
    auto it = point.find(p);
    return it == point.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

bool holds(const std::string& text)
{
  std::string err;
  auto w = Where::parse(text, err);
  REQUIRE(w);
  const bool v = w->holds(lookup(), err);
  REQUIRE(err.empty());
  return v;
}

std::string eval_error(const std::string& text)
{
  std::string err;
  auto w = Where::parse(text, err);
  if (!w)
    return err;
  w->holds(lookup(), err);
  return err;
}
}  // namespace

TEST_CASE("where: comparisons of numbers with units and of text")
{
  CHECK(holds("devices.right.position[0] <= 30 m"));
  CHECK_FALSE(holds("devices.right.position[0] < 30 m"));
  CHECK(holds("devices.right.position[0] > 29.5 m"));
  CHECK(holds("duration == 60 s"));
  CHECK(holds("duration != 61 s"));
  CHECK(holds("topology.kind == relay"));
  CHECK(holds("topology.kind == 'relay'"));
  CHECK(holds("topology.kind != dual_stream"));
  // A plain number in the scenario (position: [2, 1], metres by declaration) compares with a value in m.
  CHECK(holds("devices.left.position[0] == 2 m"));
  CHECK(holds("devices.left.position[0]>=2"));  // operators need no spaces
}

TEST_CASE("where: and binds tighter than or, then not and parentheses")
{
  // false or (true and true) = true; (false or true) and false = false.
  CHECK(holds("topology.kind == dual_stream or duration == 60 s and devices.left.position[0] == 2"));
  CHECK_FALSE(holds("(topology.kind == dual_stream or duration == 60 s) and devices.left.position[0] == 3"));
  CHECK_FALSE(holds("topology.kind == dual_stream or duration == 60 s and devices.left.position[0] == 3"));
  CHECK(holds("not topology.kind == dual_stream"));
  CHECK_FALSE(holds("not (topology.kind == relay and duration == 60 s)"));
  CHECK(holds("not not topology.kind == relay"));
}

TEST_CASE("where: errors say what is wrong")
{
  CHECK_THAT(eval_error("duration > 5 dBm"), Catch::Contains("give the value in 's'"));
  CHECK_THAT(eval_error("topology.kind < relay"), Catch::Contains("needs numbers"));
  CHECK_THAT(eval_error("nothing == 1"), Catch::Contains("not in the point's scenario"));
  CHECK_THAT(eval_error("duration > 1 s or"), Catch::Contains("PATH OP VALUE is expected"));
  CHECK_THAT(eval_error("(duration > 1 s"), Catch::Contains("')' is missing"));
  CHECK_THAT(eval_error("duration = 1 s"), Catch::Contains("write == or !="));
  CHECK_THAT(eval_error("duration 1 s"), Catch::Contains("an operator"));
  CHECK_THAT(eval_error("devices.*.radio.class == 1"), Catch::Contains("'*' is not allowed"));
  CHECK_THAT(eval_error("topology.kind == 'relay"), Catch::Contains("not closed"));
  CHECK_THAT(eval_error("   "), Catch::Contains("an empty constraint"));
  CHECK_THAT(eval_error("duration == 1 s duration == 2 s"), Catch::Contains("join comparisons with and / or"));
}
