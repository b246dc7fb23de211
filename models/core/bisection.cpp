#include "models/core/bisection.hpp"

#include <stdexcept>

namespace btlinksim {

std::vector<double> Bisection::pending() const
{
  if (!ends_done_)
    return {lo_, hi_};
  if (below_lo_ || at_least_hi_ || hi_ - lo_ <= tol_)
    return {};
  return {0.5 * (lo_ + hi_)};
}

void Bisection::record(const std::vector<bool>& holds)
{
  const auto p = pending();
  if (holds.size() != p.size() || p.empty())
    throw std::logic_error("Bisection::record: one answer per pending point");
  evaluations_ += static_cast<int>(p.size());
  if (!ends_done_) {
    ends_done_ = true;
    if (!holds[0]) {
      below_lo_ = true;
      hi_       = lo_;
    } else if (holds[1]) {
      at_least_hi_ = true;
      lo_          = hi_;
    }
    return;
  }
  (holds[0] ? lo_ : hi_) = p[0];
}

}  // namespace btlinksim
