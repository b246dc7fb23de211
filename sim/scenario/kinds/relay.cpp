// relay: source -> chain[1] -> chain[2] ...; each speaker plays and re-transmits to the next (phone -> A -> B).
#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {
namespace {

class Relay : public TopologyKind {
public:
  std::string name() const override { return "relay"; }
  std::string label() const override { return "relay"; }
  std::string help() const override { return "relay: source -> chain[1] -> chain[2] ..."; }
  SyncMode default_sync() const override { return SyncMode::ttp; }  // relays forward time-to-play stamps

  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override
  {
    if (t.chain.size() < 2)
      report(t.where, "topology.chain needs the source and at least one speaker, e.g. [phone, left, right]");
    if (!t.sinks.empty())
      report(t.sinks_at, "topology.sinks is for dual_stream and single; a relay uses chain");
    if (!t.chain.empty() && s.device(t.chain.front()) && s.device(t.chain.front())->role != Role::source)
      report(t.chain_where.front(), "topology.chain must start with the source; '" + t.chain.front() + "' has role speaker");
    for (size_t i = 1; i < t.chain.size(); ++i)
      if (s.device(t.chain[i]) && s.device(t.chain[i])->role == Role::source)
        report(t.chain_where[i], "topology.chain: the source '" + t.chain[i] + "' can only be first");
  }

  ResolvedTopology resolve(const Scenario& s) const override
  {
    const auto& t = s.topology;
    ResolvedTopology r;
    r.member_list = "chain";
    r.source      = s.device_index(t.source);
    for (size_t i = 0; i + 1 < t.chain.size(); ++i) {
      TopologyLink l;
      l.tx    = s.device_index(t.chain[i]);
      l.rx    = s.device_index(t.chain[i + 1]);
      l.sink  = static_cast<int>(i);
      l.next  = i + 2 < t.chain.size() ? static_cast<int>(i + 1) : -1;
      l.where = i + 1 < t.chain_where.size() ? t.chain_where[i + 1] : t.where;
      r.links.push_back(l);
      add_sink(r, l.rx);
    }
    for (size_t i = 1; i + 1 < t.chain.size(); ++i)  // speaker-to-speaker hops form in link mode
      r.speaker_pairs.emplace_back(s.device_index(t.chain[i]), s.device_index(t.chain[i + 1]));
    return r;
  }
};

}  // namespace

const TopologyKind& relay_kind()
{
  static const Relay k;
  return k;
}

}  // namespace btlinksim
