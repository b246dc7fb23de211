#include "sim/cli/crowd.hpp"

#include "sim/cli/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace btlinksim::cli {

namespace {
constexpr size_t kCrowd = 40, kWorst = 10;
}  // namespace


Shown shown_rows(const std::vector<RunResult>& runs)
{
  Shown sh;
  const size_t n = runs.front().sinks.row_names.size();
  sh.crowd       = n > kCrowd;
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  if (sh.crowd) {
    const int N = static_cast<int>(runs.size());
    std::vector<double> rate(n), rx(n, std::numeric_limits<double>::infinity());
    for (size_t i = 0; i < n; ++i) {
      const Interval v = cell(runs, &RunResult::sinks, "dropouts_per_min", i);
      rate[i]          = v.n ? v.mean : std::numeric_limits<double>::infinity();
    }
    // Ties (a crowd without dropouts) go to the weakest received power on the link into the sink.
    const auto& sinks = runs.front().sinks.row_names;
    std::map<std::string, size_t> row_of;
    for (size_t i = 0; i < n; ++i)
      row_of[sinks[i]] = i;
    const auto& links = runs.front().links.row_names;
    for (size_t l = 0; l < links.size(); ++l)
      if (const size_t arrow = links[l].rfind("->"); arrow != std::string::npos)
        if (const auto it = row_of.find(links[l].substr(arrow + 2)); it != row_of.end())
          if (const Interval v = cell(runs, &RunResult::links, "median_rx_dbm", l); v.n > 0)
            rx[it->second] = std::min(rx[it->second], v.mean);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return rate[a] != rate[b] ? rate[a] > rate[b] : rx[a] < rx[b]; });
    std::vector<size_t> keep;
    for (size_t k = 0; k < n; ++k)
      if (k < kWorst || played_in(runs, order[k]) < N)
        keep.push_back(order[k]);
    std::sort(keep.begin(), keep.end());
    order = keep;
  }
  sh.sinks = order;
  for (const size_t i : order)
    sh.sink_names.push_back(runs.front().sinks.row_names[i]);
  std::sort(sh.sink_names.begin(), sh.sink_names.end());
  return sh;
}

bool shows(const Shown& sh, const std::string& name)
{
  return !sh.crowd || std::binary_search(sh.sink_names.begin(), sh.sink_names.end(), name);
}

// The crowd's line: how many sinks are not shown, and the spread of dropouts per minute over all of them.
void print_crowd(const std::vector<RunResult>& runs, const Shown& sh)
{
  if (!sh.crowd)
    return;
  const size_t n = runs.front().sinks.row_names.size();
  std::vector<double> rate;
  for (size_t i = 0; i < n; ++i)
    if (const Interval v = cell(runs, &RunResult::sinks, "dropouts_per_min", i); v.n > 0)
      rate.push_back(v.mean);
  std::sort(rate.begin(), rate.end());
  auto q = [&](double p) { return rate[static_cast<size_t>(std::floor(p * static_cast<double>(rate.size() - 1)))]; };
  std::printf("(%zu of %zu sinks shown: every one that did not play in every replication and the %zu with the most "
              "dropouts/min, then the weakest received power; all rows are in the result file and --json)\n",
              sh.sinks.size(), n, kWorst);
  if (!rate.empty())
    std::printf("dropouts/min over the %zu sinks that played (mean over replications): median %.2f, 95th percentile "
                "%.2f, max %.2f\n",
                rate.size(), q(0.5), q(0.95), rate.back());
}

}  // namespace btlinksim::cli
