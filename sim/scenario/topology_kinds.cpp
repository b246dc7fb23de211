#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {

const TopologyKind& relay_kind();
const TopologyKind& dual_stream_kind();
const TopologyKind& single_kind();
const TopologyKind& le_audio_cis_kind();
const TopologyKind& auracast_kind();
const TopologyKind& bridge_kind();
const TopologyKind& snoop_kind();
const TopologyKind& wifi_multiroom_kind();

const std::vector<const TopologyKind*>& topology_kinds()
{
  static const std::vector<const TopologyKind*> kinds{&relay_kind(), &dual_stream_kind(), &single_kind(),
                                                         &le_audio_cis_kind(), &auracast_kind(), &bridge_kind(), &snoop_kind(), &wifi_multiroom_kind()};
  return kinds;
}

const TopologyKind* find_topology_kind(const std::string& name)
{
  for (const auto* k : topology_kinds())
    if (k->name() == name)
      return k;
  return nullptr;
}

std::vector<std::string> topology_kind_names()
{
  std::vector<std::string> n;
  for (const auto* k : topology_kinds())
    n.push_back(k->name());
  return n;
}

const TransportKind& transport_of(const Scenario& s)
{
  return s.topology.kind ? s.topology.kind->transport() : acl_transport_kind();
}

void add_sink(ResolvedTopology& r, int device)
{
  r.sinks.push_back(device);
  r.wired_from.push_back(-1);
}

int ResolvedTopology::link_between(int tx, int rx) const
{
  for (size_t i = 0; i < links.size(); ++i)
    if (links[i].tx == tx && links[i].rx == rx)
      return static_cast<int>(i);
  return -1;
}

}  // namespace btlinksim
