#include "models/baseband/acl_queue.hpp"

namespace btlinksim {



void AclQueue::clear(double t_s)
{
  last_end_s_ = t_s;
  starts_s_.clear();
}


}  // namespace btlinksim
