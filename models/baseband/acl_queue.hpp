// The ACL transmit queue of one link (pure state + step): FIFO, so a packet's first attempt starts after its
// predecessor's last; tail drop when tx_queue_limit earlier packets are still waiting at a packet's ready time.
// "Waiting" means their first attempt starts after that time (they are already scheduled on the radios).
// The per-packet steps are inline: they run once per packet-hop.
#pragma once

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

}  // namespace btlinksim
