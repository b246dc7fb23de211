// The ACL transport: one audio packet over one link. Tail drop at a full queue, then baseband ARQ: each attempt
// one exchange on both half-duplex radios at the master's next free slot pair, until acknowledged, the flush
// timeout, or the end of the run; a delivered packet is played by the receiver and, on a relay, re-transmitted
// on the next link. The source wakes the engine once per packet and carries it over every hop at once, computing
// each exchange's time on the radio timelines (older audio first wherever two packets compete for a radio).
#pragma once

#include "sim/engine/reconnection.hpp"
#include "sim/engine/transport.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace btlinksim {

struct Packet {
  std::int64_t first_frame = 0;
  int frames               = 0;
  double enqueued_s        = 0;  // when the packet became ready at the link's transmitter
};

class AclTransport : public Transport {
public:
  explicit AclTransport(Run& run);
  void start() override;
  // Piconet-clock sinks: one receive-window error per hop from the source.
  SinkTiming sink_timing(size_t sink) const override;
  // The piconet's hop channel at the exchange's start (the one the collision model used, with AFH or interferers).
  ExchangeChannel exchange_channel(int link, double start_s) const override;
  // Carries a packet over l and on down a relay chain.
  void hop(LinkState& l, const Packet& p);
  // The source's actor: wakes when each packet is ready (its last frame captured on the source's clock).
  void source_actor();

private:
  // A snooping speaker overhearing one packet's attempts.
  struct Ear {
    LinkState* link = nullptr;
    int listened    = 0;
    double got_s = -1, first_s = 0, last_s = 0;
  };
  // One packet's attempts on a link: how many, the first's start, the last's end, and how they ended.
  struct Arq {
    int attempts   = 0;
    bool delivered = false, link_down = false;
    double lost_at = -1, first_start = 0, end_s = 0;
  };
  Arq attempts(LinkState& l, const Packet& p, int bytes, double packet_s, double t, std::vector<Ear>& ears);
  // One link's part of hop: the next link and the packet as it enters it (p is overwritten), or nullptr.
  LinkState* hop_once(LinkState& l, Packet& p);
  void prefetch_next(const LinkState& l) const;
  double fit(const LinkState& l, double t, double exch) const;
  // Forgets what device d's radio reserved before any later exchange or query on it may start (see the .cpp).
  void settle(int d);
  // Per device: the links whose attempts use its radio (as transmitter, receiver, or the link its snoop link
  // overhears), when there are at most kSettleUsers of them; n = -1: more (the radio is pruned at the source's
  // time only).
  static constexpr int kSettleUsers = 4;
  static constexpr size_t kSettleFrom = 8;  // reservations a radio keeps before settle looks (fewer calls)
  struct RadioUsers {
    std::array<const LinkState*, kSettleUsers> link{};
    int n = 0;
  };
  std::vector<RadioUsers> radio_users_;
  Reconnection reconnection_;  // of links lost by the supervision timeout
  bool log_exchanges_;  // btl_acl at debug: every exchange is logged (checked once per run, not per packet)
  bool settle_;  // false with BTLINKSIM_NO_SETTLE set (to compare: the results are the same)
};

}  // namespace btlinksim
