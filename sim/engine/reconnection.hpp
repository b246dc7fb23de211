// Supervision timeout and reconnection: a link lost because nothing was acknowledged for the timeout, and the
// actor that pages the peer again (Page_Timeout 5.12 s per try) until it answers, the tries run out or the run
// ends; then A2DP set-up again (host links) or a role switch (speaker links; the handshake is remembered, U).
#pragma once

#include "sim/engine/run.hpp"

#include <deque>
#include <limits>
#include <string>

namespace btlinksim {

// A link lost by the supervision timeout, and its reconnection.
struct Outage {
  std::string link;
  double down_s = 0, last_ok_s = 0;
  double up_s   = std::numeric_limits<double>::quiet_NaN();  // reconnected at (NaN: not before the end)
  int pages     = 0;
};

class Reconnection {
public:
  explicit Reconnection(Run& run) : run_(run) {}
  // The link is gone at t: the audio behind it stops until a reconnection (an actor is started for it).
  void drop(LinkState& l, double t_s);
  // Formed (or reconnected) at t: audio may flow from then on.
  static void mark_up(LinkState& l, double t_s);
  const std::deque<Outage>& outages() const { return outages_; }

private:
  void reconnect_actor(LinkState& l, size_t k);
  Run& run_;
  std::deque<Outage> outages_;  // deque: reconnect actors hold indices while others append
};

}  // namespace btlinksim
