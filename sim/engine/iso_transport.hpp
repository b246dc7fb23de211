// The LE Audio isochronous transport (topology kinds le_audio_cis and auracast): ISO events every ISO interval
// on the source's clock at an anchor phase drawn per replication; in each, the streams' subevents one after the
// other (models/iso/iso.hpp). CIS: each subevent carries the oldest payload neither acknowledged nor flushed,
// the peripheral answers only what it received, and the central moves on when it hears the answer. BIS: every
// copy is sent; each sink listens until it has the payload. A broadcast sink joins once it has found the
// broadcast: an extended advertising event, then a periodic advertising event (BIGInfo), then the next BIG event.
// The source wakes the engine once per ISO event. Three files: iso_transport.cpp (the events, timing, reporting),
// iso_cis.cpp (CIS subevents and supervision), iso_broadcast.cpp (finding the broadcast, BIS copies, bulk accounting).
#pragma once

#include "sim/engine/le_link_formation.hpp"
#include "sim/engine/transport.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace btlinksim {

class IsoTransport : public Transport {
public:
  // Sets the run's end (after the last SDU's presentation) and its attempts (LE PDUs, one LC3 frame each).
  explicit IsoTransport(Run& run);
  // Hosts only for the devices that run actors: the source (its events), the links' transmitters and the speaker
  // pairs (formation). A broadcast's receivers run none: the source's events reach them (a SimGrid host cost
  // about 4 us of set-up each: 5,000 receivers' engine time 0.25 -> 0.235 s).
  void create_platform() override;
  void start() override;
  // Presentation-delay sinks: each renders at the group's delay after capture, with its own anchor error.
  SinkTiming sink_timing(size_t sink) const override;
  // The stream's channel by LE Channel Selection Algorithm #2: the event's, then each subevent's (all 37 data
  // channels used; the access address from the source's name and the stream, U).
  ExchangeChannel exchange_channel(int link, double start_s) const override;
  // Events of the group on the source's clock: event j at local time anchor_local_s + j * ISO_Interval.
  double anchor_true_s(std::int64_t event) const;
  // The first event whose anchor is at or after the SDU of frame k is ready (constant offset from k).
  std::int64_t event_of_frame(std::int64_t k) const { return k + event_lag_; }
  // Auracast: when sink i has found the broadcast (BIGInfo received) and the event it starts receiving.
  double join_s(size_t sink) const { return join_s_[sink]; }
  std::int64_t join_event(size_t sink) const { return join_event_[sink]; }
  void source_actor();
  // With a formation section: the LE formation's rows (CIS), or each receiver's broadcast sync (BIS).
  const std::deque<FormationRecord>* formation_records() const override
  {
    return le_form_ ? &le_form_->records() : run_.s.formation.enabled && broadcast_ ? &sync_records_ : nullptr;
  }

private:
  // The first event whose anchor is at or after t.
  std::int64_t event_at_or_after(double t_s) const;
  // CIS formation and supervision (with a formation section): a CIS not established within 6 ISO intervals of its
  // start, or silent (no answer heard by the central) for the supervision timeout, is lost; the sink is formed
  // again (LeLinkFormation::reform) and its frames until then are lost to the link.
  std::unique_ptr<LeLinkFormation> le_form_;
  std::vector<std::uint16_t> csa2_id_;  // per stream: CSA #2's channel identifier
  std::deque<FormationRecord> sync_records_;  // broadcast with a formation section: a row per receiver
  std::vector<double> last_ok_s_;
  std::vector<char> established_, ever_up_;
  std::size_t losses_ = 0;
  void cis_lost(size_t sink, double t_s);
  void cis_event(std::int64_t j);
  void bis_event(std::int64_t j);
  // Broadcast receivers skipped in runs (thousands of them: a stadium). When attempts are independent draws
  // (LinkPhy::independent), a receiver's copies that cannot fail
  // are accounted in bulk: per sink the first frame not yet accounted and the next frame whose first copy is a
  // deep one (LinkPhy::attempts_before_deep); a heap of (that frame, sink) hands each BIG event the few sinks it
  // must simulate copy by copy (bis_event). Same distribution of outcomes as drawing every copy, other draws.
  void simulate_frame(size_t sink, std::int64_t k, double base_s);
  // Sink i listened to a copy of frame k at t (its radio's busy time is the caller's): tally, energy, signals.
  void heard_copy(size_t sink, std::int64_t k, double t, bool heard);  // every copy sink i listens to, until it has k
  void account_clean(size_t sink, std::int64_t to);  // its frames [from, to): each the first copy, received
  void schedule_deep(size_t sink);
  bool skipping_ = false;
  struct Listener {
    std::int64_t from = 0, deep = 0;  // first frame not yet accounted; next frame whose first copy is deep
    std::int64_t clean = 0;           // attempts from the next on that cannot fail
  };
  std::vector<Listener> listeners_;
  std::vector<std::pair<std::int64_t, size_t>> due_;  // min-heap by (deep frame, sink)
  std::vector<std::int64_t> done_;                     // per stream: frames below have had their event
  void find_broadcast();
  bool broadcast_;
  double anchor_local_s_ = 0, rate_ = 1, iso_s_ = 0;
  std::int64_t event_lag_ = 0;
  std::vector<double> render_delay_s_, render_offset_s_;  // per sink (presentation delay)
  std::vector<double> join_s_;
  std::vector<std::int64_t> join_event_;
  std::vector<std::unique_ptr<LinkPhy>> acks_;  // CIS: each peripheral's answer to the central
  std::vector<CisPayloads> payloads_;           // CIS: per sink
  struct Tally {
    int attempts = 0;
    bool got     = false;
    double first_s = 0, last_s = 0;
  };
  std::vector<std::vector<Tally>> tally_;  // per sink: the payloads in play, a ring indexed by frame
  Tally& tally(size_t sink, std::int64_t k);
  void settle(size_t sink, std::int64_t k, bool at_end = false, LossCause cause = LossCause::channel);  // the payload is done with: report the hop
};

// Inline: both run per copy, from the core, CIS and broadcast files.
inline double IsoTransport::anchor_true_s(std::int64_t j) const
{
  return (anchor_local_s_ + static_cast<double>(j) * iso_s_) / rate_;
}

inline IsoTransport::Tally& IsoTransport::tally(size_t sink, std::int64_t k)
{
  auto& ring = tally_[sink];  // at most FT + 1 payloads are in play at once
  return ring[static_cast<size_t>(k) % ring.size()];
}

}  // namespace btlinksim
