#include "sim/scenario/kinds/iso_fan_out.hpp"

namespace btlinksim {

void IsoFanOut::check(const TopologySpec& t, const Scenario& s, const Report& report) const
{
  FanOut::check(t, s, report);
  if (!s.formation.preset.empty())
    report(t.kind_where, "topology kind " + name() + ": the presets are BR/EDR systems; remove preset and use a "
                         "formation section (its le_* keys) for LE link formation");
  // A CIG has at most 31 CISes (CIS_Count, HCI LE Set CIG Parameters: Core Vol 4 Part E §7.8.97). A BIG's at most
  // 31 BISes (Num_BIS, §7.8.103) are its streams, one per audio channel: any number of receivers sync to them.
  if (max_streams_are_sinks() && t.sinks.size() > 31)
    report(t.sinks_at, "topology kind " + name() + " takes at most 31 sinks (one CIS each; a CIG has at most 31, "
                       "Core Vol 4 Part E 7.8.97); for more listeners use auracast, whose receivers are unlimited");
}

}  // namespace btlinksim
