// Supervision timeout and reconnection: a link lost because nothing was acknowledged for the timeout, and the
// actor that pages the peer again (Page_Timeout 5.12 s per try) until it answers, the tries run out or the run
// ends; then A2DP set-up again (host links) or a role switch (speaker links; the handshake is remembered, U).
#pragma once

#include "sim/engine/run.hpp"

#include <cstddef>

namespace btlinksim {

// Emits on_link_down, on_paged and on_link_up (signals.hpp); the OutageCollector keeps the outages.

class Reconnection {
public:
  explicit Reconnection(Run& run) : run_(run) {}
  // The link is gone at t: the audio behind it stops until a reconnection (an actor is started for it).
  void drop(LinkState& l, double t_s);
  // Formed (or reconnected) at t: audio may flow from then on.
  static void mark_up(LinkState& l, double t_s);

private:
  void reconnect_actor(LinkState& l, size_t k, double down_s);
  Run& run_;
  size_t drops_ = 0;  // outages so far: the k-th reconnection draws from its own stream
};

}  // namespace btlinksim
