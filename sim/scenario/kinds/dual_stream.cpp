// dual_stream: the source streams to each sink itself (phone -> A and phone -> B). A stereo pair with a firmware
// handshake first forms its control link in link mode; the source adds the later sinks once it has.
#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {
namespace {

class DualStream : public FanOut {
public:
  std::string name() const override { return "dual_stream"; }
  std::string label() const override { return "dual stream"; }
  std::string help() const override { return "dual_stream: source -> each sink"; }
  ResolvedTopology resolve(const Scenario& s) const override
  {
    ResolvedTopology r = FanOut::resolve(s);
    const auto& t      = s.topology;
    if (s.formation.speaker_link && s.formation.handshake)
      for (size_t i = 1; i < t.sinks.size(); ++i)
        r.speaker_pairs.emplace_back(s.device_index(t.sinks[0]), s.device_index(t.sinks[i]));
    r.host_waits_for_pairs = true;
    return r;
  }
};

}  // namespace

const TopologyKind& dual_stream_kind()
{
  static const DualStream k;
  return k;
}

}  // namespace btlinksim
