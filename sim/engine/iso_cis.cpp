// The connected (le_audio_cis) half of the ISO transport: a CIS event's subevents, and a CIS lost by its
// supervision timeout and formed again (sim/engine/iso_transport.hpp).
#include "sim/engine/iso_transport.hpp"

#include <xbt/log.h>

#include <cmath>
#include <limits>

XBT_LOG_EXTERNAL_DEFAULT_CATEGORY(btl_iso);

namespace btlinksim {

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

}  // namespace btlinksim
