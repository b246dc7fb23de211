#include "sim/scenario/kinds/iso_fan_out.hpp"

namespace btlinksim {

void IsoFanOut::check(const TopologySpec& t, const Scenario& s, const Report& report) const
{
  FanOut::check(t, s, report);
  if (s.formation.enabled)
    report(t.kind_where, "topology kind " + name() + ": link formation (preset/formation) is modelled for BR/EDR "
                         "kinds only; remove preset and formation (LE streams are up at t = 0)");
  if (t.sinks.size() > 31)
    report(t.sinks_at, "topology kind " + name() + " takes at most 31 sinks (CISes/BISes per group, Core Vol 6)");
}

}  // namespace btlinksim
