// The scenario's topology as a Boost.Graph graph: devices are vertices, radio links are edges with their
// geometry. Structural checks (cycles, reachability from the source, links per device) use BGL algorithms.
#pragma once

#include "sim/scenario/scenario.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace btlinksim {

struct TopologyVertex {
  std::string name;
  int device = -1;
};
struct TopologyEdge {
  double distance_m = 0;
  int order         = 0;  // position in the topology's link list
};
using TopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, TopologyVertex, TopologyEdge>;

// Vertices in device order (vertex i = device i); edges from the resolved topology's links, in order.
TopologyGraph build_topology_graph(const Scenario& s);
// A back edge found by depth-first search (u -> v closes a cycle), if any.
std::optional<std::pair<int, int>> find_cycle(const TopologyGraph& g);
// Devices reached from `source` by breadth-first search along link directions.
std::vector<bool> reachable_from(const TopologyGraph& g, int source);

// A number for a message: the given printf format, or 4 significant digits with an exponent when it is huge (a
// position of 1e300 must not print 300 digits).
std::string message_number(const char* format, double v);

// Structural and radio checks of a loaded scenario; appends located diagnostics.
void check_topology(const Scenario& s, std::vector<Diagnostic>& errors);

}  // namespace btlinksim
