// The broadcast (auracast) half of the ISO transport: how each receiver finds the broadcast, the BIS copies of a
// BIG event, and the receivers whose copies cannot fail, accounted in bulk (sim/engine/iso_transport.hpp).
#include "sim/engine/iso_transport.hpp"

#include "models/audio/pipeline.hpp"

#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

XBT_LOG_EXTERNAL_DEFAULT_CATEGORY(btl_iso);

namespace btlinksim {

namespace {
// The periodic advertising PDU a broadcast sink must receive before it can sync: AUX_SYNC_IND with the BASE and the
// BIGInfo (octets, U). The extended advertising before it is models/formation/le_formation.hpp's.
constexpr int kPaBytes = 80;
}  // namespace

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

}  // namespace btlinksim
