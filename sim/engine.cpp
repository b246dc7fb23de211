#include "sim/engine.hpp"

#include "models/airtime.hpp"
#include "models/rng.hpp"
#include "models/stats.hpp"
#include "sim/topology.hpp"

#include <simgrid/s4u.hpp>
#include <xbt/signal.hpp>

#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>

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
  int cached_bytes  = -1;         // static channel (no fading): PER of the last payload size
  double cached_per = 0;
  Link(std::uint64_t seed, int rep, const std::string& n)
      : name(n), fading(seed, rep, n, "fading"), arq(seed, rep, n, "arq")
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
    const double sigma   = s_.environment.shadowing_sigma_db;
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
      RngStream shadow(s_.seed, rep_, name, "shadowing");
      l->median_rx_dbm = received_power_dbm(link_ends(s_, a, b), path_loss_db(s_.environment.path_loss, l->distance_m)) +
                         draw_shadowing_db(shadow, sigma);
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

  // One packet over one link: tail drop when the ACL queue is full, then baseband ARQ (each attempt one exchange
  // on both radios, at the master's next free slot pair) until acknowledged, the flush timeout, or the end of
  // the run; a delivered packet is played by the receiver and, on a relay, re-transmitted on its next link.
  void hop(Link& l, const Packet& p)
  {
    const double r = p.enqueued_s;
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
    int attempts   = 0;
    bool delivered = false;
    while (true) {
      const double s = joint_first_fit(tx, rx, grids_[l.tx], t, exchange_s_);
      if (s + exchange_s_ > end_s_)
        break;  // the run ends before this exchange would
      tx.reserve(s, s + exchange_s_);
      rx.reserve(s, s + exchange_s_);
      if (attempts++ == 0)
        first_start = s;
      t = s + exchange_s_;
      if (!l.arq.bernoulli(attempt_per(l, bytes))) {
        delivered = true;
        break;
      }
      if (flush > 0 && t - r >= flush)
        break;
    }
    if (attempts == 0)
      return;  // never on the air before the end of the run
    ++hops_;
    l.starts_s.push_back(first_start);
    l.last_end_s = t;
    signals_.on_packet_hop(l.index, attempts, delivered, first_start, t);
    if (!delivered)
      return;
    signals_.on_frames_arrived(l.sink, p.first_frame, p.frames, t);
    if (l.next_link >= 0)
      hop(*links_[l.next_link], Packet{p.first_frame, p.frames, t});
  }

  RunResult collect()
  {
    RunResult r;
    r.replication = rep_;
    r.sim_end_s   = end_s_;
    r.events      = hops_;
    const double T = s_.audio.codec.frame_duration_s;
    auto& sc       = *sinks_col_;
    for (auto& tr : sc.trackers)
      tr.finish(end_s_, total_frames_);

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
             {"per", "1"}, {"airtime_s", "s"}})
      lt.add_column(c, u);
    const auto& lc = *links_col_;
    for (const auto& l : links_) {
      const int i = l->index;
      lt.row_names.push_back(l->name);
      const double att = static_cast<double>(lc.attempts[i]);
      const double vals[] = {l->distance_m, l->median_rx_dbm, static_cast<double>(lc.packets[i]),
                             static_cast<double>(lc.delivered[i]),
                             static_cast<double>(lc.packets[i] - lc.delivered[i]),
                             static_cast<double>(lc.queue_drops[i]), att, att - lc.packets[i],
                             att > 0 ? (att - lc.delivered[i]) / att : nan, lc.airtime_s[i]};
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
  Signals signals_;
  std::unique_ptr<LinkCollector> links_col_;
  std::unique_ptr<SinkCollector> sinks_col_;
  std::unique_ptr<TimeSeriesCollector> ts_col_;
};

}  // namespace

RunResult run_replication(const Scenario& s, int replication) { return Simulation(s, replication).run(); }

}  // namespace btlinksim
