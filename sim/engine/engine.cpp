#include "sim/engine/engine.hpp"

#include "models/baseband/airtime.hpp"
#include "models/formation/formation.hpp"
#include "models/formation/handshake.hpp"
#include "models/channel/interference.hpp"
#include "models/core/rng.hpp"
#include "models/core/stats.hpp"
#include "sim/engine/channel.hpp"
#include "sim/scenario/topology.hpp"

#include <simgrid/s4u.hpp>
#include <xbt/signal.hpp>

#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>

namespace sg4 = simgrid::s4u;

namespace btlinksim {
namespace {

struct Packet {
  std::int64_t first_frame = 0;
  int frames               = 0;
  double enqueued_s        = 0;  // when the packet became ready at the link's transmitter
};

// Signals emitted by the actors (ns-3 trace sources / OMNeT++ signals); collectors subscribe to them.
// Times are those of the simulated events, which the source computes ahead of the engine clock (see Simulation).
struct Signals {
  simgrid::xbt::signal<void(int link, int attempts, bool delivered, double start_s, double end_s)> on_packet_hop;
  simgrid::xbt::signal<void(int link)> on_queue_drop;
  simgrid::xbt::signal<void(int sink, std::int64_t first, int count, double t)> on_frames_arrived;
};

struct Link {
  int index = 0, tx = 0, rx = 0;
  std::string name;
  double distance_m    = 0;
  double median_rx_dbm = 0;  // median received power including this replication's shadowing draw
  CalibratedReceiver payload_rx, header_rx;
  RngStream fading, arq;
  double last_end_s = 0;          // the ACL queue is FIFO: a packet starts after its predecessor's last attempt
  std::deque<double> starts_s;    // first-attempt starts of earlier packets still waiting at some ready time
  int next_link = -1;             // relay: the link the receiver re-transmits on
  int sink      = -1;             // the receiver's sink index
  double header_snr = 0, payload_snr = 0;  // linear SNRs at the median received power
  double up_s   = 0;                                           // formed (audio may flow) from
  double down_s = std::numeric_limits<double>::infinity();     // lost by supervision timeout at (until reconnected)
  double displaced_s = std::numeric_limits<double>::infinity();  // displaced by the host at
  double last_ok_s  = 0;          // last acknowledged exchange or answered poll (supervision timer)
  double last_air_s = 0;          // end of the last exchange on the link (idle polling starts here)
  int cached_bytes  = -1;         // static channel (no fading): PER of the last payload size
  double cached_per = 0;
  std::int64_t coherence_slot = -1;  // fading held per coherence time: the slot of the current draw
  double coherence_gain       = 1;
  std::unique_ptr<AfhClassifier> afh;  // the master's channel classification (connection.afh)
  RngStream hop_rng, interference_rng, poll_rng;
  Link(std::uint64_t seed, int rep, const std::string& n)
      : name(n), fading(seed, rep, n, "fading"), arq(seed, rep, n, "arq"), hop_rng(seed, rep, n, "hop"),
        interference_rng(seed, rep, n, "interference"), poll_rng(seed, rep, n, "poll")
  {
  }
};

class LinkCollector {
public:
  LinkCollector(size_t n, double exchange_s)
      : packets(n), delivered(n), attempts(n), queue_drops(n), airtime_s(n), exchange_s_(exchange_s)
  {
  }
  void connect(Signals& s)
  {
    s.on_packet_hop.connect([this](int l, int a, bool ok, double, double) {
      packets[l]++;
      delivered[l] += ok;
      attempts[l] += a;
      airtime_s[l] += a * exchange_s_;
    });
    s.on_queue_drop.connect([this](int l) { queue_drops[l]++; });
  }
  std::vector<long long> packets, delivered, attempts, queue_drops;
  std::vector<double> airtime_s;

private:
  double exchange_s_;
};

class SinkCollector {
public:
  SinkCollector(const Scenario& s, const std::vector<int>& sink_devices, int rep)
      : frame_s_(s.audio.codec.frame_duration_s), source_{s.device(s.topology.source)->clock_drift_ppm}
  {
    for (int d : sink_devices) {
      // TTP: each sink tracks the piconet clock within the +/-10 us receive window [khoury-notes].
      RngStream r(s.seed, rep, s.devices[d].name, "ttp_offset");
      const double offset = r.uniform(-10e-6, 10e-6);
      trackers.emplace_back(s.audio.sync, s.audio.playout_delay_s, frame_s_, ClockModel{s.devices[d].clock_drift_ppm},
                            source_, offset);
      latency.emplace_back();
      received.push_back(0);
    }
  }
  void connect(Signals& s)
  {
    s.on_frames_arrived.connect([this](int sink, std::int64_t first, int count, double t) {
      trackers[sink].on_frames(first, count, t);
      received[sink] += count;
      for (int i = 0; i < count; ++i) {
        const double lat = t - frame_capture_time(first + i, frame_s_, source_);
        latency[sink].add(lat);
      }
    });
  }
  std::vector<SinkTracker> trackers;
  std::vector<LogHistogram> latency;
  std::vector<long long> received;

private:
  double frame_s_;
  ClockModel source_;
};

class TimeSeriesCollector {
public:
  explicit TimeSeriesCollector(double frame_s, ClockModel src) : frame_s_(frame_s), src_(src) {}
  void connect(Signals& s)
  {
    s.on_frames_arrived.connect([this](int sink, std::int64_t first, int count, double t) {
      ts.sink_index.push_back(sink);
      ts.first_frame.push_back(static_cast<double>(first));
      ts.frames.push_back(count);
      ts.capture_s.push_back(frame_capture_time(first, frame_s_, src_));
      ts.arrival_s.push_back(t);
    });
  }
  TimeSeries ts;

private:
  double frame_s_;
  ClockModel src_;
};

// What link formation produced for one link (or the speakers' stereo-pair control link).
struct FormationRecord {
  std::string name;
  double start_s = 0;  // both ends ready
  double up_s    = std::numeric_limits<double>::quiet_NaN();
  double discovered_s = std::numeric_limits<double>::quiet_NaN();
  double handshake_s  = std::numeric_limits<double>::quiet_NaN();  // duration of the handshake
  double down_s       = std::numeric_limits<double>::quiet_NaN();
  int retries = 0, messages = 0;
  HandshakeOutcome outcome = HandshakeOutcome::failed;
  std::string reason = "not attempted";
};

// A link lost by the supervision timeout, and its reconnection.
struct Outage {
  std::string link;
  double down_s = 0, last_ok_s = 0;
  double up_s   = std::numeric_limits<double>::quiet_NaN();  // reconnected at (NaN: not before the end)
  int pages     = 0;
};

class Simulation {
public:
  Simulation(const Scenario& s, int rep) : s_(s), rep_(rep) {}

  RunResult run()
  {
    const auto wall0 = std::chrono::steady_clock::now();
    int argc         = 2;
    char arg0[]      = "btlinksim";
    char arg1[]      = "--log=root.thresh:critical";
    char* argv[]     = {arg0, arg1, nullptr};
    sg4::Engine e(&argc, argv);
    // LV08's latency/bandwidth factors and cross-traffic would stretch message times (stack-notes §2.4);
    // air time is modelled by the radios, so messages must be instantaneous.
    e.set_config("network/latency-factor:1");
    e.set_config("network/bandwidth-factor:1");
    e.set_config("network/crosstraffic:0");
    build();
    end_s_ = s_.duration_s + s_.audio.playout_delay_s;

    links_col_ = std::make_unique<LinkCollector>(links_.size(), acl_exchange_time_s(s_.audio.packet_type));
    sinks_col_ = std::make_unique<SinkCollector>(s_, sink_devices_, rep_);
    links_col_->connect(signals_);
    sinks_col_->connect(signals_);
    if (s_.output.timeseries) {
      ts_col_ = std::make_unique<TimeSeriesCollector>(s_.audio.codec.frame_duration_s,
                                                      ClockModel{s_.device(s_.topology.source)->clock_drift_ppm});
      ts_col_->connect(signals_);
    }

    const int src = s_.device_index(s_.topology.source);
    if (s_.formation.enabled)
      start_formation(src);
    sg4::Actor::create("source", hosts_[src], [this, src] { source_actor(src); })->daemonize();
    sg4::Actor::create("end", hosts_[src], [this] { sg4::this_actor::sleep_until(end_s_); });
    e.run();

    RunResult r = collect();
    r.wall_s    = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    return r;
  }

private:
  void build()
  {
    const auto pairs = topology_links(s_);
    const auto graph = build_topology_graph(s_, pairs);
    auto* zone       = sg4::create_full_zone("btlinksim");
    for (const auto& d : s_.devices) {
      hosts_.push_back(zone->create_host(d.name, 1e9)->seal());
      // Each device's slot-pair grid: 2 slots of its own clock, at a phase drawn per replication.
      RngStream r(s_.seed, rep_, d.name, "slot_phase");
      const double period = 2 * kSlot_s / ClockModel{d.clock_drift_ppm}.rate();
      grids_.push_back(SlotGrid{r.uniform(0, period), period});
    }
    radios_.resize(s_.devices.size());
    sink_of_.assign(s_.devices.size(), -1);

    const Phy phy        = acl_info(s_.audio.packet_type).payload_phy;
    field_               = std::make_unique<ChannelField>(s_, rep_);
    dynamic_             = field_->dynamic();
    hopping_             = s_.connection.afh || !s_.environment.interferers.empty();
    for (int c = 0; c < kBrChannels; ++c)
      all_channels_.push_back(c);
    // One link and one route per topology edge (Boost.Graph -> SimGrid platform).
    for (auto [ei, ee] = boost::edges(graph); ei != ee; ++ei) {
      const int a = static_cast<int>(boost::source(*ei, graph)), b = static_cast<int>(boost::target(*ei, graph));
      const std::string name = s_.devices[a].name + "->" + s_.devices[b].name;
      auto* sl               = zone->create_link(name, 1e12)->set_latency(0)->seal();
      zone->add_route(hosts_[a]->get_netpoint(), hosts_[b]->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(sl)},
                      true);
      auto l        = std::make_unique<Link>(s_.seed, rep_, name);
      l->index      = graph[*ei].order;
      l->tx         = a;
      l->rx         = b;
      l->distance_m = graph[*ei].distance_m;
      l->median_rx_dbm = field_->median_rx_dbm(a, b, 0);  // at t = 0; re-evaluated per exchange when dynamic
      if (s_.connection.afh)
        l->afh = std::make_unique<AfhClassifier>(s_.connection.afh_params);
      l->payload_rx = CalibratedReceiver(link_receiver(s_, b, phy));
      l->header_rx  = CalibratedReceiver(link_receiver(s_, b, Phy::br));
      l->header_snr  = l->header_rx.snr_linear(l->median_rx_dbm);
      l->payload_snr = l->payload_rx.snr_linear(l->median_rx_dbm);
      links_.push_back(std::move(l));
    }
    zone->seal();
    std::sort(links_.begin(), links_.end(), [](const auto& x, const auto& y) { return x->index < y->index; });
    const auto& t = s_.topology;
    const auto& sink_names = t.kind == TopologyKind::relay ? std::vector<std::string>(t.chain.begin() + 1, t.chain.end())
                                                           : t.sinks;
    for (const auto& n : sink_names) {
      sink_of_[s_.device_index(n)] = static_cast<int>(sink_devices_.size());
      sink_devices_.push_back(s_.device_index(n));
    }
    for (auto& l : links_) {
      l->sink = sink_of_[l->rx];
      for (auto& m : links_)
        if (m->tx == l->rx)
          l->next_link = m->index;  // a speaker re-transmits on its single outgoing link (relay chain)
    }
    const auto& pt = acl_info(s_.audio.packet_type);
    fpp_           = frames_per_packet(s_.audio.codec, pt.max_payload_bytes);
    total_frames_  = static_cast<std::int64_t>(std::floor(s_.duration_s / s_.audio.codec.frame_duration_s));
    fading_k_      = s_.environment.fading == FadingKind::rician ? std::pow(10.0, s_.environment.rician_k_db / 10.0) : 0.0;
    exchange_s_    = acl_exchange_time_s(s_.audio.packet_type);
  }

  // The source actor wakes when each packet is ready (its last frame captured on the source's clock) and carries
  // the packet through every hop at once, computing each exchange's time on the radio timelines. One engine event
  // per packet instead of several per hop; the timelines keep the half-duplex and slot rules, and a packet's hops
  // are decided before any later packet's (older audio first wherever two packets compete for a radio).
  void source_actor(int src)
  {
    const ClockModel clock{s_.devices[src].clock_drift_ppm};
    const double T = s_.audio.codec.frame_duration_s;
    std::vector<Link*> out;
    for (auto& l : links_)
      if (l->tx == src)
        out.push_back(l.get());
    for (std::int64_t k = 0; k < total_frames_; k += fpp_) {
      const int n      = static_cast<int>(std::min<std::int64_t>(fpp_, total_frames_ - k));
      const double now = frame_capture_time(k + n, T, clock);  // packet ready when its last frame is
      sg4::this_actor::sleep_until(now);
      for (auto& r : radios_)
        r.prune(now);  // every later reservation starts at or after this packet's ready time
      if (dynamic_ && (k / fpp_) % 256 == 0)  // idle polls may look back up to a supervision timeout
        field_->forget_before(now - 60.0 - s_.connection.supervision_timeout_s);
      // Round-robin ACL scheduling: the link served first rotates from one packet to the next.
      const size_t first = static_cast<size_t>((k / fpp_) % static_cast<std::int64_t>(out.size()));
      for (size_t i = 0; i < out.size(); ++i)
        hop(*out[(first + i) % out.size()], Packet{k, n, now});
    }
  }

  double attempt_per(Link& l, int payload_bytes)
  {
    if (s_.environment.fading == FadingKind::none) {  // static channel: the PER depends on the size only
      if (payload_bytes != l.cached_bytes) {
        l.cached_bytes = payload_bytes;
        l.cached_per   = acl_per(s_.audio.packet_type, payload_bytes, l.header_rx.ber(l.median_rx_dbm),
                                 l.payload_rx.ber(l.median_rx_dbm));
      }
      return l.cached_per;
    }
    // Independent fading per attempt: each hops to a new channel.
    const double g = draw_fading_power_gain(l.fading, fading_k_);
    return acl_per(s_.audio.packet_type, payload_bytes, l.header_rx.ber_at_snr(l.header_snr * g),
                   l.payload_rx.ber_at_snr(l.payload_snr * g));
  }

  // Small-scale fading power gain of one attempt: a new draw per attempt, or held for the coherence time.
  double fading_gain(Link& l, double t)
  {
    if (s_.environment.fading == FadingKind::none)
      return 1.0;
    const double coh = s_.environment.coherence_time_s;
    if (coh <= 0)
      return draw_fading_power_gain(l.fading, fading_k_);
    const auto slot = static_cast<std::int64_t>(std::floor(t / coh));
    if (slot > l.coherence_slot) {
      l.coherence_slot = slot;
      l.coherence_gain = draw_fading_power_gain(l.fading, fading_k_);
    }
    return l.coherence_gain;
  }

  // Whether an interferer active during the exchange on `channel` breaks it (C/I rule at the receiver).
  bool collides(Link& l, int channel, double c_dbm, double t)
  {
    const auto& xs = s_.environment.interferers;
    for (size_t i = 0; i < xs.size(); ++i) {
      const auto& x = xs[i];
      if (x.kind == InterfererSpec::Kind::wifi) {
        if (!l.interference_rng.bernoulli(x.duty))
          continue;
        const auto o = wifi_overlap(field_->interferer_rx_dbm(i, l.rx, t), wifi_channel_mhz(x.wifi_channel),
                                    br_channel_mhz(channel));
        if (!survives(c_dbm, o.in_channel_dbm, o.offset_mhz))
          return true;
      } else {
        // Another piconet hops to a new channel per packet: about exchange / its packet length of its hops
        // overlap ours, each on the air with probability duty, on a channel uniform over 79.
        const int hops = static_cast<int>(std::ceil(exchange_s_ / (x.packet_slots * kSlot_s) - 1e-9));
        double i_dbm   = std::numeric_limits<double>::quiet_NaN();
        for (int h = 0; h < hops; ++h) {
          if (!l.interference_rng.bernoulli(x.duty))
            continue;
          const int ich = static_cast<int>(l.interference_rng.uniform_int(kBrChannels));
          if (std::isnan(i_dbm))
            i_dbm = field_->interferer_rx_dbm(i, l.rx, t);
          if (!survives(c_dbm, i_dbm, std::abs(ich - channel)))
            return true;
        }
      }
    }
    return false;
  }

  // One transmission attempt at time s: fails if an interferer collides on its hop channel, else with the PER
  // at the channel's current median power and fading. The master's AFH classifier learns from every attempt.
  bool attempt_fails(Link& l, int bytes, double s)
  {
    if (!dynamic_ && !hopping_)
      return l.arq.bernoulli(attempt_per(l, bytes));  // static channel: the precomputed path
    const double med = dynamic_ ? field_->median_rx_dbm(l.tx, l.rx, s) : l.median_rx_dbm;
    const double g   = fading_gain(l, s);
    bool fail        = false;
    int ch           = 0;
    if (hopping_) {
      const auto& set = l.afh ? l.afh->hop_set(s) : all_channels_;
      ch              = set[l.hop_rng.uniform_int(set.size())];
      fail            = collides(l, ch, med + 10.0 * std::log10(g), s);
    }
    if (!fail)
      fail = l.arq.bernoulli(acl_per(s_.audio.packet_type, bytes, l.header_rx.ber_at_snr(l.header_rx.snr_linear(med) * g),
                                     l.payload_rx.ber_at_snr(l.payload_rx.snr_linear(med) * g)));
    if (l.afh)
      l.afh->record(ch, fail, s);
    return fail;
  }

  // The master polls an idle link every T_poll (POLL/NULL, a header-only exchange); an answer resets the
  // supervision timer. Returns false if the link was lost while idle (before `until`).
  bool poll_idle(Link& l, double until)
  {
    const double lsto = s_.connection.supervision_timeout_s, tp = s_.connection.poll_interval_s;
    for (double q = l.last_air_s + tp; q < until; q += tp) {
      if (q >= l.down_s)
        return false;
      if (q >= l.last_ok_s + lsto) {
        drop_link(l, l.last_ok_s + lsto);
        return false;
      }
      const double med = dynamic_ ? field_->median_rx_dbm(l.tx, l.rx, q) : l.median_rx_dbm;
      const double g   = fading_gain(l, q);
      const double ber = l.header_rx.ber_at_snr(l.header_rx.snr_linear(med) * g);
      if (!l.poll_rng.bernoulli(acl_per(AclType::dm1, 1, ber, ber)))
        l.last_ok_s = q;
    }
    return true;
  }

  // Link supervision timeout: the link is gone at `t`; the audio behind it stops until a reconnection.
  void drop_link(Link& l, double t)
  {
    l.down_s     = t;
    l.last_end_s = t;
    l.starts_s.clear();
    outages_.push_back(Outage{l.name, t, l.last_ok_s});
    const size_t k = outages_.size() - 1;
    if (s_.connection.reconnect && t < end_s_)
      sg4::Actor::create("reconnect:" + l.name, hosts_[l.tx], [this, &l, k] { reconnect_actor(l, k); })->daemonize();
  }

  void mark_up(Link& l, double t)
  {
    l.up_s       = t;
    l.down_s     = std::numeric_limits<double>::infinity();
    l.last_ok_s  = t;
    l.last_air_s = std::max(l.last_air_s, t);
    l.last_end_s = std::max(l.last_end_s, t);
  }

  // After a supervision timeout the master pages the peer again (page without its clock, Page_Timeout 5.12 s per
  // try, the channel evaluated at each try's start) until it answers, the attempts run out or the run ends;
  // then A2DP set-up again (host links) or a role switch (speaker links; the pair's handshake is remembered, U).
  void reconnect_actor(Link& l, size_t k)
  {
    const auto& F  = s_.formation;
    const double t0 = std::max(outages_[k].down_s, sg4::Engine::get_clock());
    sg4::this_actor::sleep_until(t0);
    const std::string id = l.name + "#" + std::to_string(k);
    RngStream rng(s_.seed, rep_, id, "reconnect");
    ScanChannelTrains trains(RngStream(s_.seed, rep_, id, "reconnect_train"));
    const ScanParams scan = scan_of(l.rx, F.page_scan_interval_s, "page_scan_phase");
    const int limit       = s_.connection.reconnect_attempts;
    double t              = t0;
    std::optional<double> paged;
    while (t < end_s_ && (limit == 0 || outages_[k].pages < limit)) {
      outages_[k].pages++;
      paged = page_time(t, scan, nullptr, false, trains, control_ok(l.tx, l.rx, 17, t), rng);
      if (paged)
        break;
      t += kPageTimeout_s;
    }
    if (!paged)
      return;
    const bool host = l.tx == s_.device_index(s_.topology.source);
    const double up = *paged + (host ? F.profile_setup_s : F.role_switch_s);
    if (up >= end_s_)
      return;
    sg4::this_actor::sleep_until(up);
    mark_up(l, up);
    outages_[k].up_s = up;
  }

  // One packet over one link: tail drop when the ACL queue is full, then baseband ARQ (each attempt one exchange
  // on both radios, at the master's next free slot pair) until acknowledged, the flush timeout, or the end of
  // the run; a delivered packet is played by the receiver and, on a relay, re-transmitted on its next link.
  void hop(Link& l, const Packet& p)
  {
    const double r = p.enqueued_s;
    if (r < l.up_s || r >= l.down_s || r >= l.displaced_s)
      return;  // the link is not formed (yet), lost, or the host dropped it: nothing is sent
    while (!l.starts_s.empty() && l.starts_s.front() <= r)
      l.starts_s.pop_front();
    if (static_cast<int>(l.starts_s.size()) >= s_.audio.tx_queue_limit) {
      signals_.on_queue_drop(l.index);  // that many earlier packets are still waiting: this one is discarded
      return;
    }
    const int bytes = s_.audio.codec.media_overhead_bytes + p.frames * s_.audio.codec.frame_bytes;
    RadioTimeline& tx = radios_[l.tx];
    RadioTimeline& rx = radios_[l.rx];
    const double flush = s_.audio.flush_timeout_s;
    double t = std::max(r, l.last_end_s), first_start = 0;
    const double lsto = s_.connection.supervision_timeout_s;
    if (lsto > 0 && !poll_idle(l, t))
      return;  // lost while idle
    int attempts   = 0;
    bool delivered = false;
    double lost_at = -1;
    while (true) {
      const double s = joint_first_fit(tx, rx, grids_[l.tx], t, exchange_s_);
      if (s + exchange_s_ > end_s_)
        break;  // the run ends before this exchange would
      if (s >= l.down_s)
        break;  // the link is already lost at that time (decided by an earlier packet's attempts)
      if (lsto > 0 && s >= l.last_ok_s + lsto) {
        lost_at = l.last_ok_s + lsto;  // nothing acknowledged for the supervision timeout
        break;
      }
      tx.reserve(s, s + exchange_s_);
      rx.reserve(s, s + exchange_s_);
      if (attempts++ == 0)
        first_start = s;
      t = s + exchange_s_;
      if (!attempt_fails(l, bytes, s)) {
        delivered   = true;
        l.last_ok_s = t;
        break;
      }
      if (flush > 0 && t - r >= flush)
        break;
    }
    if (attempts > 0) {
      ++hops_;
      l.starts_s.push_back(first_start);
      l.last_end_s = t;
      l.last_air_s = std::max(l.last_air_s, t);
      signals_.on_packet_hop(l.index, attempts, delivered, first_start, t);
    }
    if (lost_at >= 0)
      drop_link(l, lost_at);
    if (attempts == 0)
      return;  // never on the air before the end of the run (or the link was lost first)
    if (!delivered)
      return;
    signals_.on_frames_arrived(l.sink, p.first_frame, p.frames, t);
    if (l.next_link >= 0)
      hop(*links_[l.next_link], Packet{p.first_frame, p.frames, t});
  }

  // ---- Link formation (issue 4): actors that sleep through boot, inquiry, page and the firmware handshake ----
  double ready_s(int d)
  {
    const auto& dev = s_.devices[d];
    RngStream r(s_.seed, rep_, dev.name, "boot");
    return dev.power_on_s + dev.boot_s + (dev.boot_jitter_s > 0 ? r.uniform(0, dev.boot_jitter_s) : 0.0);
  }

  // Probability that a short control packet (ID/FHS/DM1 of `bytes`) gets through at the link's median power.
  double control_ok(int tx, int rx, int bytes, double t)
  {
    const double p = field_->median_rx_dbm(tx, rx, t);
    const CalibratedReceiver br(link_receiver(s_, rx, Phy::br));
    return 1.0 - acl_per(AclType::dm1, bytes, br.ber(p), br.ber(p));
  }

  ScanParams scan_of(int d, double interval, const char* purpose)
  {
    RngStream r(s_.seed, rep_, s_.devices[d].name, purpose);
    return ScanParams{interval, s_.formation.scan_window_s, r.uniform(0, interval)};
  }

  Link* link_between(int tx, int rx)
  {
    for (auto& l : links_)
      if (l->tx == tx && l->rx == rx)
        return l.get();
    return nullptr;
  }

  void start_formation(int src)
  {
    for (auto& l : links_)
      l->up_s = std::numeric_limits<double>::infinity();
    const auto& t = s_.topology;
    // Speaker-to-speaker links: relay hops, or the stereo pair's control link of a dual-stream system.
    std::vector<std::pair<int, int>> speaker_links;
    if (t.kind == TopologyKind::relay)
      for (size_t i = 1; i + 1 < t.chain.size(); ++i)
        speaker_links.emplace_back(s_.device_index(t.chain[i]), s_.device_index(t.chain[i + 1]));
    else if (t.kind == TopologyKind::dual_stream && s_.formation.speaker_link && s_.formation.handshake)
      for (size_t i = 1; i < t.sinks.size(); ++i)
        speaker_links.emplace_back(s_.device_index(t.sinks[0]), s_.device_index(t.sinks[i]));
    pair_done_ = sg4::ConditionVariable::create();
    pair_mutex_ = sg4::Mutex::create();
    pairs_pending_ = static_cast<int>(speaker_links.size());
    for (auto [a, b] : speaker_links) {
      formation_.push_back(FormationRecord{s_.devices[a].name + "<->" + s_.devices[b].name});
      const size_t k = formation_.size() - 1;
      sg4::Actor::create("pair:" + formation_[k].name, hosts_[a], [this, a, b, k] { speaker_pair_actor(a, b, k); })
          ->daemonize();
    }
    sg4::Actor::create("host", hosts_[src], [this, src] { host_actor(src); })->daemonize();
  }

  // The source pages each of its speakers in turn (known devices: paging without their clock), then sets up A2DP.
  void host_actor(int src)
  {
    const auto& F   = s_.formation;
    const auto& dev = s_.devices[src];
    std::vector<Link*> out;
    for (auto& l : links_)
      if (l->tx == src)
        out.push_back(l.get());
    std::deque<Link*> active;
    for (size_t i = 0; i < out.size(); ++i) {
      Link& l = *out[i];
      formation_.push_back(FormationRecord{l.name});
      const size_t k = formation_.size() - 1;
      // In a dual-stream stereo pair, the phone adds the second speaker once the pair is formed.
      if (s_.topology.kind == TopologyKind::dual_stream && i > 0 && pairs_pending_ >= 0 && !pair_records_.empty()) {
        std::unique_lock lock(*pair_mutex_);
        while (pairs_pending_ > 0)
          pair_done_->wait(lock);
        if (formation_[pair_records_[i - 1]].outcome == HandshakeOutcome::failed) {
          formation_[k].reason = "stereo pair not formed: " + formation_[pair_records_[i - 1]].reason;
          continue;
        }
      }
      const double t0 = std::max({sg4::Engine::get_clock(), ready_s(src), ready_s(l.rx)});
      formation_[k].start_s = t0;
      sg4::this_actor::sleep_until(t0);
      RngStream rng(s_.seed, rep_, l.name, "page");
      ScanChannelTrains trains(RngStream(s_.seed, rep_, s_.devices[l.rx].name, "page_train"));
      const ScanParams scan = scan_of(l.rx, F.page_scan_interval_s, "page_scan_phase");
      const double p_ok     = control_ok(src, l.rx, 17, t0);
      std::optional<double> paged;
      double t = t0;
      for (int a = 0; a < F.page_attempts && !paged; ++a) {
        paged = page_time(t, scan, nullptr, false, trains, p_ok, rng);
        if (!paged) {
          t += kPageTimeout_s;
          formation_[k].retries++;
        }
      }
      if (!paged) {
        sg4::this_actor::sleep_until(t);
        formation_[k].reason = "page timeout (" + std::to_string(F.page_attempts) + " x 5.12 s)";
        continue;
      }
      const double up = *paged + F.profile_setup_s;
      sg4::this_actor::sleep_until(up);
      // Host limit on simultaneous audio links.
      if (static_cast<int>(active.size()) >= dev.audio_links) {
        if (!dev.audio_most_recent) {
          formation_[k].reason = "host keeps " + std::to_string(dev.audio_links) + " audio link(s); refused";
          continue;
        }
        Link* old          = active.front();
        active.pop_front();
        old->displaced_s   = up;
        for (auto& r : formation_)
          if (r.name == old->name) {
            r.down_s = up;
            r.reason = "displaced by " + l.name + " (host keeps " + std::to_string(dev.audio_links) + " audio link(s))";
          }
      }
      active.push_back(&l);
      mark_up(l, up);
      formation_[k].up_s       = up;
      formation_[k].outcome    = HandshakeOutcome::stereo;  // A2DP stream up; stereo/mono is the speakers' matter
      formation_[k].reason     = "connected";
    }
  }

  // Two speakers in link mode: inquiry/scan alternation until one discovers the other, page, role switch,
  // firmware handshake; failures other than incompatibility are retried until the link-mode timeout.
  void speaker_pair_actor(int a, int b, size_t k)
  {
    pair_records_.push_back(k);
    const auto& F      = s_.formation;
    FormationRecord& rec = formation_[k];
    const double ra = ready_s(a), rb = ready_s(b);
    rec.start_s       = std::max(ra, rb);
    const double t_end = std::min(ra, rb) + F.link_mode.timeout_s;
    Link* audio        = link_between(a, b);  // relay hop (null for a stereo pair's control link)
    auto finish = [&](HandshakeOutcome o, std::string why) {
      rec.outcome = o;
      rec.reason  = std::move(why);
      std::unique_lock lock(*pair_mutex_);
      --pairs_pending_;
      pair_done_->notify_all();
    };
    if (!F.speaker_link) {
      sg4::this_actor::sleep_until(rec.start_s);
      finish(HandshakeOutcome::failed, "this system does not link speakers (speaker_link: false)");
      return;
    }
    RngStream ma(s_.seed, rep_, s_.devices[a].name, "link_mode"), mb(s_.seed, rep_, s_.devices[b].name, "link_mode");
    const ActivitySchedule sa = link_mode_schedule(ra, F.link_mode, ma), sb = link_mode_schedule(rb, F.link_mode, mb);
    ScanChannelTrains ta(RngStream(s_.seed, rep_, s_.devices[a].name, "inquiry_train")),
        tb(RngStream(s_.seed, rep_, s_.devices[b].name, "inquiry_train"));
    const ScanParams ia = scan_of(a, F.inquiry_scan_interval_s, "inquiry_scan_phase"),
                     ib = scan_of(b, F.inquiry_scan_interval_s, "inquiry_scan_phase");
    const ScanParams pa = scan_of(a, F.page_scan_interval_s, "page_scan_phase"),
                     pb = scan_of(b, F.page_scan_interval_s, "page_scan_phase");
    RngStream rng(s_.seed, rep_, rec.name, "formation");
    const double p_ok = control_ok(a, b, 17, std::max(ra, rb));
    const std::optional<std::string> incompatible =
        incompatibility(F.compatibility, s_.devices[a].brand, s_.devices[a].firmware, s_.devices[b].brand,
                        s_.devices[b].firmware);
    double t = std::max(ra, rb);
    std::string last = "not discovered within the link-mode timeout (were both inquiring at the same time?)";
    while (t < t_end) {
      auto dab = first_discovery(sa, sb, ib, tb, p_ok, rng, t, t_end);  // a inquires, b scans
      auto dba = first_discovery(sb, sa, ia, ta, p_ok, rng, t, t_end);
      if (!dab && !dba)
        break;
      const bool a_found_b = dab && (!dba || dab->discovered_s <= dba->discovered_s);
      const double found   = a_found_b ? dab->discovered_s : dba->discovered_s;
      if (std::isnan(rec.discovered_s))
        rec.discovered_s = found;
      sg4::this_actor::sleep_until(found);
      // The discoverer pages the other with its clock known (from the FHS) while the other scans.
      const int pager = a_found_b ? a : b;
      auto paged = page_time(found, a_found_b ? pb : pa, a_found_b ? &sb : &sa, true, a_found_b ? tb : ta, p_ok, rng);
      if (!paged) {
        rec.retries++;
        t    = found + kPageTimeout_s;
        last = "page timeout after discovery";
        continue;
      }
      double now = *paged + (pager != a ? F.role_switch_s : 0.0);  // the relay's upstream speaker must be master
      sg4::this_actor::sleep_until(now);
      if (!F.handshake) {
        rec.up_s = now;
        if (audio)
          mark_up(*audio, now);
        finish(HandshakeOutcome::mono, "no firmware handshake: speakers play the same mix");
        return;
      }
      HandshakeMachine m(*F.handshake, incompatible);
      const double exch = acl_exchange_time_s(AclType::dm1);
      const double h0   = now;
      while (!m.done()) {
        const auto* msg = F.handshake->message(m.current().send);
        const double tc = sg4::Engine::get_clock();
        const double p  = control_ok(a, b, msg->bytes, tc) * control_ok(b, a, msg->bytes, tc);  // request and answer
        sg4::this_actor::sleep_for(m.step(rng.bernoulli(p), exch));
      }
      now = sg4::Engine::get_clock();
      rec.retries += m.retries();
      rec.messages += m.messages();
      rec.handshake_s = now - h0;
      if (m.outcome() != HandshakeOutcome::failed) {
        rec.up_s = now;
        if (audio)
          mark_up(*audio, now);
        finish(m.outcome(), m.reason());
        return;
      }
      last = m.reason();
      if (incompatible && m.reason().rfind("incompatible", 0) == 0)
        break;  // the rules will refuse this pair every time
      rec.retries++;
      t = now;
    }
    sg4::this_actor::sleep_until(std::max(sg4::Engine::get_clock(), std::min(t_end, end_s_)));
    finish(HandshakeOutcome::failed, last);
  }

  RunResult collect()
  {
    RunResult r;
    r.replication = rep_;
    r.sim_end_s   = end_s_;
    r.events      = hops_;
    const double T = s_.audio.codec.frame_duration_s;
    auto& sc       = *sinks_col_;
    for (size_t i = 0; i < sc.trackers.size(); ++i) {
      // A sink whose link the host dropped stops playing then: the rest is not playing, not dropouts.
      double stop = end_s_;
      for (const auto& l : links_)
        if (l->rx == sink_devices_[i])
          stop = std::min(stop, l->displaced_s);
      sc.trackers[i].finish(stop, total_frames_);
    }

    ResultTable& st = r.sinks;
    st.name         = "sinks";
    for (auto [c, u] : std::vector<std::pair<const char*, const char*>>{
             {"frames_due", "1"},        {"frames_on_time", "1"},   {"frames_late", "1"},
             {"frames_lost", "1"},       {"frames_received", "1"},  {"dropouts", "1"},
             {"dropout_duration_s", "s"}, {"dropouts_per_min", "1/min"}, {"startup_s", "s"},
             {"latency_mean_s", "s"},    {"latency_p50_s", "s"},    {"latency_p95_s", "s"},
             {"latency_p99_s", "s"},     {"latency_max_s", "s"},    {"skew_mean_s", "s"},
             {"skew_max_s", "s"},        {"clock_drift_ppm", "ppm"}})
      st.add_column(c, u);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const auto& ref  = sc.trackers.front();
    for (size_t i = 0; i < sink_devices_.size(); ++i) {
      const auto& tr = sc.trackers[i];
      st.row_names.push_back(s_.devices[sink_devices_[i]].name);
      double skew_mean = nan, skew_max = nan;
      if (tr.playing() && ref.playing()) {
        const std::int64_t lo = std::max(tr.schedule().first_frame(), ref.schedule().first_frame());
        const std::int64_t hi = std::max(lo, total_frames_ - 1);
        const double a = tr.schedule().play_time(lo) - ref.schedule().play_time(lo);
        const double b = tr.schedule().play_time(hi) - ref.schedule().play_time(hi);
        skew_mean      = 0.5 * (a + b);  // skew is linear in the frame index
        skew_max       = std::max(std::abs(a), std::abs(b));
      }
      const auto& h = sc.latency[i];
      const double vals[] = {static_cast<double>(tr.frames_due()), static_cast<double>(tr.frames_on_time()),
                             static_cast<double>(tr.frames_late()), static_cast<double>(tr.frames_lost()),
                             static_cast<double>(sc.received[i]), static_cast<double>(tr.dropouts()),
                             tr.frames_lost() * T, tr.dropouts() / (s_.duration_s / 60.0),
                             tr.playing() ? tr.start_time_s() : nan,
                             h.count() ? h.mean() : nan, h.count() ? h.quantile(0.5) : nan,
                             h.count() ? h.quantile(0.95) : nan, h.count() ? h.quantile(0.99) : nan,
                             h.count() ? h.max() : nan, skew_mean, skew_max,
                             s_.devices[sink_devices_[i]].clock_drift_ppm};
      for (size_t c = 0; c < st.columns.size(); ++c)
        st.values[c].push_back(vals[c]);
    }

    ResultTable& lt = r.links;
    lt.name         = "links";
    for (auto [c, u] : std::vector<std::pair<const char*, const char*>>{
             {"distance_m", "m"}, {"median_rx_dbm", "dBm"}, {"packets", "1"}, {"delivered", "1"},
             {"flushed", "1"}, {"queue_drops", "1"}, {"attempts", "1"}, {"retransmissions", "1"},
             {"per", "1"}, {"airtime_s", "s"}, {"disconnects", "1"}, {"outage_s", "s"},
             {"reconnect_mean_s", "s"}})
      lt.add_column(c, u);
    const auto& lc = *links_col_;
    for (const auto& l : links_) {
      const int i = l->index;
      lt.row_names.push_back(l->name);
      const double att = static_cast<double>(lc.attempts[i]);
      double disconnects = 0, outage = 0, reconnect = 0, reconnected = 0;
      for (const auto& o : outages_)
        if (o.link == l->name) {
          ++disconnects;
          outage += (std::isnan(o.up_s) ? end_s_ : o.up_s) - o.down_s;
          if (!std::isnan(o.up_s)) {
            reconnect += o.up_s - o.down_s;
            ++reconnected;
          }
        }
      const double vals[] = {l->distance_m, l->median_rx_dbm, static_cast<double>(lc.packets[i]),
                             static_cast<double>(lc.delivered[i]),
                             static_cast<double>(lc.packets[i] - lc.delivered[i]),
                             static_cast<double>(lc.queue_drops[i]), att, att - lc.packets[i],
                             att > 0 ? (att - lc.delivered[i]) / att : nan, lc.airtime_s[i], disconnects, outage,
                             reconnected > 0 ? reconnect / reconnected : nan};
      for (size_t c = 0; c < lt.columns.size(); ++c)
        lt.values[c].push_back(vals[c]);
    }

    ResultTable& dt = r.devices;
    dt.name         = "devices";
    dt.add_column("airtime_s", "s");
    dt.add_column("utilisation", "1");
    for (size_t d = 0; d < s_.devices.size(); ++d) {
      dt.row_names.push_back(s_.devices[d].name);
      dt.values[0].push_back(radios_[d].busy_s());
      dt.values[1].push_back(radios_[d].busy_s() / end_s_);
    }
    if (s_.formation.enabled) {
      ResultTable& ft = r.formation;
      ft.name         = "formation";
      for (auto [c, u] : std::vector<std::pair<const char*, const char*>>{
               {"start_s", "s"}, {"discovered_s", "s"}, {"up_s", "s"}, {"time_to_link_s", "s"},
               {"handshake_s", "s"}, {"down_s", "s"}, {"retries", "1"}, {"messages", "1"},
               {"outcome", "0=stereo,1=mono,2=failed"}})
        ft.add_column(c, u);
      ft.add_text_column("reason");
      for (const auto& f : formation_) {
        ft.row_names.push_back(f.name);
        const double vals[] = {f.start_s, f.discovered_s, f.up_s, f.up_s - f.start_s, f.handshake_s, f.down_s,
                               static_cast<double>(f.retries), static_cast<double>(f.messages),
                               static_cast<double>(static_cast<int>(f.outcome))};
        for (size_t c = 0; c < ft.columns.size(); ++c)
          ft.values[c].push_back(vals[c]);
        ft.text_values[0].push_back(f.reason);
      }
    }
    ResultTable& ot = r.outages;
    ot.name         = "outages";
    for (auto [c, u] : std::vector<std::pair<const char*, const char*>>{
             {"last_ok_s", "s"}, {"down_s", "s"}, {"up_s", "s"}, {"outage_s", "s"}, {"pages", "1"}})
      ot.add_column(c, u);
    for (const auto& o : outages_) {
      ot.row_names.push_back(o.link);
      const double vals[] = {o.last_ok_s, o.down_s, o.up_s, (std::isnan(o.up_s) ? end_s_ : o.up_s) - o.down_s,
                             static_cast<double>(o.pages)};
      for (size_t c = 0; c < ot.columns.size(); ++c)
        ot.values[c].push_back(vals[c]);
    }
    if (ts_col_)
      r.timeseries = std::move(ts_col_->ts);
    return r;
  }

  const Scenario& s_;
  int rep_;
  double end_s_ = 0;
  std::vector<sg4::Host*> hosts_;
  std::vector<RadioTimeline> radios_;
  std::vector<SlotGrid> grids_;
  std::vector<std::unique_ptr<Link>> links_;
  std::vector<int> sink_devices_, sink_of_;
  int fpp_ = 1;
  std::int64_t total_frames_ = 0;
  double fading_k_ = 0;
  double exchange_s_ = 0;
  long long hops_ = 0;
  std::unique_ptr<ChannelField> field_;
  bool dynamic_ = false, hopping_ = false;
  std::vector<int> all_channels_;
  std::deque<Outage> outages_;             // deque: reconnect actors hold indices while others append
  std::deque<FormationRecord> formation_;  // deque: actors hold references while others append
  std::vector<size_t> pair_records_;
  int pairs_pending_ = -1;
  sg4::ConditionVariablePtr pair_done_;
  sg4::MutexPtr pair_mutex_;
  Signals signals_;
  std::unique_ptr<LinkCollector> links_col_;
  std::unique_ptr<SinkCollector> sinks_col_;
  std::unique_ptr<TimeSeriesCollector> ts_col_;
};

}  // namespace

RunResult run_replication(const Scenario& s, int replication) { return Simulation(s, replication).run(); }

}  // namespace btlinksim
