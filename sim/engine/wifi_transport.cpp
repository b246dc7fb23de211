#include "sim/engine/wifi_transport.hpp"

#include "models/audio/pipeline.hpp"
#include "models/audio/playout.hpp"
#include "models/core/rng.hpp"
#include "models/wifi/wifi.hpp"
#include "sim/engine/ns3_bss.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_wifi, btl, "Wi-Fi multi-room: rates, chunks, background traffic");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

namespace {
constexpr int kHeaderBytes = 40;            // IPv4 20 + UDP 8 + RTP 12 per message (U: no fragmentation counted)
constexpr double kBackgroundBytes = 1e6;    // each background transfer, repeated back to back
}  // namespace

WifiTransport::WifiTransport(Run& run) : Transport(run)
{
  // SimGrid's network model times the transfers: no Bluetooth exchange, no air time here.
  const auto& s          = run.s;
  run.attempt.exchange_s = std::nan("");
  run.end_s = s.duration_s + s.wifi.group_buffer_s + s.wifi.time_error_s + s.devices[s.resolved.topo.source].host_buffer_s;
}

SinkTiming WifiTransport::sink_timing(size_t i) const
{
  SinkTiming t  = Transport::sink_timing(i);
  const auto& s = run_.s;
  if (s.audio.sync == SyncMode::network_time) {
    RngStream nt(s.seed, run_.rep, s.devices[s.resolved.topo.sinks[i]].name, "network_time");
    t.delay_s  = s.wifi.group_buffer_s;
    t.offset_s = s.wifi.time_error_s > 0 ? nt.uniform(-s.wifi.time_error_s, s.wifi.time_error_s) : 0.0;
  }
  return t;
}

int WifiTransport::frames_per_chunk() const
{
  return std::max(1, static_cast<int>(std::lround(run_.s.wifi.chunk_s / run_.s.audio.codec.frame_duration_s)));
}

std::uint64_t WifiTransport::chunk_bytes() const
{
  return static_cast<std::uint64_t>(frames_per_chunk()) * static_cast<std::uint64_t>(run_.s.audio.codec.frame_bytes) +
         kHeaderBytes;
}

void WifiTransport::create_platform()
{
  const auto& s = run_.s;
  if (s.wifi.network == WifiSpec::Network::packet) {
    Transport::create_platform();  // hosts only: ns-3 carries the messages
    return;
  }
  auto* root    = sg4::create_full_zone("btlinksim");
  auto* wlan    = sg4::create_wifi_zone("wlan");
  wlan->set_parent(root);
  wlan->set_property("access_point", "ap");
  std::vector<double> rates;  // level i = MCS 7 - i
  const auto& mcs = wifi_mcs_table();
  for (auto it = mcs.rbegin(); it != mcs.rend(); ++it)
    rates.push_back(it->rate_bps / 8.0);  // SimGrid bandwidths are bytes per second
  sg4::Link* air = wlan->create_link("air", rates)->seal();  // SimGrid's Wi-Fi links take no latency
  for (const auto& d : s.devices)
    run_.hosts.push_back(wlan->create_host(d.name, 1e9)->seal());
  for (int i = 0; i < s.wifi.background_flows; ++i)
    for (const char* end : {"tx", "rx"})
      background_.push_back("background" + std::to_string(i) + "_" + end);
  std::vector<sg4::Host*> bg;
  for (const auto& n : background_)
    bg.push_back(wlan->create_host(n, 1e9)->seal());
  wlan->create_router("ap");
  wlan->seal();
  root->seal();
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const auto m = wifi_mcs_for(wifi_rx_dbm(s, static_cast<int>(d)));
    const int level = 7 - (m ? m->index : 0);  // the loader refused stations below MCS 0
    air->set_host_wifi_rate(run_.hosts[d], level);
    XBT_INFO("%s: %.1f dBm from the access point, MCS %d (%.1f Mb/s)", s.devices[d].name.c_str(),
             wifi_rx_dbm(s, static_cast<int>(d)), m ? m->index : 0, (m ? m->rate_bps : 6.5e6) / 1e6);
  }
  for (auto* h : bg)
    air->set_host_wifi_rate(h, 7 - s.wifi.background_mcs);
}

std::vector<WifiTransport::Chunk> WifiTransport::plan_chunks() const
{
  const auto& s  = run_.s;
  const auto& sd = s.devices[s.resolved.topo.source];
  const ClockModel clock{sd.clock_drift_ppm};
  const double T = s.audio.codec.frame_duration_s;
  const int F    = frames_per_chunk();
  std::vector<Chunk> plan;
  for (std::int64_t k = 0; k < run_.total_frames; k += F) {
    const int n      = static_cast<int>(std::min<std::int64_t>(F, run_.total_frames - k));
    const double now = packet_ready_time(frame_capture_time(k + n, T, clock), sd.host_buffer_s, 0, 0);
    if (now >= run_.end_s)
      break;
    plan.push_back({k, n, now});
  }
  return plan;
}

void WifiTransport::source_actor()
{
  const auto& s   = run_.s;
  const auto size = chunk_bytes();
  for (const Chunk& c : plan_chunks()) {
    sg4::this_actor::sleep_until(c.sent_s);
    chunks_.push_back(c);
    for (const auto& l : run_.links)
      sg4::Mailbox::by_name(s.devices[l->rx].name)->put_init(&chunks_.back(), size)->detach();
  }
}

void WifiTransport::start()
{
  if (run_.s.wifi.network == WifiSpec::Network::packet)
    start_packet();
  else
    start_flow();
}

void WifiTransport::start_packet()
{
  const auto& s    = run_.s;
  // Shared by the receivers (a 10-minute run has 30,000 chunks).
  const auto plan  = std::make_shared<const std::vector<Chunk>>(plan_chunks());
  BssSpec b;
  b.tx_power_dbm = s.wifi.tx_power_dbm;
  for (size_t d = 0; d < s.devices.size(); ++d)  // every device a station, its loss the scenario's to the AP
    b.stations.push_back({s.devices[d].name, s.wifi.tx_power_dbm - wifi_rx_dbm(s, static_cast<int>(d))});
  b.source = s.resolved.topo.source;
  for (const auto& l : run_.links)
    b.speakers.push_back(l->rx);
  for (const Chunk& c : *plan)
    b.send_times_s.push_back(c.sent_s);
  b.message_bytes   = static_cast<std::uint32_t>(chunk_bytes());
  b.background      = s.wifi.background_flows;
  b.background_mode = "HtMcs" + std::to_string(s.wifi.background_mcs);
  b.duration_s      = run_.end_s;
  RngStream seed(s.seed, run_.rep, "wifi", "ns3");  // ns-3's seed (non-zero, 31 bits) and run
  b.ns3_seed = 1 + static_cast<std::uint32_t>(seed.next_u64() % 0x7fffffffu);
  b.ns3_run  = seed.next_u64();
  auto bss   = std::make_shared<BssResult>(simulate_bss(b));
  if (!bss->unassociated.empty())
    throw std::runtime_error("Wi-Fi station " + bss->unassociated.front() + " (and " +
                             std::to_string(bss->unassociated.size() - 1) +
                             " more) did not associate with the access point in ns-3 within " +
                             std::to_string(static_cast<int>(b.max_association_s)) + " s");
  XBT_INFO("ns-3 BSS: all associated after %.3f s; %zu messages to %zu speakers, %d background stations, %llu MPDU retries, %llu ns-3 events",
           bss->associated_s, plan->size(), b.speakers.size(), b.background, static_cast<unsigned long long>(bss->retries),
           static_cast<unsigned long long>(bss->events));

  for (size_t k = 0; k < run_.links.size(); ++k) {
    LinkState* link = run_.links[k].get();
    run_.spawn("receiver", run_.hosts[link->rx], [this, link, k, bss, plan] {
      // Each message's fate at its time: delivered (+ the access point's forwarding), or lost when it was sent.
      struct Event {
        double t;
        size_t m;
      };
      std::vector<Event> ev;
      ev.reserve(plan->size());
      for (size_t m = 0; m < plan->size(); ++m) {
        const double d = bss->delivered_s[k][m];
        ev.push_back({std::isnan(d) ? (*plan)[m].sent_s : d + run_.s.wifi.latency_s, m});
      }
      std::stable_sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
      for (const Event& e : ev) {
        const Chunk& c = (*plan)[e.m];
        if (e.t >= run_.end_s)
          break;
        sg4::this_actor::sleep_until(e.t);
        ++run_.hops;
        // Attempts: 1 + the retransmissions on either hop (a message delivered at each hop's first try: 1).
        const auto& tx     = bss->transmissions[k][e.m];
        const int attempts = 1 + std::max(0, tx[0] - 1) + std::max(0, tx[1] - 1);
        const bool ok      = !std::isnan(bss->delivered_s[k][e.m]);
        run_.signals.on_packet_hop(link->index, attempts, ok, c.sent_s, e.t);
        run_.signals.on_exchange(link->index, attempts, ok, c.sent_s, e.t);
        if (ok) {
          run_.signals.on_frames_arrived(link->sink, c.first, c.frames, e.t);
        } else {
          const auto cause = bss->dropped[k][e.m] == BssDrop::retry_limit ? LossCause::channel : LossCause::air_time;
          run_.signals.on_frames_lost(link->index, c.first, c.frames, static_cast<int>(cause));
        }
      }
    })->daemonize();
  }
}

void WifiTransport::start_flow()
{
  const auto& s = run_.s;
  run_.spawn("source", run_.hosts[s.resolved.topo.source], [this] { source_actor(); })->daemonize();
  for (const auto& l : run_.links) {
    LinkState* link = l.get();
    run_.spawn("receiver", run_.hosts[link->rx], [this, link] {
      auto* mb = sg4::Mailbox::by_name(run_.s.devices[link->rx].name);
      for (;;) {
        const auto* c  = mb->get<Chunk>();
        const double t = sg4::Engine::get_clock() + run_.s.wifi.latency_s;  // + the access point's forwarding
        ++run_.hops;
        run_.signals.on_packet_hop(link->index, 1, true, c->sent_s, t);
        run_.signals.on_exchange(link->index, 1, true, c->sent_s, t);
        run_.signals.on_frames_arrived(link->sink, c->first, c->frames, t);
      }
    })->daemonize();
  }
  for (size_t i = 0; i + 1 < background_.size(); i += 2) {
    const std::string rx = background_[i + 1];
    run_.spawn("background", sg4::Host::by_name(background_[i]), [rx] {
      auto* mb = sg4::Mailbox::by_name(rx);
      static char token;
      for (;;)
        mb->put(&token, static_cast<std::uint64_t>(kBackgroundBytes));
    })->daemonize();
    run_.spawn("background_sink", sg4::Host::by_name(rx), [rx] {
      auto* mb = sg4::Mailbox::by_name(rx);
      for (;;)
        mb->get<char>();
    })->daemonize();
  }
}

}  // namespace btlinksim
