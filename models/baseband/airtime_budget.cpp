#include "models/baseband/airtime_budget.hpp"

#include <algorithm>

namespace btlinksim {

std::vector<RadioNeed> radio_airtime_need(int n_devices, const std::vector<LinkLoad>& links)
{
  std::vector<RadioNeed> need(static_cast<size_t>(std::max(n_devices, 0)));
  // The piconets each radio takes part in (by master), and the packets it forwards from one into another.
  std::vector<std::vector<int>> masters(need.size());
  for (const auto& l : links) {
    const double share = l.packets_per_s * l.attempts * l.exchange_s;
    for (int d : {l.tx, l.rx}) {
      need[static_cast<size_t>(d)].exchanges += share;
      auto& m = masters[static_cast<size_t>(d)];
      if (std::find(m.begin(), m.end(), l.master) == m.end())
        m.push_back(l.master);
    }
  }
  // A radio in two piconets changes grid twice per packet it relays (in on one, out on the other): one slot pair.
  for (const auto& l : links) {
    const auto& m = masters[static_cast<size_t>(l.tx)];
    if (m.size() > 1 && l.master == l.tx)  // the relay's own piconet: each packet it sends out was received in another
      need[static_cast<size_t>(l.tx)].alignment += l.packets_per_s * kSlotPair_s;
  }
  return need;
}

}  // namespace btlinksim
