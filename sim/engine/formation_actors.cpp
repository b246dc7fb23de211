#include "sim/engine/formation_actors.hpp"

#include <simgrid/Exception.hpp>

#include "models/formation/handshake.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <tuple>
#include <cmath>
#include <optional>

XBT_LOG_EXTERNAL_CATEGORY(btl);
XBT_LOG_NEW_DEFAULT_SUBCATEGORY(btl_formation, btl, "link formation: boot, inquiry, page, handshakes, host limits");

namespace btlinksim {

namespace sg4 = simgrid::s4u;

FormationActors::FormationActors(Run& run) : run_(run), s_(run.s), rep_(run.rep) {}

void FormationActors::start(int src)
{
  for (auto& l : run_.links)
    l->sup.up_s = std::numeric_limits<double>::infinity();
  // Speaker-to-speaker links: relay hops, or the stereo pair's control link of a dual-stream system.
  const auto& speaker_links = s_.resolved.topo.speaker_pairs;
  pair_done_ = sg4::ConditionVariable::create();
  pair_mutex_ = sg4::Mutex::create();
  pairs_pending_ = static_cast<int>(speaker_links.size());
  for (const auto& pair : speaker_links) {
    const int a = pair.first, b = pair.second;  // (a structured binding cannot be captured in C++17)
    records_.push_back(FormationRecord{s_.devices[a].name + "<->" + s_.devices[b].name});
    const size_t k = records_.size() - 1;
    run_.spawn("pair:" + records_[k].name, run_.hosts[a], [this, a, b, k] { speaker_pair_actor(a, b, k); })
        ->daemonize();
  }
  // The host's links, in the order it pages them: a row each from the start, so a link the host never reached
  // before the run ended is reported as such.
  for (auto& l : run_.links)
    if (l->tx == src) {
      host_records_.push_back(records_.size());
      records_.push_back(FormationRecord{l->name});
      records_.back().reason = "not attempted: the run ended before the host paged it";
    }
  run_.spawn("host", run_.hosts[src], [this, src] { host_actor(src); })->daemonize();
}

// The source pages each of its speakers in turn (known devices: paging without their clock), then sets up A2DP.
void FormationActors::host_actor(int src)
{
  const auto& F   = s_.formation;
  const auto& dev = s_.devices[src];
  std::vector<LinkState*> out;
  for (auto& l : run_.links)
    if (l->tx == src)
      out.push_back(l.get());
  std::deque<LinkState*> active;
  for (size_t i = 0; i < out.size(); ++i) {
    LinkState& l   = *out[i];
    const size_t k = host_records_[i];
    records_[k].reason = "waiting for the stereo pair when the run ended";
    // In a dual-stream stereo pair, the phone adds the second speaker once the pair is formed.
    if (s_.resolved.topo.host_waits_for_pairs && i > 0 && pairs_pending_ >= 0 && !pair_records_.empty()) {
      std::unique_lock lock(*pair_mutex_);
      try {
        while (pairs_pending_ > 0)
          pair_done_->wait(lock);
      } catch (const simgrid::ForcefulKillException&) {
        // The run ended while this daemon waited: it is killed inside the wait, which does not hold the mutex.
        // Unlocking it while dying is a simcall from a dying actor: with thread contexts (the ASan build) the
        // engine then waited forever for it (found by tests/cli/yaml_forms.sh on scenarios/bose_stereo.yaml).
        lock.release();
        throw;
      }
      if (records_[pair_records_[i - 1]].outcome == HandshakeOutcome::failed) {
        records_[k].reason = "stereo pair not formed: " + records_[pair_records_[i - 1]].reason;
        continue;
      }
    }
    const double t0 = std::max({sg4::Engine::get_clock(), run_.ready_s(src), run_.ready_s(l.rx)});
    records_[k].start_s = t0;
    records_[k].reason  = "not started: a device was still booting when the run ended";
    sg4::this_actor::sleep_until(t0);
    records_[k].reason = "paging (or A2DP set-up) when the run ended";
    RngStream rng(s_.seed, rep_, l.name, "page");
    ScanChannelTrains trains = run_.trains(l.rx, src);  // a known device, but no estimate of its clock
    const ScanParams scan = run_.scan_of(l.rx, F.page_scan_interval_s, "page_scan_phase");
    const double p_ok     = run_.control_ok(src, l.rx, 17, t0);
    std::optional<double> paged;
    double t = t0;
    for (int a = 0; a < F.page_attempts && !paged; ++a) {
      paged = page_time(t, scan, nullptr, false, trains, p_ok, rng, kPageTimeout_s, run_.page_train_repetition());
      if (!paged) {
        t += kPageTimeout_s;
        records_[k].retries++;
      }
    }
    // Energy: the phone pages with its train while the speaker page-scans, until it answers (or the tries end).
    run_.train(src, t0, paged ? *paged : t);
    run_.scanning(l.rx, scan, t0, paged ? *paged : t);
    if (!paged) {
      sg4::this_actor::sleep_until(t);
      records_[k].reason = "page timeout (" + std::to_string(F.page_attempts) + " x 5.12 s)";
      XBT_INFO("%s: %s", l.name.c_str(), records_[k].reason.c_str());
      continue;
    }
    const double up = *paged + F.profile_setup_s;
    sg4::this_actor::sleep_until(up);
    // Host limit on simultaneous audio links.
    if (static_cast<int>(active.size()) >= dev.audio_links) {
      if (!dev.audio_most_recent) {
        records_[k].reason = "host keeps " + std::to_string(dev.audio_links) + " audio link(s); refused";
        continue;
      }
      LinkState* old          = active.front();
      active.pop_front();
      old->sup.displaced_s   = up;
      for (auto& r : records_)
        if (r.name == old->name) {
          r.down_s = up;
          r.reason = "displaced by " + l.name + " (host keeps " + std::to_string(dev.audio_links) + " audio link(s))";
        }
    }
    active.push_back(&l);
    Reconnection::mark_up(l, up);
    records_[k].up_s       = up;
    records_[k].outcome    = HandshakeOutcome::stereo;  // A2DP stream up; stereo/mono is the speakers' matter
    records_[k].reason     = "connected";
    XBT_INFO("%s: A2DP stream up at %.6f s", l.name.c_str(), up);
  }
}

FormationActors::LinkModeEnd FormationActors::link_mode_end(int d, int partner, double ready_s)
{
  const auto& F = s_.formation;
  RngStream m(s_.seed, rep_, s_.devices[d].name, "link_mode");
  return LinkModeEnd{link_mode_schedule(ready_s, F.link_mode, m),
                     run_.trains(d, partner),
                     run_.scan_of(d, F.inquiry_scan_interval_s, "inquiry_scan_phase"),
                     run_.scan_of(d, F.page_scan_interval_s, "page_scan_phase")};
}

// The firmware handshake from now, message by message (each a DM1 request and its answer at the pair's current
// channel); the record gets the retries, messages and duration.
std::pair<HandshakeOutcome, std::string> FormationActors::run_handshake(int a, int b, FormationRecord& rec,
                                                                        const std::optional<std::string>& incompatible,
                                                                        RngStream& rng)
{
  const auto& hs = *s_.formation.handshake;
  HandshakeMachine m(hs, incompatible);
  const double exch = acl_exchange_time_s(AclType::dm1);
  const double h0   = sg4::Engine::get_clock();
  while (!m.done()) {
    const auto* msg = hs.message(m.current().send);
    const double tc = sg4::Engine::get_clock();
    const double p  = run_.control_ok(a, b, msg->bytes, tc) * run_.control_ok(b, a, msg->bytes, tc);  // request and answer
    XBT_VERB("%s: handshake state %s sends %s (%d B)", rec.name.c_str(), m.current().name.c_str(), msg->name.c_str(),
             msg->bytes);
    sg4::this_actor::sleep_for(m.step(rng.bernoulli(p), exch));
  }
  rec.retries += m.retries();
  rec.messages += m.messages();
  rec.handshake_s = sg4::Engine::get_clock() - h0;
  return {m.outcome(), m.reason()};
}

// Two speakers in link mode: inquiry/scan alternation until one discovers the other, page, role switch,
// firmware handshake; failures other than incompatibility are retried until the link-mode timeout.
// Energy of one speaker's link-mode phases over [from, to): its inquiry trains and inquiry-scan windows.
void FormationActors::link_mode_energy(int d, const LinkModeEnd& e, double from, double to)
{
  for (const auto& span : e.schedule) {
    const double lo = std::max(span.start_s, from), hi = std::min(span.end_s, to);
    if (hi <= lo)
      continue;
    if (span.what == Activity::inquiry)
      run_.train(d, lo, hi);
    else if (span.what == Activity::scan)
      run_.scanning(d, e.inquiry_scan, lo, hi);
  }
}

void FormationActors::speaker_pair_actor(int a, int b, size_t k)
{
  pair_records_.push_back(k);
  const auto& F      = s_.formation;
  FormationRecord& rec = records_[k];
  const double ra = run_.ready_s(a), rb = run_.ready_s(b);
  rec.start_s       = std::max(ra, rb);
  const double t_end = std::min(ra, rb) + F.link_mode.timeout_s;
  LinkState* audio        = run_.link_between(a, b);  // relay hop (null for a stereo pair's control link)
  rec.reason              = "booting or in link mode, not discovered, when the run ended";
  auto finish = [&](HandshakeOutcome o, std::string why) {
    rec.outcome = o;
    rec.reason  = std::move(why);
    XBT_INFO("%s: %s (%s)", rec.name.c_str(), to_string(o), rec.reason.c_str());
    std::unique_lock lock(*pair_mutex_);
    --pairs_pending_;
    pair_done_->notify_all();
  };
  if (!F.speaker_link) {
    sg4::this_actor::sleep_until(rec.start_s);
    finish(HandshakeOutcome::failed, "this system does not link speakers (speaker_link: false)");
    return;
  }
  LinkModeEnd A = link_mode_end(a, b, ra), B = link_mode_end(b, a, rb);
  const ActivitySchedule &sa = A.schedule, &sb = B.schedule;
  ScanChannelTrains &ta = A.trains, &tb = B.trains;
  const ScanParams &ia = A.inquiry_scan, &ib = B.inquiry_scan, &pa = A.page_scan, &pb = B.page_scan;
  RngStream rng(s_.seed, rep_, rec.name, "formation");
  const double p_ok = run_.control_ok(a, b, 17, std::max(ra, rb));
  const std::optional<std::string> incompatible =
      incompatibility(F.compatibility, s_.devices[a].brand, s_.devices[a].firmware, s_.devices[b].brand,
                      s_.devices[b].firmware);
  double t = std::max(ra, rb);
  std::string last = "not discovered within the link-mode timeout (were both inquiring at the same time?)";
  while (t < t_end) {
    auto dab = first_discovery(sa, sb, ib, tb, p_ok, rng, t, t_end);  // a inquires, b scans
    auto dba = first_discovery(sb, sa, ia, ta, p_ok, rng, t, t_end);
    if (!dab && !dba)
      break;
    const bool a_found_b = dab && (!dba || dab->discovered_s <= dba->discovered_s);
    const double found   = a_found_b ? dab->discovered_s : dba->discovered_s;
    link_mode_energy(a, A, t, found);
    link_mode_energy(b, B, t, found);
    if (std::isnan(rec.discovered_s))
      rec.discovered_s = found;
    sg4::this_actor::sleep_until(found);
    rec.reason = "discovered; paging or handshake when the run ended";
    XBT_INFO("%s: %s discovered %s (inquiry response at %.6f s)", rec.name.c_str(), s_.devices[a_found_b ? a : b].name.c_str(),
             s_.devices[a_found_b ? b : a].name.c_str(), found);
    // The discoverer pages the other with its clock known (from the FHS) while the other scans.
    const int pager = a_found_b ? a : b;
    auto paged = page_time(found, a_found_b ? pb : pa, a_found_b ? &sb : &sa, true, a_found_b ? tb : ta, p_ok, rng);
    run_.train(pager, found, paged ? *paged : found + kPageTimeout_s);
    run_.scanning(pager == a ? b : a, a_found_b ? pb : pa, found, paged ? *paged : found + kPageTimeout_s);
    if (!paged) {
      rec.retries++;
      t    = found + kPageTimeout_s;
      last = "page timeout after discovery";
      continue;
    }
    XBT_INFO("%s: paged at %.6f s%s", rec.name.c_str(), *paged, pager != a ? ", role switch" : "");
    double now = *paged + (pager != a ? F.role_switch_s : 0.0);  // the relay's upstream speaker must be master
    sg4::this_actor::sleep_until(now);
    auto up = [&](HandshakeOutcome o, const std::string& why) {
      rec.up_s = now;
      if (audio)
        Reconnection::mark_up(*audio, now);
      finish(o, why);
    };
    if (!F.handshake) {
      up(HandshakeOutcome::mono, "no firmware handshake: speakers play the same mix");
      return;
    }
    const auto [outcome, reason] = run_handshake(a, b, rec, incompatible, rng);
    now                          = sg4::Engine::get_clock();
    if (outcome != HandshakeOutcome::failed) {
      up(outcome, reason);
      return;
    }
    last = reason;
    if (incompatible && reason.rfind("incompatible", 0) == 0)
      break;  // the rules will refuse this pair every time
    rec.retries++;
    t = now;
  }
  sg4::this_actor::sleep_until(std::max(sg4::Engine::get_clock(), std::min(t_end, run_.end_s)));
  finish(HandshakeOutcome::failed, last);
}

}  // namespace btlinksim
