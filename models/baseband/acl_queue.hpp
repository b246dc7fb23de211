// The ACL transmit queue of one link (pure state + step): FIFO, so a packet's first attempt starts after its
// predecessor's last; tail drop when tx_queue_limit earlier packets are still waiting at a packet's ready time.
// "Waiting" means their first attempt starts after that time (they are already scheduled on the radios).
// The per-packet steps are inline: they run once per packet-hop.
#pragma once

#include "models/baseband/supervision.hpp"
#include "models/core/vector_queue.hpp"

namespace btlinksim {

class AclQueue {
public:
  explicit AclQueue(int limit) : limit_(limit) {}
  // A packet ready at r: true if it may be queued, false if the queue is full (the packet is discarded).
  bool admit(double r)
  {
    while (!starts_s_.empty() && starts_s_.front() <= r)
      starts_s_.pop_front();
    return static_cast<int>(starts_s_.size()) < limit_;
  }
  // The earliest time a packet ready at r may start: after r and after the previous packet's last attempt.
  double earliest_start(double r) const { return r > last_end_s_ ? r : last_end_s_; }
  // A packet went on the air: first attempt at first_start_s, last attempt ended at last_end_s.
  void sent(double first_start_s, double last_end_s)
  {
    starts_s_.push_back(first_start_s);
    last_end_s_ = last_end_s;
  }
  // The link was lost at t: what waited is gone; nothing starts before t.
  void clear(double t_s);
  // The link is (re)formed at t: nothing starts before t.
  void hold_until(double t_s)
  {
    if (t_s > last_end_s_)
      last_end_s_ = t_s;
  }
  double last_end_s() const { return last_end_s_; }
  int waiting() const { return static_cast<int>(starts_s_.size()); }
  void prefetch() const  // the oldest start (a hint to the cache; no effect on results)
  {
    if (!starts_s_.empty())
      __builtin_prefetch(&starts_s_.front());
  }

private:
  int limit_;
  double last_end_s_ = 0;
  VectorQueue<double> starts_s_;  // first-attempt starts of earlier packets, possibly still waiting
};

// The earliest start of any later attempt on a link with this queue and supervision (timeout_s: the supervision
// timeout, 0 for none), as the ACL transport runs them: after the queue's last exchange -- unless the timeout drops
// the link first, which restarts the queue at the drop (the last acknowledged exchange + the timeout: clear) and
// carries nothing until the link is up again, later (mark_up, hold_until). It never decreases: a packet sent and a
// link formed raise the queue's end; a drop lowers it only to last_ok + timeout, which bounds it already; a
// reconnection raises both. A radio's reservations that end before this bound of every link using the radio are
// never asked about again (RadioTimeline::prune).
inline double later_attempts_from(const AclQueue& q, const LinkSupervision& sup, double timeout_s)
{
  const double end = q.last_end_s();
  return timeout_s > 0 && sup.last_ok_s + timeout_s < end ? sup.last_ok_s + timeout_s : end;
}

}  // namespace btlinksim
