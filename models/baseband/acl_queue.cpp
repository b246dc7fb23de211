#include "models/baseband/acl_queue.hpp"

namespace btlinksim {

bool AclQueue::admit(double r)
{
  while (!starts_s_.empty() && starts_s_.front() <= r)
    starts_s_.pop_front();
  return static_cast<int>(starts_s_.size()) < limit_;
}

void AclQueue::sent(double first_start_s, double last_end_s)
{
  starts_s_.push_back(first_start_s);
  last_end_s_ = last_end_s;
}

void AclQueue::clear(double t_s)
{
  last_end_s_ = t_s;
  starts_s_.clear();
}

void AclQueue::hold_until(double t_s)
{
  if (t_s > last_end_s_)
    last_end_s_ = t_s;
}

}  // namespace btlinksim
