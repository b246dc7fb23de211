// Results of one run (one replication): columnar tables (one value vector per column), as written to HDF5 and
// passed from a forked run back to its parent.
#pragma once

#include "models/core/stats.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace btlinksim {

struct ResultTable {
  std::string name;                       // "sinks", "links", "devices"
  std::vector<std::string> row_names;     // one per row (device or "tx->rx")
  std::vector<std::string> columns;
  std::vector<std::string> units;         // one per column ("s", "1", "1/min", ...)
  std::vector<std::vector<double>> values;  // values[column][row]

  std::vector<std::string> text_columns;                  // string columns (e.g. a reason per row)
  std::vector<std::vector<std::string>> text_values;      // text_values[column][row], no newlines

  void add_column(const std::string& name, const std::string& unit) { columns.push_back(name); units.push_back(unit); values.emplace_back(); }
  void add_text_column(const std::string& name) { text_columns.push_back(name); text_values.emplace_back(); }
  int column(const std::string& name) const;
  double at(const std::string& col, size_t row) const { return values[column(col)][row]; }
};

// What the time-series collector records, one entry per packet arrival at a sink (becomes RunResult::timeseries).
struct TimeSeries {
  std::vector<double> sink_index, first_frame, frames, capture_s, arrival_s, play_s, rx_dbm;
};

// Each sink's transport latency distribution, kept as its histogram's counts (models/core/stats.hpp): a few bins
// per sink where the CDF at the levels latency_cdf_levels() (sim/output/columns.hpp) is 103 values, so a crowd's run
// touches and sends a tenth of the memory (docs/performance.md). latency_cdf_table computes the file's
// /latency_cdf from it, a row per sink and level, when the file is written.
struct LatencyCdf {
  bool tabulated = false;          // false: the run has no such table (a result put together by hand)
  std::vector<std::string> sinks;  // the sinks that received a frame, in the order of /sinks
  // The binning, the same for every sink (HistogramCounts).
  double log_lo = 0, bins_per_decade = 0;
  std::uint64_t nbins = 0;
  // Per sink: its first bin, count, min, max, and where its counts end in `window` (sink i's are
  // window[window_end[i - 1] .. window_end[i]), from 0 for the first).
  std::vector<std::uint64_t> base, count, window_end;
  std::vector<double> min_s, max_s;
  std::vector<std::uint64_t> window;

  void reserve(size_t sinks);  // room for that many sinks (their counts grow as added)
  // Appends a sink's histogram (std::logic_error if its binning is not the first sink's).
  void add(const std::string& sink, const HistogramCounts& h);
  // Sink i's histogram (pointing into `window`).
  HistogramCounts counts(size_t i) const;
  // Why the parts do not make one histogram per sink (sizes, a window beyond the bins or not summing to its
  // count), or empty when they do.
  std::string mismatch() const;
};

struct RunResult {
  int replication = 0;
  double sim_end_s = 0;
  double wall_s    = 0;
  long long events = 0;  // packet-hops simulated
  ResultTable sinks, links, devices;
  ResultTable formation;  // link formation, when the scenario enables it (empty otherwise)
  ResultTable outages;    // links lost by supervision timeout and their reconnection (always present)
  ResultTable timeseries;  // with output.timeseries (empty otherwise): rows unnamed
  LatencyCdf latency_cdf;

  // Binary, bit for bit (results.cpp), for the pipe from a forked child and the run store; deserialize throws
  // std::runtime_error on bytes that are not a whole result of this format.
  std::string serialize() const;
  static RunResult deserialize(std::string_view bytes);
};

// One run of a set that goes on whatever fails (a sweep): the result, or the failure's message.
struct RunOutcome {
  std::optional<RunResult> result;
  std::string error;
};

}  // namespace btlinksim
