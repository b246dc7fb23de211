// The verdict of a comparison (issue 22): one line per criterion -- every sink plays, dropouts, end-to-end latency,
// skew, battery -- naming the better design where the 95 % intervals separate, "no difference at 95 %" otherwise,
// and the cause behind a design's dropouts (the /sinks cause columns; air time with the radio's budgeted need).
// Computed from the per-replication results, so `compare` (runs in memory) and `verdict` / the report (run files)
// say the same.
#pragma once

#include "models/core/stats.hpp"
#include "sim/output/results.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace btlinksim::cli {

struct Design {
  std::string title;
  const std::vector<RunResult>* runs;
};

struct CriterionVerdict {
  std::string criterion;                    // "dropouts"
  std::string measure;                      // what is compared: "worst sink's dropouts per minute"
  std::string unit;                         // as printed: "1/min", "ms", ...
  std::vector<std::optional<Interval>> by_design;  // nullopt: not applicable to that design
  std::optional<size_t> better;             // the design whose interval separates from every other's, if any
  std::string verdict;                      // the sentence: "B (dual stream) better at 95 %", "no difference at 95 %"
  std::vector<std::string> causes;          // per design with dropouts: "air time 100 %: radio of left needs 108 %"
};

std::vector<CriterionVerdict> verdict(const std::vector<Design>& designs);
void print_verdict(const std::vector<Design>& designs, const std::vector<CriterionVerdict>& v);
nlohmann::ordered_json verdict_json(const std::vector<Design>& designs, const std::vector<CriterionVerdict>& v);

}  // namespace btlinksim::cli
