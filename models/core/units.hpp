// Units and quantities: decibel helpers and the parser for quantities written with units ("150 ms", "4 dB").
// Pure C++: used by the scenario loader and the CLI, tested without the engine.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace btlinksim {

inline constexpr double kSpeedOfLight_m_per_s = 299792458.0;  // exact, SI definition of the metre

double db_to_linear(double db);
double linear_to_db(double ratio);
double dbm_to_mw(double dbm);
double mw_to_dbm(double mw);

// What a quantity measures. Each dimension has one canonical unit in which values are stored:
// length m, time s, frequency Hz, power dBm, level dB, drift ppm, bit rate bit/s, fraction (0..1), count.
enum class Dimension { length, time, frequency, power, level, drift, bitrate, speed, current, voltage, charge, fraction, count, dimensionless };

const char* canonical_unit(Dimension d);
// Units accepted for a dimension, in the order they are listed in error messages.
std::vector<std::string> accepted_units(Dimension d);
// The dimension a unit belongs to (the first of the physical dimensions that accepts it), or nullopt.
std::optional<Dimension> dimension_of_unit(const std::string& unit);

struct ParsedQuantity {
  double value = 0;          // in the canonical unit of the dimension
  std::string error;         // empty on success; otherwise what is wrong and what to write instead
  bool ok() const { return error.empty(); }
};

// Parses "<number> <unit>" (space optional) into the canonical unit of `dim`.
// require_unit: a bare number is an error (scenario files); otherwise it is taken in the canonical unit (CLI).
ParsedQuantity parse_quantity(std::string_view text, Dimension dim, bool require_unit);

// Formats a canonical value with its canonical unit, e.g. "8 m", "0.15 s".
std::string format_quantity(double value, Dimension dim);

}  // namespace btlinksim
