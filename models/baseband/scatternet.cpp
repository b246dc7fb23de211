#include "models/baseband/scatternet.hpp"

#include <cmath>
#include <stdexcept>

namespace btlinksim {

double PresenceSchedule::usable_s(bool upstream) const
{
  return (upstream ? upstream_share : 1.0 - upstream_share) * period_s - guard_s;
}

double PresenceSchedule::next_fit(double t, double len, bool upstream) const
{
  if (!active())
    return t;
  if (usable_s(upstream) < len - 1e-12)
    throw std::invalid_argument("scatternet stay shorter than one exchange: lengthen the period or the share");
  const double offset = upstream ? 0.0 : upstream_share * period_s;  // stay start within a period
  double k = std::floor((t - phase_s - offset) / period_s);
  for (;; k += 1) {
    const double start = phase_s + offset + k * period_s, end = start + usable_s(upstream);
    const double s     = t > start ? t : start;
    if (s + len <= end + 1e-12)
      return s;
  }
}

}  // namespace btlinksim
