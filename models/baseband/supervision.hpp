// Supervision state of one formed link (pure state + step): when it is up, lost or displaced, the last
// acknowledged exchange (which restarts the supervision timer, Link_Supervision_Timeout [codetd-lsto]) and the
// master's idle polling every T_poll while no data is queued.
#pragma once

#include <limits>

namespace btlinksim {

struct LinkSupervision {
  double up_s        = 0;                                         // formed (audio may flow) from
  double down_s      = std::numeric_limits<double>::infinity();   // lost by supervision timeout at
  double displaced_s = std::numeric_limits<double>::infinity();   // displaced by the host at
  double last_ok_s   = 0;  // last acknowledged exchange or answered poll
  double last_air_s  = 0;  // end of the last exchange on the link (idle polling starts here)

  // Whether a packet ready at r is sent at all (the link is formed, not lost, not displaced).
  bool carries(double r) const { return r >= up_s && r < down_s && r < displaced_s; }
  // Formed (or reconnected) at t.
  void mark_up(double t_s);
  // An exchange ended at t (acknowledged or not).
  void on_air_until(double t_s) { last_air_s = last_air_s > t_s ? last_air_s : t_s; }

  // The master polls the idle link at last_air + k T_poll for every poll before `until` (answered(q): whether
  // the POLL/NULL exchange at q succeeds; an answer restarts the timer). Returns the time the link is lost if the
  // timer expires while idle (last_ok + timeout), or -1 if it survives to `until`; -2 if it was lost already.
  template <class Answered> double poll_idle(double until_s, double timeout_s, double poll_interval_s, Answered answered)
  {
    for (double q = last_air_s + poll_interval_s; q < until_s; q += poll_interval_s) {
      if (q >= down_s)
        return -2;
      if (q >= last_ok_s + timeout_s)
        return last_ok_s + timeout_s;
      if (answered(q))
        last_ok_s = q;
    }
    return -1;
  }
};

}  // namespace btlinksim
