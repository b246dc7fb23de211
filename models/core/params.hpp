// Parameter declarations: one entry per parameter (name, dimension/unit, default, range, choices, help).
// The same declaration feeds the CLI options and --help, the scenario loader's checks, the JSON schema and
// docs/parameters.md (ns-3 TypeId / SST ELI idea; docs/references.md [declarations]).
#pragma once

#include "models/core/units.hpp"

#include <limits>
#include <string>
#include <vector>

namespace btlinksim {

// How a parameter's value is written: a scalar (quantity or choice word), free text, a list, or a nested map.
enum class ValueKind { scalar, text, list, map };

struct ParamDecl {
  std::string name;                  // snake_case key; the CLI option is --name with '-' for '_'
  Dimension dimension = Dimension::dimensionless;
  std::string default_text;          // as a user writes it ("4 dBm"); "" = required; "(...)" = derived, explained
  double min = -std::numeric_limits<double>::infinity();  // canonical unit
  double max = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices;  // non-empty: the value must be one of these words
  std::string help;
  ValueKind kind = ValueKind::scalar;
  int list_length = 0;               // lists: required length (0 = any); elements use `dimension` (names if none)

  bool is_choice() const { return !choices.empty(); }
  bool has_plain_default() const { return !default_text.empty() && default_text.front() != '('; }
  std::string unit_text() const;     // "dBm", "m", "one of: a, b", ...
  std::string range_text() const;    // "-30 dBm .. 30 dBm" or ""
};

struct ParamTable {
  std::string name;   // e.g. "range", "scenario.devices.<name>.radio"
  std::string title;
  std::vector<ParamDecl> params;
  const ParamDecl* find(const std::string& key) const;
};

struct CheckedValue {
  double number = 0;   // canonical units (numeric parameters)
  std::string word;    // choice parameters
  std::string error;   // empty when valid: otherwise what is wrong and what to write
  bool ok() const { return error.empty(); }
};

// Parses and range-checks a value written as text. require_unit: scenario files (true) vs CLI (false).
CheckedValue check_param_value(const ParamDecl& decl, const std::string& text, bool require_unit);

// Markdown reference of a table (used to generate docs/parameters.md).
std::string params_markdown(const ParamTable& table);

}  // namespace btlinksim
