// A Chrome / Perfetto trace-event timeline of one replication (output.trace; replication 0): a track per device
// radio and per link with a slice per attempt on the air (outcome, attempt number, RF channel), instants where a sink's
// playout underran, and slices for link formation (discovery, then page / handshake up to the link) and for
// each outage (supervision timeout to reconnection). Only events inside [trace_from, trace_from + trace_for)
// are kept, so an hour-long run writes what the window holds. JSON Trace Event Format ("X" complete events in
// microseconds, "i" instants, "M" metadata naming processes and threads), written with nlohmann-json.
#pragma once

#include "sim/engine/collectors.hpp"
#include "sim/engine/run.hpp"
#include "sim/engine/transport.hpp"
#include "sim/output/results.hpp"

#include <functional>
#include <string>
#include <vector>

namespace btlinksim {

class TraceCollector {
public:
  explicit TraceCollector(const Run& run);
  // channel: each exchange's RF channel, asked as it is signalled (the transport's exchange_channel).
  void connect(Signals& s, SinkCollector& sinks, std::function<ExchangeChannel(int link, double start_s)> channel);
  // Writes the file atomically (NAME.PID.tmp, renamed); throws std::runtime_error if it cannot.
  void write(const std::string& path, const RunResult& r) const;

private:
  struct Exchange {
    int link, attempt;
    bool ok;
    double start_s, end_s;
    ExchangeChannel channel;
  };
  bool inside(double a, double b) const { return b >= from_s_ && a < to_s_; }
  const Run& run_;
  double from_s_, to_s_;
  std::vector<Exchange> exchanges_;
  std::vector<std::pair<int, double>> underruns_;  // sink, time
};

}  // namespace btlinksim
