#include "sim/engine/iso_transport.hpp"

#include "models/audio/pipeline.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <cstdlib>
#include <string>
#include <limits>
#include <algorithm>
#include <functional>
#include <map>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_iso, btl, "LE Audio isochronous streams: CIS subevents, BIS copies, broadcast sync");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

namespace {
// The periodic advertising PDU a broadcast sink must receive before it can sync: AUX_SYNC_IND with the BASE and the
// BIGInfo (octets, U). The extended advertising before it is models/formation/le_formation.hpp's.
constexpr int kPaBytes = 80;
}  // namespace

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

double IsoTransport::anchor_true_s(std::int64_t j) const
{
  return (anchor_local_s_ + static_cast<double>(j) * iso_s_) / rate_;
}

void IsoTransport::find_broadcast()
{
  const auto& s   = run_.s;
  const auto& e   = s.le_audio;
  const auto& src = s.devices[s.resolved.topo.source];
  RngStream ph(s.seed, run_.rep, src.name, "adv_phase");
  // With a formation section the devices boot: the source advertises from its ready time, each receiver scans from
  // its own, and the formation table gets a row per receiver.
  const bool boots       = s.formation.enabled;
  const double adv_start = (boots ? run_.ready_s(s.resolved.topo.source) : 0.0) + ph.uniform(0, e.adv_interval_s);
  const PeriodicEvents pa{ph.uniform(0, e.pa_interval_s), e.pa_interval_s};
  // The source's advertising events (advInterval + accumulating advDelay): the same times whichever sink listens,
  // each sink receiving them by its own link budget; sinks scan continuously from their power-on (U).
  const RngStream timing(s.seed, run_.rep, src.name, "adv_delay");
  const LeScanWindows continuous{10.24, 10.24, 0, 0};
  for (size_t i = 0; i < s.resolved.topo.sinks.size(); ++i) {
    const int d     = s.resolved.topo.sinks[i];
    const auto& dev = s.devices[d];
    RngStream rx(s.seed, run_.rep, dev.name, "broadcast_scan");
    const double p_dbm = run_.field.median_rx_dbm(s.resolved.topo.source, d, 0);
    const CalibratedReceiver primary(link_receiver(s, d, Phy::le1m)), secondary(link_receiver(s, d, e.phy));
    LeOdds odds;
    odds.adv           = 1 - le_per(kLeAdvExtBytes, primary.ber(p_dbm));
    odds.aux           = 1 - le_per(kLeAuxAdvBytes, primary.ber(p_dbm));  // AUX_ADV_IND on LE 1M (U)
    const double pa_ok = 1 - le_per(kPaBytes, secondary.ber(p_dbm));
    LeAdvertiser adv(adv_start, e.adv_interval_s, timing, RngStream(s.seed, run_.rep, dev.name, "broadcast_adv_rx"),
                     [odds](double) { return odds; });
    // Scanning from power-on (or boot with a formation section; a later power_on makes a late joiner).
    const double scan_from = boots ? run_.ready_s(d) : dev.power_on_s;
    const auto heard       = le_first_heard(adv, continuous, scan_from, run_.end_s);
    const double found = heard ? heard->aux_end_s : std::numeric_limits<double>::infinity();
    const double info  = heard ? first_heard(pa, found, [](std::int64_t) { return 0.0; },
                                             [&](std::int64_t) { return rx.bernoulli(pa_ok); }, run_.end_s)
                               : found;
    FormationRecord row{run_.links[i]->name};
    row.start_s      = std::max(scan_from, adv_start);
    row.discovered_s = found;
    if (std::isinf(info)) {  // never found the broadcast before the end: it never plays
      join_s_[i]     = info;
      join_event_[i] = std::numeric_limits<std::int64_t>::max();
      XBT_INFO("%s never found the broadcast before the end (%.6f s)", dev.name.c_str(), run_.end_s);
      if (boots) {
        row.discovered_s = heard ? found : std::numeric_limits<double>::quiet_NaN();
        row.reason       = heard ? "no BIGInfo received before the run ended" : "never heard the broadcast before the run ended";
        sync_records_.push_back(row);
      }
      continue;
    }
    join_s_[i]         = info + le_air_time_s(e.phy, kPaBytes);
    join_event_[i]     = static_cast<std::int64_t>(std::ceil((join_s_[i] * rate_ - anchor_local_s_) / iso_s_ - 1e-12));
    if (boots) {
      row.up_s        = anchor_true_s(join_event_[i]);
      row.handshake_s = row.up_s - found;  // periodic advertising (BIGInfo) and BIG sync
      row.outcome     = HandshakeOutcome::stereo;
      row.reason      = "BIG synchronised";
      sync_records_.push_back(row);
    }
    XBT_INFO("%s found the broadcast at %.6f s, BIGInfo at %.6f s: joins BIG event %lld at %.6f s", dev.name.c_str(),
             found, join_s_[i], static_cast<long long>(join_event_[i]), anchor_true_s(join_event_[i]));
  }
}

IsoTransport::Tally& IsoTransport::tally(size_t sink, std::int64_t k)
{
  auto& ring = tally_[sink];  // at most FT + 1 payloads are in play at once
  return ring[static_cast<size_t>(k) % ring.size()];
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

void IsoTransport::cis_event(std::int64_t j)
{
  const auto& s      = run_.s;
  const auto& g      = s.resolved.iso.group;
  const auto& tm     = s.resolved.iso.timing;
  const double a     = anchor_true_s(j);
  const std::int64_t k = j - event_lag_;  // the SDU this event brings
  for (size_t i = 0; i < payloads_.size(); ++i) {
    LinkState& l = *run_.links[i];
    if (j < join_event_[i]) {  // no CIS yet, or lost: an SDU of a CIS that was up is lost to the link
      if (ever_up_.size() > i && ever_up_[i] && k >= 0 && k < run_.total_frames)
        run_.signals.on_frames_lost(l.index, k, 1, static_cast<int>(LossCause::link_loss));
      continue;
    }
    if (le_form_ && j == join_event_[i]) {  // the CIS's first event: its supervision timer starts
      last_ok_s_[i]   = a;
      established_[i] = 0;
      ever_up_[i]     = 1;
    }
    for (std::int64_t f : payloads_[i].begin_event(j, k >= 0 && k < run_.total_frames))
      settle(i, f - event_lag_);  // flushed
    const double base = a + static_cast<double>(s.resolved.iso.stream_of_sink[i]) * tm.stream_spacing_s;
    for (int se = 0; se < g.nse; ++se) {
      const auto p = payloads_[i].current();
      if (!p)
        break;  // nothing pending: the CIS is silent for the rest of the event
      const double t = base + se * tm.sub_interval_s, end = t + tm.pdu_air_s + kLeTifs_s + tm.ack_air_s;
      if (end > run_.end_s)
        return;
      run_.radios[l.tx].reserve(t, end);
      run_.radios[l.rx].reserve(t, end);
      const std::int64_t frame = *p - event_lag_;
      Tally& ty                = tally(i, frame);
      if (ty.attempts++ == 0)
        ty.first_s = t;
      ty.last_s = end;
      const bool heard = !l.phy.attempt_fails(run_.attempt, run_.field, g.pdu_bytes(), t);
      run_.air(l.tx, l.rx, tm.pdu_air_s, tm.ack_air_s, heard);
      run_.signals.on_exchange(l.index, ty.attempts, heard, t, end);
      if (heard && !ty.got) {
        ty.got = true;
        run_.signals.on_frames_arrived(l.sink, frame, 1, t + tm.pdu_air_s);
      }
      // The peripheral answers only a packet it received; the central moves on when it hears the answer.
      if (heard && !acks_[i]->attempt_fails(run_.attempt, run_.field, 0, t + tm.pdu_air_s + kLeTifs_s)) {
        payloads_[i].acknowledged();
        settle(i, frame);
        if (le_form_) {
          last_ok_s_[i]   = end;
          established_[i] = 1;
        }
      }
    }
    // CIS supervision (Core Vol 6 Part B 4.5.13; docs/references.md [le-ll]): 6 ISO intervals to be established,
    // then connSupervisionTimeout without an answer heard.
    if (le_form_) {
      const double limit = established_[i] ? s.formation.le.supervision_timeout_s : kLeEstablishIntervals * iso_s_ / rate_;
      if (anchor_true_s(j + 1) >= last_ok_s_[i] + limit)
        cis_lost(i, last_ok_s_[i] + limit);
    }
  }
}

void IsoTransport::cis_lost(size_t i, double t)
{
  LinkState& l = *run_.links[i];
  run_.signals.on_link_down(l.index, t, last_ok_s_[i]);
  XBT_INFO("%s: CIS lost at %.6f s (%s)", l.name.c_str(), t,
           established_[i] ? "supervision timeout" : "not established within 6 ISO intervals");
  for (std::int64_t p : payloads_[i].pending())
    settle(i, p - event_lag_, false, LossCause::link_loss);
  payloads_[i]   = CisPayloads(run_.s.resolved.iso.group.ft);
  join_event_[i] = std::numeric_limits<std::int64_t>::max();
  join_s_[i]     = std::numeric_limits<double>::infinity();
  if (!run_.s.connection.reconnect || t >= run_.end_s)
    return;
  const auto [start, attempts] = le_form_->reform(i, t, losses_++);
  run_.signals.on_paged(l.index, attempts);
  if (std::isinf(start))
    return;
  join_event_[i] = event_at_or_after(start);
  join_s_[i]     = start;
  run_.signals.on_link_up(l.index, anchor_true_s(join_event_[i]));
}

void IsoTransport::bis_event(std::int64_t j)
{
  const auto& s        = run_.s;
  const auto& g        = s.resolved.iso.group;
  const auto& tm       = s.resolved.iso.timing;
  const double a       = anchor_true_s(j);
  const std::int64_t k = j - event_lag_;
  if (k < 0 || k >= run_.total_frames)
    return;
  const int src = s.resolved.topo.source;
  // Skipping: the sinks whose frame k has a candidate first copy, in sink order; the others are accounted later.
  std::vector<size_t> deep;
  while (skipping_ && !due_.empty() && due_.front().first == k) {
    deep.push_back(due_.front().second);
    std::pop_heap(due_.begin(), due_.end(), std::greater<>());
    due_.pop_back();
  }
  std::sort(deep.begin(), deep.end());
  for (int b = 0; b < g.streams; ++b) {
    const double base = a + b * tm.stream_spacing_s;
    if (base + g.nse * tm.sub_interval_s > run_.end_s)
      return;
    for (int c = 0; c < g.nse; ++c) {
      const double t = base + c * tm.sub_interval_s;
      run_.radios[src].reserve(t, t + tm.pdu_air_s);
      run_.tx_s[src] += tm.pdu_air_s;
      for (size_t i = 0; i < run_.links.size() && !skipping_; ++i) {
        if (s.resolved.iso.stream_of_sink[i] != b || j < join_event_[i])
          continue;
        LinkState& l = *run_.links[i];
        Tally& ty    = tally(i, k);
        if (ty.got)
          continue;  // it has this payload: it sleeps through the other copies
        run_.radios[l.rx].reserve(t, t + tm.pdu_air_s);
        heard_copy(i, k, t, !l.phy.attempt_fails(run_.attempt, run_.field, g.pdu_bytes(), t));
      }
    }
    if (skipping_) {
      for (const size_t i : deep)
        if (s.resolved.iso.stream_of_sink[i] == b) {
          account_clean(i, k);
          simulate_frame(i, k, base);
          schedule_deep(i);
        }
      done_[static_cast<size_t>(b)] = k + 1;
      continue;
    }
    for (size_t i = 0; i < run_.links.size(); ++i)
      if (s.resolved.iso.stream_of_sink[i] == b && j >= join_event_[i])
        settle(i, k);
  }
}

void IsoTransport::heard_copy(size_t i, std::int64_t k, double t, bool heard)
{
  const double air = run_.s.resolved.iso.timing.pdu_air_s;
  LinkState& l     = *run_.links[i];
  Tally& ty        = tally(i, k);
  run_.rx_s[l.rx] += air;
  if (ty.attempts++ == 0)
    ty.first_s = t;
  ty.last_s = t + air;
  run_.signals.on_exchange(l.index, ty.attempts, heard, t, t + air);
  if (heard) {
    ty.got = true;
    run_.signals.on_frames_arrived(l.sink, k, 1, t + air);
  }
}

void IsoTransport::schedule_deep(size_t i)
{
  // r.clean is the count drawn at the last candidate, less the attempts since: when it is 0 the next attempt is a
  // candidate (never redrawn here: that would thin the candidates twice).
  Listener& r = listeners_[i];
  r.deep      = r.clean > run_.total_frames - r.from ? run_.total_frames : r.from + r.clean;
  if (r.deep < run_.total_frames) {
    due_.emplace_back(r.deep, i);
    std::push_heap(due_.begin(), due_.end(), std::greater<>());
  }
}

void IsoTransport::account_clean(size_t i, std::int64_t to)
{
  Listener& r          = listeners_[i];
  const std::int64_t n = to - r.from;
  if (n <= 0)
    return;
  const auto& g    = run_.s.resolved.iso;
  LinkState& l     = *run_.links[i];
  const double air = g.timing.pdu_air_s;
  const double t0  = anchor_true_s(r.from + event_lag_) + g.stream_of_sink[i] * g.timing.stream_spacing_s + air;
  r.clean -= n;
  run_.hops += n;
  run_.rx_s[l.rx] += static_cast<double>(n) * air;
  run_.radios[l.rx].add_busy(static_cast<double>(n) * air);
  run_.signals.on_clean_hops(l.index, n);
  run_.signals.on_frame_run(l.sink, r.from, n, t0, iso_s_ / rate_);
  if (!run_.signals.on_clean_exchanges.empty())
    run_.signals.on_clean_exchanges(l.index, n, t0 - air, iso_s_ / rate_, air);
  r.from = to;
}

void IsoTransport::simulate_frame(size_t i, std::int64_t k, double base_s)
{
  const auto& g  = run_.s.resolved.iso.group;
  const auto& tm = run_.s.resolved.iso.timing;
  LinkState& l   = *run_.links[i];
  Listener& r    = listeners_[i];
  Tally& ty      = tally(i, k);
  for (int c = 0; c < g.nse && !ty.got; ++c) {
    const double t = base_s + c * tm.sub_interval_s;
    run_.radios[l.rx].add_busy(tm.pdu_air_s);
    bool heard = true;
    if (r.clean > 0) {
      --r.clean;
    } else {
      heard   = !l.phy.deep_attempt_fails(run_.attempt, g.pdu_bytes());
      r.clean = l.phy.attempts_before_deep(run_.attempt, g.pdu_bytes());
    }
    heard_copy(i, k, t, heard);
  }
  settle(i, k);
  r.from = k + 1;
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
