#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {

void FanOut::check(const TopologySpec& t, const Scenario& s, const Report& report) const
{
  if (t.sinks.empty())
    report(t.where, "topology.sinks must list the speakers fed by the source, e.g. [left, right]");
  if (max_sinks() == 1 && t.sinks.size() > 1)
    report(t.sinks_at, "topology kind " + name() + " takes exactly one sink; use dual_stream for more");
  if (!t.chain.empty())
    report(t.chain_at, "topology.chain is for relay; dual_stream and single use sinks");
  for (size_t i = 0; i < t.sinks.size(); ++i) {
    if (s.device(t.sinks[i]) && s.device(t.sinks[i])->role == Role::source)
      report(t.sinks_where[i], "topology.sinks: '" + t.sinks[i] + "' is a source, not a speaker");
    for (size_t j = 0; j < i; ++j)
      if (t.sinks[j] == t.sinks[i])
        report(t.sinks_where[i], "topology.sinks: '" + t.sinks[i] + "' is listed twice; list each speaker once");
  }
}

ResolvedTopology FanOut::resolve(const Scenario& s) const
{
  const auto& t = s.topology;
  ResolvedTopology r;
  r.member_list = "sinks";
  r.source      = s.device_index(t.source);
  for (size_t i = 0; i < t.sinks.size(); ++i) {
    TopologyLink l;
    l.tx    = r.source;
    l.rx    = s.device_index(t.sinks[i]);
    l.sink  = static_cast<int>(i);
    l.where = i < t.sinks_where.size() ? t.sinks_where[i] : t.where;
    r.links.push_back(l);
    add_sink(r, l.rx);
  }
  return r;
}

}  // namespace btlinksim
