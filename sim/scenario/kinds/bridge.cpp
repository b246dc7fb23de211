// bridge: one Bluetooth sink (a Raspberry Pi with BlueALSA and USB DACs, an AV receiver, an Audioengine B1 with
// a splitter) feeds N speakers by wire. The source streams to the bridge over ACL like a single sink; each output
// receives every frame the bridge plays, after its wire's latency and jitter, and renders it from its own
// buffer on its DAC's clock: the bridge's (a splitter or receiver shares one clock) or its own crystal (a USB
// DAC), so an own-clock output drifts against the bridge. The outputs come first among the sinks (skew is to
// the first output), the bridge's own playout last.
#include "sim/scenario/topology_kind.hpp"

#include <algorithm>

namespace btlinksim {
namespace {

class Bridge : public TopologyKind {
public:
  std::string name() const override { return "bridge"; }
  std::string label() const override { return "wired bridge"; }
  std::string help() const override { return "bridge: source -> bridge (Bluetooth), bridge -> outputs by wire"; }
  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override
  {
    if (t.bridge.empty())
      report(t.where, "topology kind bridge needs bridge: the Bluetooth sink that feeds the outputs, e.g. bridge: pi");
    if (t.outputs.empty())
      report(t.where, "topology kind bridge needs outputs: the speakers on the bridge's wires, e.g. [left, right]");
    if (!t.sinks.empty())
      report(t.sinks_at, "topology kind bridge takes bridge and outputs, not sinks");
    if (!t.chain.empty())
      report(t.chain_at, "topology.chain is for relay; bridge takes bridge and outputs");
    if (const auto* b = s.device(t.bridge); b && b->role == Role::source)
      report(t.bridge_at, "topology.bridge: '" + t.bridge + "' is a source, not a Bluetooth sink");
    for (size_t i = 0; i < t.outputs.size(); ++i) {
      if (t.outputs[i] == t.bridge)
        report(t.outputs_where[i], "topology.outputs: the bridge '" + t.bridge + "' cannot be its own output");
      if (const auto* d = s.device(t.outputs[i]); d && d->role == Role::source)
        report(t.outputs_where[i], "topology.outputs: '" + t.outputs[i] + "' is a source, not a speaker");
      if (std::count(t.outputs.begin(), t.outputs.end(), t.outputs[i]) > 1)
        report(t.outputs_where[i], "topology.outputs: '" + t.outputs[i] + "' is listed twice");
    }
    if (s.formation.enabled && s.formation.speaker_link && s.formation.handshake)
      report(t.kind_where, "topology kind bridge: the outputs are wired; a speaker-link handshake preset does not apply");
  }
  ResolvedTopology resolve(const Scenario& s) const override
  {
    const auto& t = s.topology;
    ResolvedTopology r;
    r.member_list = "outputs";
    r.source      = s.device_index(t.source);
    const int bridge = s.device_index(t.bridge);
    for (const auto& o : t.outputs) {
      add_sink(r, s.device_index(o));
      r.wired_from.back() = static_cast<int>(t.outputs.size());  // the bridge's sink index
    }
    TopologyLink l;
    l.tx    = r.source;
    l.rx    = bridge;
    l.sink  = static_cast<int>(t.outputs.size());
    l.where = t.bridge_at;
    r.links.push_back(l);
    add_sink(r, bridge);
    return r;
  }
};

}  // namespace

const TopologyKind& bridge_kind()
{
  static const Bridge k;
  return k;
}

}  // namespace btlinksim
