// Kinds in which the source streams to each sink itself (dual_stream, single): the shared checks and links.
#pragma once

#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {

class FanOut : public TopologyKind {
public:
  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override;
  ResolvedTopology resolve(const Scenario& s) const override;

protected:
  virtual size_t max_sinks() const { return 0; }  // 0: any number
};

}  // namespace btlinksim
