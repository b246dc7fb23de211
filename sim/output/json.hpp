// JSON output (--json) is written with nlohmann-json's ordered_json (keys in insertion order). Non-finite
// numbers have no JSON spelling: they are written as null.
#pragma once

#include <nlohmann/json.hpp>

#include <cmath>

namespace btlinksim {

inline nlohmann::ordered_json json_number(double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr; }

}  // namespace btlinksim
