#include "models/baseband/supervision.hpp"

namespace btlinksim {

void LinkSupervision::mark_up(double t)
{
  up_s      = t;
  down_s    = std::numeric_limits<double>::infinity();
  last_ok_s = t;
  on_air_until(t);
}

}  // namespace btlinksim
