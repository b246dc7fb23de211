// snoop (true-wireless style): the source streams to the primary (the first sink) over ACL; every other sink
// overhears those exchanges on the primary's hopping and timing without acknowledging; only the primary
// acknowledges. A packet a snooper missed is re-sent to it by the primary over a primary -> snooper link
// within audio.repair_window. Links: source -> primary (audio), source -> snooper (snoop: its reception of the
// source's packets), primary -> snooper (repair).
#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {
namespace {

class Snoop : public FanOut {
public:
  std::string name() const override { return "snoop"; }
  std::string label() const override { return "snoop"; }
  std::string help() const override { return "snoop: source -> first sink; the others overhear it, repairs from the first"; }
  SyncMode default_sync() const override { return SyncMode::ttp; }  // all render on the primary's piconet clock
  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override
  {
    FanOut::check(t, s, report);
    if (t.sinks.size() < 2)
      report(t.sinks_at, "topology kind snoop needs a primary and at least one snooping speaker, e.g. [left, right]");
    if (s.formation.enabled)
      report(t.kind_where, "topology kind snoop: link formation is not modelled for snooping; remove preset and "
                           "formation (links are up at t = 0)");
  }
  ResolvedTopology resolve(const Scenario& s) const override
  {
    const auto& t = s.topology;
    ResolvedTopology r;
    r.member_list = "sinks";
    r.source      = s.device_index(t.source);
    const int primary = s.device_index(t.sinks.front());
    auto link = [&](int tx, int rx, int sink, LinkRole role, Location where) {
      TopologyLink l;
      l.tx = tx, l.rx = rx, l.sink = sink, l.role = role, l.where = where;
      r.links.push_back(l);
      return static_cast<int>(r.links.size()) - 1;
    };
    link(r.source, primary, 0, LinkRole::audio, t.sinks_where.front());
    add_sink(r, primary);
    for (size_t i = 1; i < t.sinks.size(); ++i) {
      const int d    = s.device_index(t.sinks[i]);
      const int sink = static_cast<int>(i);
      add_sink(r, d);
      const int snoop = link(r.source, d, sink, LinkRole::snoop, t.sinks_where[i]);
      r.links[snoop].repair = link(primary, d, sink, LinkRole::repair, t.sinks_where[i]);
      r.links.front().snooped_by.push_back(snoop);
    }
    return r;
  }
};

}  // namespace

const TopologyKind& snoop_kind()
{
  static const Snoop k;
  return k;
}

}  // namespace btlinksim
