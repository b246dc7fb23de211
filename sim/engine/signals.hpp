// Signals the actors emit (ns-3 trace sources / OMNeT++ signals); collectors subscribe to them. Times are those
// of the simulated events, which the source computes ahead of the engine clock (sim/engine/transport.hpp).
#pragma once

#include <xbt/signal.hpp>

#include <cstdint>

namespace btlinksim {

struct Signals {
  simgrid::xbt::signal<void(int link, int attempts, bool delivered, double start_s, double end_s)> on_packet_hop;
  simgrid::xbt::signal<void(int link)> on_queue_drop;
  simgrid::xbt::signal<void(int sink, std::int64_t first, int count, double t)> on_frames_arrived;
  // One attempt on the air (ACL exchange, CIS subevent, BIS copy a sink listened to, Wi-Fi message): attempt
  // number from 1, whether the receiver got it. For the trace (sim/engine/trace.hpp).
  simgrid::xbt::signal<void(int link, int attempt, bool ok, double start_s, double end_s)> on_exchange;
  // An ACL packet delivered on a link: its frames and payload size, at the end of the delivering exchange (pcap).
  simgrid::xbt::signal<void(int link, std::int64_t first, int frames, int bytes, double t)> on_acl_delivered;
};

}  // namespace btlinksim
