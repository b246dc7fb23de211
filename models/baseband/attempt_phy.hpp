// Per-attempt PHY of one link (pure: no engine): whether one baseband exchange fails. On a static channel the
// PER depends only on the payload size (cached); otherwise each attempt takes the channel's current median
// power, a small-scale fading gain (a new draw per attempt, or held for the coherence time), a hop channel (from
// the AFH set when adaptive hopping is on) on which an active interferer may collide by the receiver's C/I
// rule, and then the PER at that SNR. The hop channel of a BR/EDR link is the specification's: its piconet's hop
// sequence at the attempt's start (models/baseband/hop_selection.hpp); an LE link's is its transport's (LE Channel
// Selection Algorithm #2, set_le_channel), or a uniform draw over the 79 MHz when it has none or AFH is on (U).
// Random streams are the link's own: fading, arq, hop (LE), interference, poll.
#pragma once

#include "models/baseband/hop_selection.hpp"
#include "models/channel/channel_field.hpp"
#include "models/channel/interference.hpp"
#include "models/channel/propagation.hpp"
#include "models/core/rng.hpp"
#include "models/radio/link.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace btlinksim {

// What every link of a run shares.
struct AttemptSetting {
  AclType packet     = AclType::edr2_dh5;
  FadingKind fading  = FadingKind::none;
  double rician_k    = 0;  // linear K factor (rician)
  double coherence_s = 0;  // 0: a new fading draw per attempt
  double exchange_s  = 0;  // one exchange of the audio packet type
  bool dynamic       = false;  // the channel's median changes over time
  bool hopping       = false;  // hop channels matter (AFH or interferers)
  bool le            = false;  // LE packets (isochronous kinds): PER by le_per over the whole PDU, one modulation
};

class LinkPhy {
public:
  LinkPhy(std::uint64_t seed, int rep, const std::string& link_name, int tx, int rx, const Receiver& payload,
          const Receiver& header, double median_rx_dbm, const AfhParams* afh);
  // One transmission attempt of `bytes` starting at s: true if it fails. The AFH classifier learns from it.
  // Inline on a static channel without hopping (the common case, once per attempt).
  bool attempt_fails(const AttemptSetting& a, ChannelField& field, int bytes, double s)
  {
    if (!a.dynamic && !a.hopping) {
      if (a.fading == FadingKind::none && bytes == cached_bytes_)
        return arq_.bernoulli(cached_per_);  // static channel: the PER depends on the size only
      return arq_.bernoulli(static_per(a, bytes));
    }
    return attempt_fails_on_channel(a, field, bytes, s);
  }
  // Attempts skipped in runs (a broadcast receiver's thousands of copies), exact by thinning
  // (docs/references.md [thinning]):
  // when the attempts are independent draws -- a static channel, no hopping, fading drawn afresh per attempt or
  // none -- each is a "candidate" with probability p: its fade falls in a box holding every fade deeper than g_t
  // (RicianFading::below_gain), or, outside it, an extra uniform falls below e = PER(g_t), the most any shallower
  // fade can fail with. Attempts before the next candidate succeed; their number is geometric. A candidate draws its
  // fade conditional on where it fell and fails with its PER (box) or PER / e (outside). P(fail) = E[PER], as
  // attempt_fails; other draws. Without fading every attempt fails with the one PER: e = PER, no box.
  static bool independent(const AttemptSetting& a)
  {
    return !a.dynamic && !a.hopping && (a.fading == FadingKind::none || a.coherence_s <= 0);
  }
  // Attempts, from the next one on, certain to succeed before the next candidate (INT64_MAX: never one).
  std::int64_t attempts_before_deep(const AttemptSetting& a, int bytes);
  // The candidate attempt: true if it fails.
  bool deep_attempt_fails(const AttemptSetting& a, int bytes);
  // P(an attempt is a candidate) (tests: the skipping's cost).
  double candidate_probability(const AttemptSetting& a, int bytes) { prepare_skip(a, bytes); return skip_.p; }
  // Whether the master's POLL/NULL exchange at q is answered (a header-only DM1 exchange).
  bool poll_answered(const AttemptSetting& a, ChannelField& field, double q);
  double median_rx_dbm() const { return median_rx_dbm_; }  // at t = 0 with this replication's shadowing draw
  // The bytes from the object's start that a static channel's attempt reads (its first members).
  static constexpr std::size_t kHotBytes = 48;
  // The piconet's hop sequence (BR/EDR links; set once the run knows the central's clock).
  void set_hop_sequence(const HopSequence& h) { hop_ = h; }
  // LE: the RF channel of an attempt at t, as 1-MHz index k of 2402 + k MHz (the ISO transport's CSA #2).
  void set_le_channel(std::function<int(double)> f) { le_channel_ = std::move(f); }
  const HopSequence& hop_sequence() const { return hop_; }
  // The channel (2402 + k MHz) of the last attempt drawn on a channel (with AFH or interferers), -1 before.
  int last_channel() const { return last_channel_; }

private:
  // First, the state a static channel's attempt reads (attempt_fails' inline case): a relay chain's pass touches
  // these of every link, so they share the link's first cache lines (LinkState) with its queue and supervision.
  int cached_bytes_  = -1;  // static channel: PER of the last payload size
  double cached_per_ = 0;
  RngStream arq_;
  // PER of one packet of `bytes` at the given header and payload BERs: an ACL packet of the audio type, or an LE
  // PDU (header and payload in the same modulation: the payload BER applies to all of it).
  static double packet_per(const AttemptSetting& a, int bytes, double header_ber, double payload_ber)
  {
    return a.le ? le_per(bytes, payload_ber) : acl_per(a.packet, bytes, header_ber, payload_ber);
  }
  // packet_per at these linear SNRs of header and payload: exactly 0 without the BERs when both are negligible.
  double per_at_snr(const AttemptSetting& a, int bytes, double header_snr, double payload_snr) const
  {
    if (header_snr >= header_rx_.negligible_ber_snr && payload_snr >= payload_rx_.negligible_ber_snr)
      return 0.0;  // both BERs <= 1e-30: what packet_per returns for them, exactly
    return packet_per(a, bytes, header_rx_.ber_at_snr(header_snr), payload_rx_.ber_at_snr(payload_snr));
  }
  double static_per(const AttemptSetting& a, int payload_bytes);
  void prepare_rician(const AttemptSetting& a);
  void prepare_skip(const AttemptSetting& a, int bytes);
  struct Skip {
    int bytes = -1;
    double k  = -1;
    RicianFading::Box box{0, 0, 0, 0};
    double box_p = 0, e = 0, p = 0;  // P(fade in the box), the PER bound outside it, P(candidate)
  } skip_;
  bool attempt_fails_on_channel(const AttemptSetting& a, ChannelField& field, int bytes, double s);
  double fading_gain(const AttemptSetting& a, double t);
  bool collides(const AttemptSetting& a, ChannelField& field, int channel, double c_dbm, double t);

  int tx_, rx_;
  double median_rx_dbm_;
  CalibratedReceiver payload_rx_, header_rx_;
  double header_snr_ = 0, payload_snr_ = 0;  // linear SNRs at the median received power
  std::int64_t coherence_slot_ = -1;  // fading held per coherence time: the slot of the current draw
  double coherence_gain_       = 1;
  // Static channel with a fresh fading draw per attempt: the draw's first uniform at or above which neither BER can
  // exceed kNegligibleBer whatever the phase, so the PER is exactly 0 without computing the gain or the BERs (at
  // short range nearly every attempt); prepared for the run's K factor on first use.
  RicianFading rician_{-1.0};
  double negligible_u1_ = 2.0;
  std::unique_ptr<AfhClassifier> afh_;
  HopSequence hop_;
  std::function<int(double)> le_channel_;
  int last_channel_ = -1;
  RngStream fading_, hop_rng_, interference_rng_, poll_rng_;
};

}  // namespace btlinksim
