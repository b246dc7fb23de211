#include "sim/engine/acl_transport.hpp"

#include "models/audio/pipeline.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_acl, btl, "ACL transport: queue, ARQ attempts, half-duplex radios");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

AclTransport::AclTransport(Run& run)
    : Transport(run), reconnection_(run), log_exchanges_(XBT_LOG_ISENABLED(btl_acl, xbt_log_priority_debug)),
      settle_(std::getenv("BTLINKSIM_NO_SETTLE") == nullptr)
{
}

void AclTransport::start()
{
  radio_users_.assign(run_.radios.size(), RadioUsers{});
  const auto use = [this](int d, const LinkState* l) {
    RadioUsers& u = radio_users_[static_cast<size_t>(d)];
    if (u.n < 0 || std::find(u.link.begin(), u.link.begin() + u.n, l) != u.link.begin() + u.n)
      return;
    if (u.n == kSettleUsers)
      u.n = -1;
    else
      u.link[static_cast<size_t>(u.n++)] = l;
  };
  for (const auto& l : run_.links) {
    use(l->tx, l.get());
    use(l->rx, l.get());
    for (const int e : l->snooped_by)  // a snooper's radio listens to l's attempts
      use(run_.links[static_cast<size_t>(e)]->rx, l.get());
  }
  run_.spawn("source", run_.hosts[run_.s.resolved.topo.source], [this] { source_actor(); })->daemonize();
}

ExchangeChannel AclTransport::exchange_channel(int link, double start_s) const
{
  const LinkPhy& phy = run_.links[static_cast<size_t>(link)]->phy;
  // With AFH or interferers the attempt drew its channel (the adapted sequence with AFH): the one just used.
  // Otherwise the channel matters to no outcome and is not computed per attempt: the basic sequence's, here.
  const int k = run_.attempt.hopping && phy.last_channel() >= 0 ? phy.last_channel() : phy.hop_sequence().channel(start_s);
  return {k, br_channel_mhz(k)};
}

SinkTiming AclTransport::sink_timing(size_t i) const
{
  SinkTiming t  = Transport::sink_timing(i);
  const auto& s = run_.s;
  if (s.audio.sync != SyncMode::piconet_clock)
    return t;
  int hops = 0, at = -1;
  for (size_t k = 0; k < s.resolved.topo.links.size(); ++k)
    if (s.resolved.topo.links[k].sink == static_cast<int>(i) && s.resolved.topo.links[k].role == LinkRole::audio)
      at = static_cast<int>(k);
  while (at >= 0) {
    ++hops;
    int prev = -1;
    for (size_t k = 0; k < s.resolved.topo.links.size(); ++k)
      if (s.resolved.topo.links[k].next == at)
        prev = static_cast<int>(k);
    at = prev;
  }
  RngStream pc(s.seed, run_.rep, s.devices[s.resolved.topo.sinks[i]].name, "piconet_clock");
  t.offset_s = 0;
  for (int h = 0; h < hops; ++h)
    t.offset_s += pc.uniform(-10e-6, 10e-6);
  return t;
}

void AclTransport::source_actor()
{
  const auto& s  = run_.s;
  const int src  = s.resolved.topo.source;
  const ClockModel clock{s.devices[src].clock_drift_ppm};
  const double T = s.audio.codec.frame_duration_s;
  const int fpp  = run_.frames_per_packet;
  const auto& dev = s.devices[src];
  RngStream tick(s.seed, run_.rep, dev.name, "encoder_tick");  // the encoder's tick phase, per replication
  const double tick_phase = dev.encoder_tick_s > 0 ? tick.uniform(0, dev.encoder_tick_s) : 0.0;
  // Logging shows the engine's clock: every packet wakes it when a per-exchange log is on (or BTLINKSIM_NO_BATCH
  // is set, to compare).
  const bool batch = !XBT_LOG_ISENABLED(btl_acl, xbt_log_priority_verbose) && std::getenv("BTLINKSIM_NO_BATCH") == nullptr;
  const sg4::Engine* engine = sg4::Engine::get_instance();
  std::vector<LinkState*> out;
  for (auto& l : run_.links)
    if (l->tx == src && l->role == LinkRole::audio)
      out.push_back(l.get());
  for (std::int64_t k = 0; k < run_.total_frames; k += fpp) {
    const int n      = static_cast<int>(std::min<std::int64_t>(fpp, run_.total_frames - k));
    // The packet reaches the controller at the encoder's first tick after its last frame is captured and buffered.
    const double now = packet_ready_time(frame_capture_time(k + n, T, clock), dev.host_buffer_s, dev.encoder_tick_s,
                                         tick_phase);
    // One engine event per packet is needed only while another actor may act between two packets (formation,
    // a reconnection, an injected fault). Alone with the actor that ends the run, the source carries packets
    // ahead of SimGrid's clock -- nothing else reads the clock or the links meanwhile; a reconnection it starts
    // first catches the clock up (Run::sync_clock) -- and wakes the engine once per 10 s of simulated time (the
    // progress line). The results are the same either way (tests/cli/determinism.sh, batching.sh).
    run_.source_now_s = now;
    if (!batch || engine->get_actor_count() > 2 || now - sg4::Engine::get_clock() >= 10.0)
      sg4::this_actor::sleep_until(now);
    // Every later reservation starts at or after this packet's ready time, so what ended before it is forgotten.
    // Only every 16th packet: what a radio keeps a little longer ends before any later query and so changes no
    // answer, and one pass over all radios per packet cost a 1,000-speaker chain a cache miss per radio.
    if ((k / fpp) % 16 == 0)
      for (auto& r : run_.radios)
        r.prune(now);
    if (run_.attempt.dynamic && (k / fpp) % 256 == 0)  // idle polls may look back up to a supervision timeout
      run_.field.forget_before(now - 60.0 - s.connection.supervision_timeout_s);
    // Round-robin ACL scheduling: the link served first rotates from one packet to the next.
    const size_t first = static_cast<size_t>((k / fpp) % static_cast<std::int64_t>(out.size()));
    for (size_t i = 0; i < out.size(); ++i)
      hop(*out[(first + i) % out.size()], Packet{k, n, now});
  }
}

// Earliest start at or after t of an exchange on l: both radios free, on the master's slot-pair grid, and inside
// a stay of a relay end in this link's piconet (its receiver's upstream stay, its transmitter's own).
double AclTransport::fit(const LinkState& l, double t, double exch) const
{
  const auto& rx_stay = run_.presence[l.rx];
  const auto& tx_stay = run_.presence[l.tx];
  double s = t;
  for (int guard = 0; guard < 100000; ++guard) {
    s              = joint_first_fit(run_.radios[l.tx], run_.radios[l.rx], run_.grids[l.tx], s, exch);
    const double p = tx_stay.next_fit(rx_stay.next_fit(s, exch, true), exch, false);
    if (p == s)
      return s;
    s = p;
  }
  throw std::runtime_error(l.name + ": no exchange fits the relay's scatternet stays");
}

// A radio's reservations that end before every later query on it are forgotten: RadioTimeline::prune at the
// latest of the source's ready time (every hop of this packet and of later ones starts after it) and the earliest
// later_attempts_from (models/baseband/acl_queue.hpp) of the links that use the radio. Without it, a relay chain's
// far radios kept every packet still in flight up the chain until the source's prune: hundreds per radio at 1,000
// speakers, whose timelines then outgrew the cache (a hop cost 1.2-1.4x that at 100 speakers; docs/performance.md).
// The answers are the same (tests/cli/batching.sh compares with BTLINKSIM_NO_SETTLE=1).
void AclTransport::settle(int d)
{
  RadioTimeline& r     = run_.radios[static_cast<size_t>(d)];
  const RadioUsers& u  = radio_users_[static_cast<size_t>(d)];
  if (!settle_ || r.size() < kSettleFrom || u.n < 0)
    return;
  const double lsto = run_.s.connection.supervision_timeout_s;
  double from       = std::numeric_limits<double>::infinity();
  for (int k = 0; k < u.n; ++k) {
    const LinkState& l = *u.link[static_cast<size_t>(k)];
    from               = std::min(from, later_attempts_from(l.queue, l.sup, lsto));
  }
  r.prune(std::max(run_.source_now_s, from));
}

// A relay chain's next hop comes after this one's work: start loading its link's hot lines, queue and receiving
// radio (a 1,000-speaker chain's links do not fit in the cache: 6 % of its time).
void AclTransport::prefetch_next(const LinkState& l) const
{
  const LinkState& n = *run_.links[static_cast<size_t>(l.next)];
  const char* b      = reinterpret_cast<const char*>(&n);
  for (size_t o = 0; o < LinkState::kHotBytes; o += 64)
    __builtin_prefetch(b + o);
  run_.radios[static_cast<size_t>(n.rx)].prefetch();
  n.queue.prefetch();
}

// The attempts of one packet from t on (baseband ARQ): each an exchange on both radios at the master's next free
// slot pair, until acknowledged, flushed, the link is lost, or the run ends. Snoopers overhear each attempt while
// they lack the packet and their radio is free.
// Inlined into hop (one call per packet-hop; a call cost 5 % of the instructions per packet-hop).
__attribute__((always_inline)) inline AclTransport::Arq
AclTransport::attempts(LinkState& l, const Packet& p, int bytes, double packet_s, double t, std::vector<Ear>& ears)
{
  const auto& s     = run_.s;
  const double flush = l.flush_s, exch = run_.attempt.exchange_s, lsto = s.connection.supervision_timeout_s;
  RadioTimeline& tx = run_.radios[l.tx];
  RadioTimeline& rx = run_.radios[l.rx];
  Arq a;
  a.end_s = t;
  while (true) {
    const double st = fit(l, a.end_s, exch);
    if (st + exch > run_.end_s)
      break;  // the run ends before this exchange would
    if (st >= l.sup.down_s) {
      a.link_down = true;
      break;  // the link is already lost at that time (decided by an earlier packet's attempts)
    }
    if (lsto > 0 && st >= l.sup.last_ok_s + lsto) {
      a.lost_at = l.sup.last_ok_s + lsto;  // nothing acknowledged for the supervision timeout
      break;
    }
    tx.reserve(st, st + exch);
    rx.reserve(st, st + exch);
    if (a.attempts++ == 0)
      a.first_start = st;
    a.end_s = st + exch;
    for (auto& e : ears) {
      RadioTimeline& er = run_.radios[e.link->rx];
      if (e.got_s >= 0 || er.first_fit(st, exch) != st)
        continue;  // has it already, or busy (a repair exchange): misses this attempt
      er.reserve(st, st + exch);
      if (e.listened++ == 0)
        e.first_s = st;
      e.last_s = st + exch;
      run_.rx_s[e.link->rx] += packet_s;
      if (!e.link->phy.attempt_fails(run_.attempt, run_.field, bytes, st))
        e.got_s = st + exch;
    }
    const bool ok = !l.phy.attempt_fails(run_.attempt, run_.field, bytes, st);
    // The receiver answers (ACK in a NULL packet: access code + header, 126 us) what it received.
    run_.air(l.tx, l.rx, packet_s, kNullPacket_s, ok);
    run_.signals.on_exchange(l.index, a.attempts, ok, st, st + exch);
    if (ok) {
      a.delivered     = true;
      l.sup.last_ok_s = a.end_s;
      break;
    }
    XBT_VERB("%s: attempt %d of frame %lld at %.6f s failed", l.name.c_str(), a.attempts,
             static_cast<long long>(p.first_frame), st);
    if (flush > 0 && a.end_s - p.enqueued_s >= flush)
      break;
  }
  return a;
}

// A relay chain's packet goes on from hop to hop in this loop, not by recursion: a 1,000-speaker chain's pass
// would otherwise stack 1,000 frames of hop_once (544 bytes each, more than the L2 cache) and read them back.
void AclTransport::hop(LinkState& first, const Packet& p)
{
  LinkState* l = &first;
  Packet at    = p;
  while (l != nullptr)
    l = hop_once(*l, at);
}

LinkState* AclTransport::hop_once(LinkState& l, Packet& p)
{
  const auto& s  = run_.s;
  const double r = p.enqueued_s;
  if (l.next >= 0)
    prefetch_next(l);
  const auto lost = [&](LossCause c) { run_.signals.on_frames_lost(l.index, p.first_frame, p.frames, static_cast<int>(c)); };
  if (!l.sup.carries(r)) {  // the link is not formed (yet), lost, or the host dropped it: nothing is sent
    lost(r >= l.sup.displaced_s ? LossCause::host : LossCause::link_loss);
    return nullptr;
  }
  if (!l.queue.admit(r)) {
    run_.signals.on_queue_drop(l.index);  // that many earlier packets are still waiting: this one is discarded
    lost(LossCause::air_time);
    XBT_DEBUG("%s: queue full at %.6f s, packet of frame %lld dropped", l.name.c_str(), r,
              static_cast<long long>(p.first_frame));
    return nullptr;
  }
  const int bytes       = s.audio.codec.media_overhead_bytes + p.frames * s.audio.codec.frame_bytes;
  const double packet_s = acl_air_time_s(s.audio.packet_type, bytes);
  std::vector<Ear> ears(l.snooped_by.size());
  for (size_t k = 0; k < ears.size(); ++k)
    ears[k].link = run_.links[static_cast<size_t>(l.snooped_by[k])].get();
  settle(l.rx);
  const double t0   = l.queue.earliest_start(r);
  const double lsto = s.connection.supervision_timeout_s;
  if (lsto > 0) {
    const double lost_idle = l.sup.poll_idle(t0, lsto, s.connection.poll_interval_s, [&](double q) {
      return l.phy.poll_answered(run_.attempt, run_.field, q);
    });
    if (lost_idle >= 0)
      reconnection_.drop(l, lost_idle);
    if (lost_idle != -1) {
      lost(LossCause::link_loss);
      return nullptr;  // lost while idle
    }
  }
  const Arq a = attempts(l, p, bytes, packet_s, t0, ears);
  const double t = a.end_s;
  if (a.attempts > 0) {
    ++run_.hops;
    l.queue.sent(a.first_start, t);
    l.sup.on_air_until(t);
    run_.signals.on_packet_hop(l.index, a.attempts, a.delivered, a.first_start, t);
    if (log_exchanges_)
      XBT_DEBUG("%s: frames %lld+%d, %d attempt(s) %.6f-%.6f s, %s", l.name.c_str(),
                static_cast<long long>(p.first_frame), p.frames, a.attempts, a.first_start, t,
                a.delivered ? "delivered" : "not delivered");
  }
  if (a.lost_at >= 0)
    reconnection_.drop(l, a.lost_at);
  // Not delivered: the link was lost (before or during its attempts), ARQ gave up (channel), or the run ended first.
  const double flush  = l.flush_s;
  const bool ended    = !a.delivered && !a.link_down && a.lost_at < 0 && (a.attempts == 0 || !(flush > 0 && t - r >= flush));
  const LossCause why = a.link_down || a.lost_at >= 0 ? LossCause::link_loss : LossCause::channel;
  for (auto& e : ears) {  // what each snooper heard; what it missed the primary re-sends if it has it
    if (e.listened > 0)
      run_.signals.on_packet_hop(e.link->index, e.listened, e.got_s >= 0, e.first_s, e.last_s);
    if (e.got_s >= 0)
      run_.signals.on_frames_arrived(e.link->sink, p.first_frame, p.frames, e.got_s);
    else if (a.delivered)
      hop(*run_.links[e.link->repair], Packet{p.first_frame, p.frames, t});
    else if (!ended)
      run_.signals.on_frames_lost(e.link->index, p.first_frame, p.frames, static_cast<int>(why));
  }
  if (a.attempts == 0 || !a.delivered) {
    if (!ended)
      lost(why);
    return nullptr;  // never on the air before the end of the run (or lost first), or flushed
  }
  run_.signals.on_frames_arrived(l.sink, p.first_frame, p.frames, t);
  run_.signals.on_acl_delivered(l.index, p.first_frame, p.frames, bytes, t);
  if (l.next < 0)
    return nullptr;
  p = Packet{p.first_frame, p.frames, t + l.forward_delay_s};  // the relay re-transmits after holding the packet
  return run_.links[static_cast<size_t>(l.next)].get();        // in its forwarding buffer
}

}  // namespace btlinksim
