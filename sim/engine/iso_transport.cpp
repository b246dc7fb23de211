#include "sim/engine/iso_transport.hpp"

#include "models/audio/pipeline.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_iso, btl, "LE Audio isochronous streams: CIS subevents, BIS copies, broadcast sync");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

IsoTransport::IsoTransport(Run& run) : Transport(run), broadcast_(run.s.resolved.iso.group.broadcast)
{
  const auto& s  = run.s;
  const auto& e  = s.le_audio;
  const auto& g  = s.resolved.iso;
  const int src  = s.resolved.topo.source;
  const auto& sd = s.devices[src];
  run.attempt.le         = true;
  run.attempt.exchange_s = broadcast_ ? g.timing.pdu_air_s : g.timing.pdu_air_s + kLeTifs_s + g.timing.ack_air_s;
  run.frames_per_packet  = 1;
  run.end_s = s.duration_s + sd.host_buffer_s + 2 * g.group.iso_interval_s() + g.timing.sync_reference_after_anchor_s +
              g.presentation_delay_s;
  rate_          = ClockModel{sd.clock_drift_ppm}.rate();
  iso_s_         = g.group.iso_interval_s();
  RngStream a(s.seed, run.rep, sd.name, "iso_anchor");
  anchor_local_s_ = a.uniform(0, iso_s_);
  // SDU k is ready after frame k is captured (local (k + 1) T) and buffered by the host; it goes in the first
  // event at or after that: the lag is the same for every k (SDU interval = ISO interval, one clock).
  const double ready_local = iso_s_ + sd.host_buffer_s * rate_;
  event_lag_               = static_cast<std::int64_t>(std::ceil((ready_local - anchor_local_s_) / iso_s_ - 1e-12));
  // Presentation delay: frame k renders at anchor(event of k) + SDU sync reference + presentation delay, on the
  // source-tracked clock; each sink's error is its anchor timing (within 2 us of the average, uniform: U) plus its
  // own drift over the time from the anchor to rendering.
  const double after_anchor = g.timing.sync_reference_after_anchor_s + g.presentation_delay_s;
  for (size_t i = 0; i < s.resolved.topo.sinks.size(); ++i) {
    const auto& dev = s.devices[s.resolved.topo.sinks[i]];
    RngStream j(s.seed, run.rep, dev.name, "iso_anchor_error");
    render_delay_s_.push_back(anchor_local_s_ + static_cast<double>(event_lag_) * iso_s_ + after_anchor * rate_);
    render_offset_s_.push_back(j.uniform(-kLeActiveClockJitter_s, kLeActiveClockJitter_s) -
                               dev.clock_drift_ppm * 1e-6 * after_anchor);
    if (!broadcast_)
      payloads_.emplace_back(g.group.ft);
    tally_.emplace_back(static_cast<size_t>(g.group.ft + 2));
  }
  if (!broadcast_)
    for (const auto& l : run.links)
      acks_.push_back(std::make_unique<LinkPhy>(s.seed, run.rep, l->name + " answer", l->rx, l->tx,
                                                link_receiver(s, l->tx, e.phy), link_receiver(s, l->tx, e.phy),
                                                run.field.median_rx_dbm(l->rx, l->tx, 0), nullptr));
  join_s_.assign(s.resolved.topo.sinks.size(), 0.0);
  join_event_.assign(s.resolved.topo.sinks.size(), 0);
  // Each stream's channel identifier (its access address from the source's name and the stream, U).
  for (int b = 0; b < g.group.streams; ++b)
    csa2_id_.push_back(csa2_channel_identifier(static_cast<std::uint32_t>(fnv1a64(sd.name + "/" + std::to_string(b)))));
  // Collisions with interferers on the channel CSA #2 selects (the trace's), as the 1-MHz index of its frequency.
  for (size_t i = 0; i < run.links.size(); ++i) {
    const auto channel = [this, i](double t) {
      return static_cast<int>(std::lround(exchange_channel(static_cast<int>(i), t).mhz - 2402.0));
    };
    run.links[i]->phy.set_le_channel(channel);
    if (!broadcast_)
      acks_[i]->set_le_channel(channel);
  }
  if (broadcast_)
    find_broadcast();
  else if (s.formation.enabled) {
    le_form_ = std::make_unique<LeLinkFormation>(run, [this](double t) { return anchor_true_s(event_at_or_after(t)); });
    const std::vector<double> start = le_form_->form_all();
    for (size_t i = 0; i < start.size(); ++i) {
      join_event_[i] = std::isinf(start[i]) ? std::numeric_limits<std::int64_t>::max() : event_at_or_after(start[i]);
      join_s_[i]     = start[i];
    }
    last_ok_s_.assign(start.size(), 0.0);
    established_.assign(start.size(), 0);
    ever_up_.assign(start.size(), 0);
  }
}

std::int64_t IsoTransport::event_at_or_after(double t) const
{
  return static_cast<std::int64_t>(std::ceil((t * rate_ - anchor_local_s_) / iso_s_ - 1e-9));
}

void IsoTransport::create_platform()
{
  const auto& topo = run_.s.resolved.topo;
  std::vector<char> runs(run_.s.devices.size(), 0);
  runs[static_cast<size_t>(topo.source)] = 1;
  for (const auto& l : topo.links)
    runs[static_cast<size_t>(l.tx)] = 1;
  for (const auto& [a, b] : topo.speaker_pairs)
    runs[static_cast<size_t>(a)] = runs[static_cast<size_t>(b)] = 1;
  run_.create_hosts(&runs);
}

void IsoTransport::start()
{
  // BTLINKSIM_EVERY_COPY=1 draws every copy (the reference the skipping is tested against: tests/cli/le_audio.sh).
  const char* every = std::getenv("BTLINKSIM_EVERY_COPY");
  skipping_ = broadcast_ && LinkPhy::independent(run_.attempt) && !(every && std::string(every) == "1");
  if (skipping_) {
    const auto& g = run_.s.resolved.iso;
    done_.assign(static_cast<size_t>(g.group.streams), 0);
    listeners_.resize(run_.links.size());
    for (size_t i = 0; i < run_.links.size(); ++i) {
      if (join_event_[i] == std::numeric_limits<std::int64_t>::max())
        continue;  // never found the broadcast: never listens
      listeners_[i].from  = std::max<std::int64_t>(0, join_event_[i] - event_lag_);
      listeners_[i].clean = run_.links[i]->phy.attempts_before_deep(run_.attempt, g.group.pdu_bytes());
      schedule_deep(i);
    }
  }
  run_.spawn("source", run_.hosts[run_.s.resolved.topo.source], [this] { source_actor(); })->daemonize();
}

ExchangeChannel IsoTransport::exchange_channel(int link, double start_s) const
{
  const auto& g  = run_.s.resolved.iso;
  const int b    = g.stream_of_sink[static_cast<size_t>(link)];
  // The event whose stream slot holds the exchange, and the subevent in it.
  const double x = (start_s - static_cast<double>(b) * g.timing.stream_spacing_s) * rate_ - anchor_local_s_;
  const auto j   = static_cast<std::int64_t>(std::floor(x / iso_s_ + 1e-9));
  const double base = anchor_true_s(j) + static_cast<double>(b) * g.timing.stream_spacing_s;
  // The subevent that holds start_s (its packet, or the answer after it).
  const long se     = std::max(0L, static_cast<long>(std::floor((start_s - base) / g.timing.sub_interval_s + 1e-6)));
  const std::uint16_t id = csa2_id_[static_cast<size_t>(b)];
  LeChannelMap all;
  all.fill(true);
  Csa2Event e = csa2_event(static_cast<std::uint16_t>(j & 0xFFFF), id, all);
  for (long k = 0; k < se; ++k)
    csa2_next_subevent(id, all, e);
  // Data channel c is RF channel c + 1 (c <= 10) or c + 2: 2402 + 2 x RF channel MHz.
  return {e.channel, 2402.0 + 2.0 * (e.channel + (e.channel <= 10 ? 1 : 2))};
}

SinkTiming IsoTransport::sink_timing(size_t i) const
{
  SinkTiming t = Transport::sink_timing(i);
  if (run_.s.audio.sync == SyncMode::presentation_delay) {
    t.delay_s  = render_delay_s_[i];
    t.offset_s = render_offset_s_[i];
  }
  return t;
}

void IsoTransport::settle(size_t sink, std::int64_t k, bool at_end, LossCause cause)
{
  // Every payload is reported, also one flushed before any subevent was free for it (no attempt). One that never
  // reached the sink is a loss to the channel, unless the run ended while it was still in play.
  Tally& t = tally(sink, k);
  ++run_.hops;
  run_.signals.on_packet_hop(run_.links[sink]->index, t.attempts, t.got, t.first_s, t.last_s);
  if (!t.got && !at_end)
    run_.signals.on_frames_lost(run_.links[sink]->index, k, 1, static_cast<int>(cause));
  t = Tally{};
}

void IsoTransport::source_actor()
{
  const std::int64_t first = event_of_frame(0), last = event_of_frame(run_.total_frames - 1) + run_.s.resolved.iso.group.ft;
  for (std::int64_t j = std::max<std::int64_t>(0, first); j <= last; ++j) {
    const double a = anchor_true_s(j);
    if (a >= run_.end_s)
      break;
    sg4::this_actor::sleep_until(a);
    if (skipping_)
      run_.radios[run_.s.resolved.topo.source].prune(a);  // the receivers reserve nothing
    else
      for (auto& r : run_.radios)
        r.prune(a);
    if (run_.attempt.dynamic && j % 256 == 0)
      run_.field.forget_before(a - 60.0);
    if (broadcast_)
      bis_event(j);
    else
      cis_event(j);
  }
  // Skipped receivers: their clean frames up to the last event their stream had.
  if (skipping_)
    for (size_t i = 0; i < listeners_.size(); ++i)
      if (join_event_[i] != std::numeric_limits<std::int64_t>::max())
        account_clean(i, std::min(listeners_[i].deep, done_[static_cast<size_t>(run_.s.resolved.iso.stream_of_sink[i])]));
  // Payloads still in play at the end were neither acknowledged nor flushed in time.
  if (!broadcast_)
    for (size_t i = 0; i < payloads_.size(); ++i)
      for (std::int64_t p : payloads_[i].pending())
        settle(i, p - event_lag_, true);
}

}  // namespace btlinksim
