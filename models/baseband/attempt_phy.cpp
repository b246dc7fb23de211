#include "models/baseband/attempt_phy.hpp"

#include <cstddef>

#include <algorithm>
#include <cmath>
#include <limits>

namespace btlinksim {


LinkPhy::LinkPhy(std::uint64_t seed, int rep, const std::string& n, int tx, int rx, const Receiver& payload,
                 const Receiver& header, double median_rx_dbm, const AfhParams* afh)
    : arq_(seed, rep, n, "arq"), tx_(tx), rx_(rx), median_rx_dbm_(median_rx_dbm), payload_rx_(payload),
      header_rx_(header), fading_(seed, rep, n, "fading"), hop_rng_(seed, rep, n, "hop"),
      interference_rng_(seed, rep, n, "interference"), poll_rng_(seed, rep, n, "poll")
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"  // (no virtual functions or bases: GCC's and Clang's layout)
  static_assert(offsetof(LinkPhy, arq_) + sizeof(arq_) <= kHotBytes && offsetof(LinkPhy, cached_per_) < kHotBytes,
                "a static channel's attempt state past kHotBytes");
#pragma GCC diagnostic pop
  if (afh)
    afh_ = std::make_unique<AfhClassifier>(*afh);
  header_snr_  = header_rx_.snr_linear(median_rx_dbm_);
  payload_snr_ = payload_rx_.snr_linear(median_rx_dbm_);
}

double LinkPhy::static_per(const AttemptSetting& a, int payload_bytes)
{
  if (a.fading == FadingKind::none) {  // static channel: the PER depends on the size only
    if (payload_bytes != cached_bytes_) {
      cached_bytes_ = payload_bytes;
      cached_per_   = packet_per(a, payload_bytes, header_rx_.ber(median_rx_dbm_), payload_rx_.ber(median_rx_dbm_));
    }
    return cached_per_;
  }
  // Independent fading per attempt: each hops to a new channel.
  prepare_rician(a);
  const double u1 = 1.0 - fading_.uniform01();  // the draws of draw_fading_power_gain, in its order
  const double u2 = fading_.uniform01();
  if (u1 >= negligible_u1_)
    return 0.0;  // both BERs <= 1e-30 at any phase: what packet_per returns for them, exactly
  const double g = rician_.gain(u1, u2);
  return per_at_snr(a, payload_bytes, header_snr_ * g, payload_snr_ * g);
}

void LinkPhy::prepare_rician(const AttemptSetting& a)
{
  if (rician_.k_factor() != a.rician_k) {
    rician_ = RicianFading(a.rician_k);
    const double g_min = std::max(header_rx_.negligible_ber_snr / header_snr_, payload_rx_.negligible_ber_snr / payload_snr_);
    negligible_u1_     = rician_.u1_for_gain_at_least(g_min);
  }
}

void LinkPhy::prepare_skip(const AttemptSetting& a, int bytes)
{
  if (skip_.bytes == bytes && skip_.k == (a.fading == FadingKind::none ? -2.0 : a.rician_k))
    return;
  skip_       = Skip{};
  skip_.bytes = bytes;
  if (a.fading == FadingKind::none) {
    skip_.k = -2.0;
    skip_.e = skip_.p = static_per(a, bytes);
    return;
  }
  skip_.k = a.rician_k;
  prepare_rician(a);
  // g_t: a gain at which the PER is at most kBound, found in steps of 5 dB (PER falls with the gain); none below
  // 10^6 (a receiver at its edge): every fade is a candidate.
  constexpr double kBound = 1e-5, kStep = 3.1622776601683795;
  const auto per = [&](double g) { return per_at_snr(a, bytes, header_snr_ * g, payload_snr_ * g); };
  double g = 1.0;
  if (per(g) <= kBound) {
    while (g > 1e-9 && per(g / kStep) <= kBound)
      g /= kStep;
  } else {
    while (g < 1e6 && per(g) > kBound)
      g *= kStep;
  }
  if (per(g) > kBound) {
    skip_.box   = {0, 1, 0, 1};
    skip_.box_p = skip_.p = 1.0;
    return;
  }
  skip_.box   = rician_.below_gain(g);
  skip_.box_p = skip_.box.area();
  skip_.e     = per(g);
  skip_.p     = skip_.box_p + (1.0 - skip_.box_p) * skip_.e;
}

std::int64_t LinkPhy::attempts_before_deep(const AttemptSetting& a, int bytes)
{
  prepare_skip(a, bytes);
  const double p = skip_.p;
  if (p <= 0)
    return std::numeric_limits<std::int64_t>::max();
  if (p >= 1)
    return 0;
  // Geometric on {0, 1, ...}: floor(ln U / ln(1 - p)), U uniform on (0, 1] (inversion, docs/references.md [thinning]).
  const double n = std::floor(std::log(1.0 - arq_.uniform01()) / std::log1p(-p));
  return n >= 9.0e18 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(n);
}

bool LinkPhy::deep_attempt_fails(const AttemptSetting& a, int bytes)
{
  prepare_skip(a, bytes);
  if (a.fading == FadingKind::none)
    return true;  // a candidate is a failure (drawn with the PER by attempts_before_deep)
  const auto& b = skip_.box;
  double u1 = 0, u2 = 0;
  const bool in_box = fading_.uniform01() * skip_.p < skip_.box_p;
  if (in_box) {
    u1 = b.u1_lo + (b.u1_hi - b.u1_lo) * (1.0 - fading_.uniform01());
    u2 = b.u2_lo + (b.u2_hi - b.u2_lo) * fading_.uniform01();
  } else {
    do {  // uniform outside the box (rejection: the box is small whenever this branch is likely)
      u1 = 1.0 - fading_.uniform01();
      u2 = fading_.uniform01();
    } while (b.holds(u1, u2));
  }
  const double g  = rician_.gain(std::max(u1, 1e-300), u2);
  const double pe = per_at_snr(a, bytes, header_snr_ * g, payload_snr_ * g);
  return arq_.bernoulli(in_box ? pe : pe / skip_.e);
}

double LinkPhy::fading_gain(const AttemptSetting& a, double t)
{
  if (a.fading == FadingKind::none)
    return 1.0;
  if (a.coherence_s <= 0)
    return draw_fading_power_gain(fading_, a.rician_k);
  const auto slot = static_cast<std::int64_t>(std::floor(t / a.coherence_s));
  if (slot > coherence_slot_) {
    coherence_slot_ = slot;
    coherence_gain_ = draw_fading_power_gain(fading_, a.rician_k);
  }
  return coherence_gain_;
}

bool LinkPhy::collides(const AttemptSetting& a, ChannelField& field, int channel, double c_dbm, double t)
{
  const auto& xs = field.spec().environment.interferers;
  for (size_t i = 0; i < xs.size(); ++i) {
    const auto& x = xs[i];
    if (x.kind == InterfererSpec::Kind::wifi) {
      if (!interference_rng_.bernoulli(x.duty))
        continue;
      const auto o = wifi_overlap(field.interferer_rx_dbm(i, rx_, t), wifi_channel_mhz(x.wifi_channel),
                                  br_channel_mhz(channel));
      if (!survives(c_dbm, o.in_channel_dbm, o.offset_mhz))
        return true;
    } else {
      // Another piconet hops to a new channel per packet: about exchange / its packet length of its hops
      // overlap ours, each on the air with probability duty, on a channel uniform over 79.
      const int hops = static_cast<int>(std::ceil(a.exchange_s / (x.packet_slots * kSlot_s) - 1e-9));
      double i_dbm   = std::numeric_limits<double>::quiet_NaN();
      for (int h = 0; h < hops; ++h) {
        if (!interference_rng_.bernoulli(x.duty))
          continue;
        const int ich = static_cast<int>(interference_rng_.uniform_int(kBrChannels));
        if (std::isnan(i_dbm))
          i_dbm = field.interferer_rx_dbm(i, rx_, t);
        if (!survives(c_dbm, i_dbm, std::abs(ich - channel)))
          return true;
      }
    }
  }
  return false;
}

bool LinkPhy::attempt_fails_on_channel(const AttemptSetting& a, ChannelField& field, int bytes, double s)
{
  const double med = a.dynamic ? field.median_rx_dbm(tx_, rx_, s) : median_rx_dbm_;
  const double g   = fading_gain(a, s);
  bool fail        = false;
  int ch           = 0;
  if (a.hopping) {
    if (a.le)
      ch = afh_          ? afh_->hop_set(s)[hop_rng_.uniform_int(afh_->hop_set(s).size())]
           : le_channel_ ? le_channel_(s)
                         : static_cast<int>(hop_rng_.uniform_int(kBrChannels));
    else
      ch = afh_ ? hop_.channel(s, afh_->hop_set(s)) : hop_.channel(s);
    last_channel_ = ch;
    fail          = collides(a, field, ch, med + 10.0 * std::log10(g), s);
  }
  if (!fail)
    fail = arq_.bernoulli(per_at_snr(a, bytes, header_rx_.snr_linear(med) * g, payload_rx_.snr_linear(med) * g));
  if (afh_)
    afh_->record(ch, fail, s);
  return fail;
}

bool LinkPhy::poll_answered(const AttemptSetting& a, ChannelField& field, double q)
{
  const double med = a.dynamic ? field.median_rx_dbm(tx_, rx_, q) : median_rx_dbm_;
  const double g   = fading_gain(a, q);
  const double snr = header_rx_.snr_linear(med) * g;
  const double ber = snr >= header_rx_.negligible_ber_snr ? 0.0 : header_rx_.ber_at_snr(snr);  // (PER 0 either way)
  return !poll_rng_.bernoulli(acl_per(AclType::dm1, 1, ber, ber));
}

}  // namespace btlinksim
