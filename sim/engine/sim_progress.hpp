// Progress of a forked run in simulated time, for the parent's progress line: the child's engine publishes its
// clock into a page shared with the parent (an anonymous shared mapping made before the fork). Only a store of a
// double per time advance; the simulation does not see it, so results do not change.
#pragma once

#include <atomic>

namespace btlinksim {

struct SimProgress {
  std::atomic<double> now_s{0};
  std::atomic<double> end_s{0};
};

// A SimProgress in memory shared with children forked after the call; nullptr if the mapping fails.
SimProgress* map_sim_progress();
void unmap_sim_progress(SimProgress* p);

// In a child: where the engine should publish its clock (nullptr: nowhere, the default).
void publish_sim_progress_to(SimProgress* p);
SimProgress* sim_progress_target();

}  // namespace btlinksim
