// A topology kind is one strategy behind this interface: it checks the structure a scenario writes for it,
// resolves it into links, sinks and speaker pairs (ResolvedTopology, used by the checks, the engine and the
// commands), and names itself. Adding a kind = one file in kinds/ and one line in topology_kinds.cpp.
#pragma once

#include "sim/scenario/scenario.hpp"
#include "sim/scenario/transport_kind.hpp"

#include <functional>
#include <string>
#include <vector>

namespace btlinksim {

class TopologyKind {
public:
  virtual ~TopologyKind() = default;
  virtual std::string name() const  = 0;  // the value of topology.kind
  virtual std::string label() const = 0;  // in summaries: "relay", "dual stream", ...
  virtual std::string help() const  = 0;  // one line for the parameter reference
  // Kind-specific structure of topology.chain / topology.sinks (names and roles are already checked).
  virtual void check(const TopologySpec& t, const Scenario& s, const Report& report) const = 0;
  // How sinks time their rendering unless audio.sync says.
  virtual SyncMode default_sync() const { return SyncMode::free_running; }
  virtual ResolvedTopology resolve(const Scenario& s) const = 0;
  // How audio crosses the air (sim/scenario/transport_kind.hpp): BR/EDR ACL with ARQ unless the kind says.
  virtual const TransportKind& transport() const { return acl_transport_kind(); }
};

// Every kind, in the order the reference lists them.
const std::vector<const TopologyKind*>& topology_kinds();
const TopologyKind* find_topology_kind(const std::string& name);  // nullptr if none
std::vector<std::string> topology_kind_names();

// Shared pieces of the kinds: sinks in order with the link index each is fed by.
void add_sink(ResolvedTopology& r, int device);

}  // namespace btlinksim
