// Signals the actors emit (ns-3 trace sources / OMNeT++ signals); collectors subscribe to them. Times are those
// of the simulated events, which the source computes ahead of the engine clock (sim/engine/acl_transport.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace btlinksim {

// A signal with its subscribers in the order they connected. (SimGrid's xbt::signal keeps them in a std::map,
// walked on every emission: a few per packet-hop here, most of them with no subscriber.)
template <class Sig> class Signal;
template <class... Args> class Signal<void(Args...)> {
public:
  void connect(std::function<void(Args...)> slot) { slots_.push_back(std::move(slot)); }
  void operator()(Args... args) const
  {
    for (const auto& s : slots_)
      s(args...);
  }
  bool empty() const { return slots_.empty(); }

private:
  std::vector<std::function<void(Args...)>> slots_;
};

struct Signals {
  Signal<void(int link, int attempts, bool delivered, double start_s, double end_s)> on_packet_hop;
  Signal<void(int link)> on_queue_drop;
  // Frames that will not reach the sinks this link feeds (its receiver's, and every sink downstream), and why
  // (LossCause, models/audio/playout.hpp): the SinkCollector tells each sink's tracker.
  Signal<void(int link, std::int64_t first, int count, int cause)> on_frames_lost;
  Signal<void(int sink, std::int64_t first, int count, double t)> on_frames_arrived;
  // Runs of alike hops and frames (a broadcast receiver's copies that could not fail, skipped in bulk; each
  // equals `count` of the signals above): hops delivered at the first attempt, and frames that arrive one per
  // spacing_s from t_first.
  Signal<void(int link, std::int64_t count)> on_clean_hops;
  Signal<void(int sink, std::int64_t first, std::int64_t count, double t_first, double spacing_s)> on_frame_run;
  // Their attempts on the air, for the trace: count first attempts, all received, one per spacing_s from start_s.
  Signal<void(int link, std::int64_t count, double start_s, double spacing_s, double air_s)> on_clean_exchanges;
  // One attempt on the air (ACL exchange, CIS subevent, BIS copy a sink listened to, Wi-Fi message): attempt
  // number from 1, whether the receiver got it. For the trace (sim/engine/trace.hpp).
  Signal<void(int link, int attempt, bool ok, double start_s, double end_s)> on_exchange;
  // An ACL packet delivered on a link: its frames and payload size, at the end of the delivering exchange (pcap).
  Signal<void(int link, std::int64_t first, int frames, int bytes, double t)> on_acl_delivered;
  // Supervision timeout: the link is gone at down_s (nothing acknowledged since last_ok_s); its reconnection's
  // pages (how many, once paging has ended) and the time it is back (sim/engine/reconnection.hpp).
  Signal<void(int link, double down_s, double last_ok_s)> on_link_down;
  Signal<void(int link, int pages)> on_paged;
  Signal<void(int link, double up_s)> on_link_up;
};

}  // namespace btlinksim
