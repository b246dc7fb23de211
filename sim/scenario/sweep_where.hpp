// The `where` constraint of a sweep file: which points of the product to keep.
//
//   where: devices.right.position[0] <= 20 m or topology.kind == relay
//
// Grammar: expr = and ('or' and)* ; and = unary ('and' unary)* ; unary = 'not' unary | '(' expr ')' | cmp ;
// cmp = PATH OP VALUE with OP one of == != < <= > >=. PATH names a value in the point's scenario (after the
// sweep's values are set), in the sweep's path syntax without '*'. VALUE is the rest up to and/or/')': a number
// with an optional unit ("20 m", "2"), or a word or quoted text ('relay'). Numbers compare as numbers and need the
// same unit on both sides, except that a plain number (as in position: [2, 1]) is taken to be in whatever unit
// the other side names, which is the key's declared unit; text compares only with == and !=.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace btlinksim {

// "4 m" -> (4, "m"); "0.5" -> (0.5, ""); false if s does not start with a number.
bool split_quantity(const std::string& s, double& v, std::string& unit);

struct WhereNode;

class Where {
public:
  // Parses text; on failure returns nullopt and sets error (what is wrong, near which word).
  static std::optional<Where> parse(const std::string& text, std::string& error);
  // The scalar text at a path of the point's scenario, or nullopt if there is none. A value that is a map or a
  // list is reported through error by the lookup itself.
  using Lookup = std::function<std::optional<std::string>(const std::string& path, std::string& error)>;
  // Whether the point is kept; on an error (a path not in the scenario, units that differ, text ordered) returns
  // false and sets error.
  bool holds(const Lookup& lookup, std::string& error) const;
  const std::string& text() const { return text_; }

private:
  std::shared_ptr<const WhereNode> root_;
  std::string text_;
};

}  // namespace btlinksim
