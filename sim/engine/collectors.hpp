// Collectors: subscribe to the signals and keep what the result tables report (per link, per sink, the frame
// arrival time series). They know nothing of the actors; how a sink keeps time is its transport's (SinkTiming).
#pragma once

#include "models/audio/playout.hpp"
#include "models/core/rng.hpp"
#include "models/core/stats.hpp"
#include "sim/engine/transport.hpp"
#include "sim/engine/signals.hpp"
#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <functional>
#include <vector>

namespace btlinksim {

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
    s.on_clean_hops.connect([this](int l, std::int64_t n) {
      packets[l] += n;
      delivered[l] += n;
      attempts[l] += n;
      airtime_s[l] += static_cast<double>(n) * exchange_s_;
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
  // timing: how each sink renders, the transport's (Transport::sink_timing); wired outputs render from their
  // bridge's buffer instead.
  SinkCollector(const Scenario& s, int rep, const std::vector<SinkTiming>& timing)
      : frame_s_(s.audio.codec.frame_duration_s), source_{s.devices[s.resolved.topo.source].clock_drift_ppm}
  {
    trackers.reserve(s.resolved.topo.sinks.size());
    latency.reserve(s.resolved.topo.sinks.size());
    received.reserve(s.resolved.topo.sinks.size());
    wires_.reserve(s.resolved.topo.sinks.size());
    for (size_t i = 0; i < s.resolved.topo.sinks.size(); ++i) {
      const int d  = s.resolved.topo.sinks[i];
      double delay = timing[i].delay_s, offset = timing[i].offset_s;
      SyncMode mode    = timing[i].mode;
      ClockModel clock{s.devices[d].clock_drift_ppm};
      const int from   = s.resolved.topo.wired_from.empty() ? -1 : s.resolved.topo.wired_from[i];
      JitterBuffer jb  = s.audio.jitter_buffer;
      wires_.push_back({from, s.devices[d].wire, RngStream(s.seed, rep, s.devices[d].name, "wire_jitter")});
      if (from >= 0) {
        // A wired output renders from its own buffer on its DAC's clock: the bridge's, or its own crystal.
        mode  = SyncMode::free_running;
        delay = s.devices[d].wire.buffer_s;
        // After an underrun the output re-primes its buffer (ALSA's xrun recovery): later frames play one buffer
        // later (U: a driver may resample instead).
        jb = JitterBuffer{true, std::max(s.devices[d].wire.buffer_s, 1e-3), 3600.0};
        if (!s.devices[d].wire.own_clock)
          clock = ClockModel{s.devices[s.resolved.topo.sinks[static_cast<size_t>(from)]].clock_drift_ppm};
      }
      trackers.emplace_back(mode, delay, frame_s_, clock, source_, offset, jb);
      latency.emplace_back();
      received.push_back(0);
    }
    wired_to_.resize(wires_.size());
    for (size_t o = 0; o < wires_.size(); ++o)
      if (wires_[o].from >= 0)
        wired_to_[static_cast<size_t>(wires_[o].from)].push_back(o);
    // The sinks a link feeds: its receiver's, those down a relay chain from it, and their wired outputs.
    fed_by_.resize(s.resolved.topo.links.size());
    for (size_t k = 0; k < s.resolved.topo.links.size(); ++k)
      for (int at = static_cast<int>(k), guard = 0; at >= 0 && guard <= static_cast<int>(s.resolved.topo.links.size()); ++guard) {
        const auto& l = s.resolved.topo.links[static_cast<size_t>(at)];
        if (l.sink >= 0) {
          fed_by_[k].push_back(static_cast<size_t>(l.sink));
          for (const size_t o : wired_to_[static_cast<size_t>(l.sink)])
            fed_by_[k].push_back(o);
        }
        at = l.next;
      }
  }
  void connect(Signals& s)
  {
    s.on_frames_lost.connect([this](int link, std::int64_t first, int count, int cause) {
      for (const size_t k : fed_by_[static_cast<size_t>(link)])
        trackers[k].note_loss(first, count, static_cast<LossCause>(cause));
    });
    s.on_frames_arrived.connect([this, &s](int sink, std::int64_t first, int count, double t) {
      const auto before = trackers[sink].dropouts();
      trackers[sink].on_frames(first, count, t);
      if (on_underrun && trackers[sink].dropouts() > before)
        on_underrun(sink, t);
      // A bridge plays what arrived in time; each of its wired outputs gets those frames after its wire.
      for (const size_t o : wired_to_[static_cast<size_t>(sink)])
        for (std::int64_t k = first; k < first + count; ++k) {
          const double play = trackers[sink].schedule().play_time(k);
          if (t <= play) {
            const double j = wires_[o].spec.jitter_s > 0 ? wires_[o].jitter.uniform(0, wires_[o].spec.jitter_s) : 0.0;
            s.on_frames_arrived(static_cast<int>(o), k, 1, play + wires_[o].spec.latency_s + j);
          }
        }
      received[sink] += count;
      latency[sink].add_each(count, [&](int i) { return t - frame_capture_time(first + i, frame_s_, source_); });
    });
    // (Broadcast receivers: no wired outputs.) Arrival and capture both advance by one frame per frame: the latency
    // of the first is every frame's.
    s.on_frame_run.connect([this](int sink, std::int64_t first, std::int64_t count, double t, double spacing_s) {
      const auto before = trackers[sink].dropouts();
      trackers[sink].on_frame_run(first, count, t, spacing_s);
      if (on_underrun && trackers[sink].dropouts() > before)
        on_underrun(sink, t);
      received[sink] += count;
      latency[sink].add_n(t - frame_capture_time(first, frame_s_, source_), static_cast<std::uint64_t>(count));
    });
  }
  std::vector<SinkTracker> trackers;
  std::vector<LogHistogram> latency;
  std::function<void(int sink, double t)> on_underrun;  // a dropout began (noticed when frames arrive at t)
  std::vector<long long> received;

private:
  double frame_s_;
  ClockModel source_;
  struct Wire {
    int from;  // the sink feeding this one by wire, or -1
    WireSpec spec;
    RngStream jitter;
  };
  std::vector<Wire> wires_;
  std::vector<std::vector<size_t>> wired_to_;  // per sink: the wired outputs it feeds (a bridge's), in order
  std::vector<std::vector<size_t>> fed_by_;    // per link: the sinks that lose what it loses
};

// A link lost by the supervision timeout, and its reconnection.
struct Outage {
  std::string link;
  double down_s = 0, last_ok_s = 0;
  double up_s   = std::numeric_limits<double>::quiet_NaN();  // reconnected at (NaN: not before the end)
  int pages     = 0;
  // How long the link was down, until it was back or the run ended.
  double duration_s(double end_s) const { return (std::isnan(up_s) ? end_s : up_s) - down_s; }
};

// The outages in the order they began (a link has one open at a time).
class OutageCollector {
public:
  explicit OutageCollector(std::vector<std::string> link_names)
      : names_(std::move(link_names)), open_(names_.size(), 0)
  {
  }
  void connect(Signals& s)
  {
    s.on_link_down.connect([this](int l, double down, double last_ok) {
      open_[static_cast<size_t>(l)] = outages.size();
      outages.push_back(Outage{names_[static_cast<size_t>(l)], down, last_ok});
    });
    s.on_paged.connect([this](int l, int pages) { outages[open_[static_cast<size_t>(l)]].pages = pages; });
    s.on_link_up.connect([this](int l, double up) { outages[open_[static_cast<size_t>(l)]].up_s = up; });
  }
  std::vector<Outage> outages;

private:
  std::vector<std::string> names_;
  std::vector<size_t> open_;  // per link: its latest outage
};

class TimeSeriesCollector {
public:
  // play_s(sink, frame): when the sink renders a frame (its schedule, once it plays); rx_dbm(sink, t): the median
  // power on the link that feeds it at t. Connected after the SinkCollector, so the schedule has seen the frames.
  using PlayTime = std::function<double(int sink, std::int64_t frame)>;
  using RxPower  = std::function<double(int sink, double t)>;
  TimeSeriesCollector(double frame_s, ClockModel src, PlayTime play_s, RxPower rx_dbm)
      : frame_s_(frame_s), src_(src), play_s_(std::move(play_s)), rx_dbm_(std::move(rx_dbm))
  {
  }
  void connect(Signals& s)
  {
    s.on_frames_arrived.connect([this](int sink, std::int64_t first, int count, double t) { record(sink, first, count, t); });
    s.on_frame_run.connect([this](int sink, std::int64_t first, std::int64_t count, double t, double spacing_s) {
      for (std::int64_t i = 0; i < count; ++i)
        record(sink, first + i, 1, t + static_cast<double>(i) * spacing_s);
    });
  }
  TimeSeries ts;

private:
  void record(int sink, std::int64_t first, int count, double t)
  {
    ts.sink_index.push_back(sink);
    ts.first_frame.push_back(static_cast<double>(first));
    ts.frames.push_back(count);
    ts.capture_s.push_back(frame_capture_time(first, frame_s_, src_));
    ts.arrival_s.push_back(t);
    ts.play_s.push_back(play_s_(sink, first));
    ts.rx_dbm.push_back(rx_dbm_(sink, t));
  }
  double frame_s_;
  ClockModel src_;
  PlayTime play_s_;
  RxPower rx_dbm_;
};

}  // namespace btlinksim
