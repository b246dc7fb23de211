#include "sim/scenario/topology.hpp"
#include "sim/scenario/transport_kind.hpp"

#include "models/channel/channel_spec.hpp"

#include <algorithm>
#include <cmath>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

#include <cstdio>
#include <sstream>

namespace btlinksim {

TopologyGraph build_topology_graph(const Scenario& s)
{
  TopologyGraph g(s.devices.size());
  for (size_t i = 0; i < s.devices.size(); ++i)
    g[i] = TopologyVertex{s.devices[i].name, static_cast<int>(i)};
  int order = 0;
  for (const auto& l : s.resolved.topo.links)
    boost::add_edge(l.tx, l.rx, TopologyEdge{distance_m(s.devices[l.tx], s.devices[l.rx]), order++}, g);
  return g;
}

namespace {
struct CycleVisitor : boost::default_dfs_visitor {
  std::optional<std::pair<int, int>>* found;
  template <class Edge, class Graph> void back_edge(Edge e, const Graph& g)
  {
    if (!*found)
      *found = std::make_pair(static_cast<int>(boost::source(e, g)), static_cast<int>(boost::target(e, g)));
  }
};
struct ReachVisitor : boost::default_bfs_visitor {
  std::vector<bool>* seen;
  template <class Vertex, class Graph> void discover_vertex(Vertex v, const Graph&) { (*seen)[v] = true; }
};
}  // namespace

std::optional<std::pair<int, int>> find_cycle(const TopologyGraph& g)
{
  std::optional<std::pair<int, int>> found;
  CycleVisitor vis;
  vis.found = &found;
  boost::depth_first_search(g, boost::visitor(vis));
  return found;
}

std::vector<bool> reachable_from(const TopologyGraph& g, int source)
{
  std::vector<bool> seen(boost::num_vertices(g), false);
  ReachVisitor vis;
  vis.seen = &seen;
  boost::breadth_first_search(g, boost::vertex(source, g), boost::visitor(vis));
  return seen;
}

std::string message_number(const char* f, double v)
{
  char b[64];
  std::snprintf(b, sizeof b, std::isfinite(v) && std::abs(v) < 1e9 ? f : "%.4g", v);
  return b;
}

void check_topology(const Scenario& s, std::vector<Diagnostic>& errors)
{
  const auto& t    = s.topology;
  const int source = s.resolved.topo.source;
  if (source < 0)
    return;  // reported by the loader
  const auto g = build_topology_graph(s);

  if (auto cyc = find_cycle(g)) {
    // Locate the chain entry that revisits a device (the edge u -> v closes the cycle at v).
    Location where = t.where;
    const std::string& v = s.devices[cyc->second].name;
    int seen             = 0;
    for (size_t i = 0; i < t.chain.size(); ++i)
      if (t.chain[i] == v && ++seen == 2 && i < t.chain_where.size())
        where = t.chain_where[i];
    errors.push_back({where, "the chain visits '" + v + "' twice, which makes a cycle (" + s.devices[cyc->first].name +
                                 " -> " + v + "); list each device once"});
    return;  // reachability and degrees are meaningless on a cyclic chain
  }

  auto reach = reachable_from(g, source);
  for (size_t i = 0; i < s.resolved.topo.wired_from.size(); ++i)  // a bridge's wired outputs are reached through it
    if (const int from = s.resolved.topo.wired_from[i]; from >= 0)
      reach[s.resolved.topo.sinks[i]] = reach[s.resolved.topo.sinks[from]];
  for (size_t i = 0; i < s.devices.size(); ++i)
    if (s.devices[i].role == Role::speaker && !reach[i])
      errors.push_back({s.devices[i].where, "speaker '" + s.devices[i].name + "' cannot be reached from the source '" +
                                                t.source + "'; add it to the topology's " +
                                                s.resolved.topo.member_list + " or remove it"});

  // A relay's scatternet stays must hold at least one exchange of the audio packet type.
  const double exch = acl_exchange_time_s(s.audio.packet_type);
  for (const auto& d : s.devices)
    if (d.scatternet_period_s > 0) {
      const double stay = std::min(d.scatternet_share, 1 - d.scatternet_share) * d.scatternet_period_s - d.scatternet_guard_s;
      if (stay < exch)
        errors.push_back({d.where, "device '" + d.name + "': a scatternet stay of " + message_number("%.2f", stay * 1e3) +
                                       " ms cannot hold one " + acl_info(s.audio.packet_type).name + " exchange (" +
                                       message_number("%.2f", exch * 1e3) + " ms); lengthen scatternet_period or shorten scatternet_guard"});
    }

  // The transport's own checks: the piconet's max_links (ACL), each Wi-Fi station's MCS.
  transport_of(s).check(s, errors);
  // Bluetooth links: the received-power criterion warns (sim/scenario/link_check.hpp, called by the loader).
}

}  // namespace btlinksim
