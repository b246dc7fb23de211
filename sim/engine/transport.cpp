#include "sim/engine/transport.hpp"

#include "sim/engine/acl_transport.hpp"
#include "sim/engine/iso_transport.hpp"
#include "sim/engine/wifi_transport.hpp"
#include "sim/scenario/transport_kind.hpp"

#include <map>
#include <stdexcept>
#include <string>

namespace btlinksim {

SinkTiming Transport::sink_timing(size_t i) const
{
  const auto& s = run_.s;
  // TTP: each sink tracks the piconet clock within the +/-10 us receive window [khoury-notes].
  RngStream r(s.seed, run_.rep, s.devices[s.resolved.topo.sinks[i]].name, "ttp_offset");
  const double offset = r.uniform(-10e-6, 10e-6);
  return {s.audio.sync, s.audio.playout_delay_s, offset};
}

std::unique_ptr<Transport> make_transport(Run& run)
{
  using Make = std::unique_ptr<Transport> (*)(Run&);
  static const std::map<std::string, Make> transports{
      {"acl", [](Run& r) -> std::unique_ptr<Transport> { return std::make_unique<AclTransport>(r); }},
      {"cis", [](Run& r) -> std::unique_ptr<Transport> { return std::make_unique<IsoTransport>(r); }},
      {"bis", [](Run& r) -> std::unique_ptr<Transport> { return std::make_unique<IsoTransport>(r); }},
      {"wifi", [](Run& r) -> std::unique_ptr<Transport> { return std::make_unique<WifiTransport>(r); }},
  };
  const std::string name = transport_of(run.s).name();
  const auto it          = transports.find(name);
  if (it == transports.end())
    throw std::logic_error("no engine transport '" + name + "' (sim/engine/transport.cpp)");
  return it->second(run);
}

}  // namespace btlinksim
