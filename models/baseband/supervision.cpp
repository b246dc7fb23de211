#include "models/baseband/supervision.hpp"

namespace btlinksim {

void LinkSupervision::mark_up(double t)
{
  up_s      = t;
  down_s    = std::numeric_limits<double>::infinity();
  last_ok_s = t;
  on_air_until(t);
}

double LinkSupervision::poll_idle(double until, double lsto, double tp, const std::function<bool(double)>& answered)
{
  for (double q = last_air_s + tp; q < until; q += tp) {
    if (q >= down_s)
      return -2;
    if (q >= last_ok_s + lsto)
      return last_ok_s + lsto;
    if (answered(q))
      last_ok_s = q;
  }
  return -1;
}

}  // namespace btlinksim
