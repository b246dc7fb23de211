#include "models/formation/le_formation.hpp"

#include "models/radio/link.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace btlinksim {

bool LeScanWindows::hears(int channel, double t, double air_s) const
{
  const double k     = std::floor((t - phase_s) / interval_s);
  const double start = phase_s + k * interval_s;
  if (t + air_s > start + window_s + 1e-12)
    return false;
  const long long ch = (static_cast<long long>(first_channel) + static_cast<long long>(k)) % 3;
  return (ch + 3) % 3 == channel;
}

LeAdvertiser::LeAdvertiser(double start_s, double interval_s, RngStream timing, RngStream reception, LeOddsAt odds)
    : start_s_(start_s), interval_s_(interval_s), timing_(timing), reception_(reception), odds_(std::move(odds))
{
  next_s_ = start_s + timing_.uniform(0, kLeAdvDelayMax_s);
}

const LeAdvertiser::Event& LeAdvertiser::event(std::size_t n)
{
  while (events_.size() <= n) {
    Event e{};
    e.t_s             = next_s_;
    const LeOdds odds = odds_(e.t_s);
    for (bool& a : e.adv)
      a = reception_.bernoulli(odds.adv);
    e.aux = reception_.bernoulli(odds.aux);
    e.req = reception_.bernoulli(odds.connect_req);
    e.rsp = reception_.bernoulli(odds.connect_rsp);
    events_.push_back(e);
    next_s_ += interval_s_ + timing_.uniform(0, kLeAdvDelayMax_s);
  }
  return events_[n];
}

std::optional<std::size_t> LeAdvertiser::first_at_or_after(double t_s, double t_end)
{
  auto it = std::lower_bound(events_.begin(), events_.end(), t_s, [](const Event& e, double v) { return e.t_s < v; });
  std::size_t n = static_cast<std::size_t>(it - events_.begin());
  for (;; ++n) {
    const Event& e = event(n);
    if (e.t_s > t_end)
      return std::nullopt;
    if (e.t_s >= t_s)
      return n;
  }
}

void LeAdvertiser::restart_after(std::size_t n, double t_s)
{
  events_.resize(std::min(events_.size(), n + 1));
  next_s_ = t_s + timing_.uniform(0, kLeAdvDelayMax_s);
}

std::optional<LeHeard> le_first_heard(LeAdvertiser& adv, const LeScanWindows& scan, double t_s, double t_end)
{
  const double air = le_air_time_s(Phy::le1m, kLeAdvExtBytes);
  const auto first = adv.first_at_or_after(t_s, t_end);
  if (!first)
    return std::nullopt;
  for (std::size_t n = *first;; ++n) {
    const auto& e = adv.event(n);
    if (e.t_s > t_end)
      return std::nullopt;
    for (int m = 0; m < 3; ++m)
      if (scan.hears(m, e.t_s + m * kLePrimarySpacing_s, air)) {
        if (e.adv[m] && e.aux)
          return LeHeard{n, e.t_s + kLeAuxOffset_s + le_air_time_s(Phy::le1m, kLeAuxAdvBytes)};
        break;  // the window's channel carried it, but the scanner lost it (or the AUX_ADV_IND)
      }
  }
}

double LeEstablished::established_s() const
{
  return event < 0 ? std::numeric_limits<double>::quiet_NaN() : anchor_s + static_cast<double>(event) * interval_s;
}

LeEstablished le_establish(double req_end_s, double conn_interval_s, const LeOdds& odds, RngStream& rng)
{
  LeEstablished e;
  e.anchor_s   = req_end_s + kLeTransmitWindowDelay_s;
  e.interval_s = conn_interval_s;
  for (int k = 0; k < kLeEstablishIntervals; ++k)
    if (rng.bernoulli(odds.central) && rng.bernoulli(odds.peripheral)) {
      e.event = k;
      break;
    }
  return e;
}

LeMessages le_messages(std::int64_t first_event, int count, bool central_first, const LeOdds& odds,
                       std::int64_t timeout_events, RngStream& rng)
{
  LeMessages r;
  bool central    = central_first;
  int sent        = 0;
  std::int64_t quiet = 0;
  for (std::int64_t e = first_event; sent < count; ++e) {
    ++r.events;
    // The central sends; the peripheral answers only what it received; the central hears the answer or not.
    const bool c = rng.bernoulli(odds.central);
    const bool p = c && rng.bernoulli(odds.peripheral);
    quiet        = p ? 0 : quiet + 1;
    if (central ? c : p) {
      ++sent;
      central = !central;
      if (sent == count) {
        r.done_event = e;
        return r;
      }
    }
    if (quiet >= timeout_events) {
      r.lost_event = e;
      return r;
    }
  }
  r.done_event = first_event - 1;  // nothing to send
  return r;
}

double le_cis_start_s(double conn_anchor_s, double conn_interval_s, std::int64_t ind_event,
                      const std::function<double(double)>& cig_anchor_at_or_after)
{
  const double instant = conn_anchor_s + static_cast<double>(ind_event + kLeInstantEvents) * conn_interval_s;
  return cig_anchor_at_or_after(instant + kCisOffsetMin_s);
}

namespace {

// A sink connected and set up, waiting for its CIS.
struct SetUp {
  std::size_t sink, event;  // the sink and the advertising event it was connected from
  double anchor_s;
  std::int64_t done_event;
};

}  // namespace

std::vector<LeFormation> le_form_group(double central_ready_s, const LeScanWindows& scan,
                                       std::vector<LeAdvertiser>& advertisers, const LeFormationParams& p,
                                       int exchanges, std::vector<RngStream>& link_rngs,
                                       const std::function<double(double)>& cig_anchor_at_or_after, double t_end)
{
  const std::size_t n = advertisers.size();
  std::vector<LeFormation> out(n);
  std::vector<double> search_from(n);
  std::vector<bool> pending(n, true);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].ready_s = advertisers[i].start_s();
    search_from[i] = central_ready_s;
  }
  const double ci             = p.conn_interval_s;
  const auto timeout_events   = static_cast<std::int64_t>(std::ceil(p.supervision_timeout_s / ci - 1e-9));
  const double req_air        = le_air_time_s(Phy::le1m, kLeConnectReqBytes);
  const double rsp_air        = le_air_time_s(Phy::le1m, kLeConnectRspBytes);
  double scanner_free         = central_ready_s;
  double cis_free             = -std::numeric_limits<double>::infinity();
  for (;;) {
    // Connections: the initiator takes whichever pending sink it hears first.
    std::vector<SetUp> set_up;
    for (;;) {
      std::optional<LeHeard> best;
      std::size_t who = n;
      for (std::size_t i = 0; i < n; ++i) {
        if (!pending[i])
          continue;
        const auto h = le_first_heard(advertisers[i], scan, std::max(scanner_free, search_from[i]), t_end);
        if (h && (!best || h->aux_end_s < best->aux_end_s)) {
          best = h;
          who  = i;
        }
      }
      if (!best)
        break;
      LeFormation& f        = out[who];
      const auto& e         = advertisers[who].event(best->event);
      const LeOdds odds     = advertisers[who].odds(e.t_s);
      const double req_end  = best->aux_end_s + kLeTifs_s + req_air;
      if (std::isnan(f.heard_s))
        f.heard_s = best->aux_end_s;
      search_from[who]      = e.t_s + 1e-9;
      scanner_free          = req_end + kLeTifs_s + rsp_air;
      if (!e.req || !e.rsp)
        continue;  // the request or its answer was lost: both go on as before (U)
      RngStream& rng       = link_rngs[who];
      const LeEstablished est = le_establish(req_end, ci, odds, rng);
      if (est.event < 0) {
        ++f.failed_connections;
        const double again = est.anchor_s + kLeEstablishIntervals * ci;
        advertisers[who].restart_after(best->event, again);
        search_from[who] = again;
        continue;
      }
      f.connected_s        = est.established_s();
      const LeMessages msg = le_messages(est.event + 1, 2 * exchanges, true, odds, timeout_events, rng);
      if (msg.lost_event >= 0) {
        ++f.lost_connections;
        const double again = est.anchor_s + static_cast<double>(msg.lost_event) * ci;
        advertisers[who].restart_after(best->event, again);
        search_from[who] = again;
        continue;
      }
      f.messages += 2 * exchanges;
      f.setup_s   = est.anchor_s + static_cast<double>(msg.done_event) * ci;
      pending[who] = false;
      set_up.push_back({who, best->event, est.anchor_s, msg.done_event});
    }
    if (set_up.empty())
      break;
    // CIS creation, one at a time, in the order the set-ups ended.
    std::stable_sort(set_up.begin(), set_up.end(),
                     [&](const SetUp& a, const SetUp& b) { return out[a.sink].setup_s < out[b.sink].setup_s; });
    for (const SetUp& u : set_up) {
      LeFormation& f = out[u.sink];
      std::int64_t first = u.done_event + 1;
      if (cis_free > u.anchor_s + static_cast<double>(first) * ci)
        first = static_cast<std::int64_t>(std::ceil((cis_free - u.anchor_s) / ci - 1e-9));
      const double from    = u.anchor_s + static_cast<double>(first) * ci;
      const LeMessages msg = le_messages(first, kCisCreateMessages, true, advertisers[u.sink].odds(from), timeout_events,
                                         link_rngs[u.sink]);
      if (msg.lost_event >= 0) {  // lost while creating the CIS: it advertises again
        ++f.lost_connections;
        const double again = u.anchor_s + static_cast<double>(msg.lost_event) * ci;
        advertisers[u.sink].restart_after(u.event, again);
        search_from[u.sink] = again;
        pending[u.sink]     = true;
        continue;
      }
      f.messages += kCisCreateMessages;
      f.cis_s  = le_cis_start_s(u.anchor_s, ci, msg.done_event, cig_anchor_at_or_after);
      f.formed = f.cis_s < t_end;
      cis_free = f.cis_s;
    }
    if (std::none_of(pending.begin(), pending.end(), [](bool b) { return b; }))
      break;
  }
  return out;
}

}  // namespace btlinksim
