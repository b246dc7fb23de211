// The baseband state machines of one link (models/baseband): the ACL queue, supervision with idle polling, and
// the per-attempt PHY on a static channel; and the one median received power (models/channel).
#include "models/baseband/acl_queue.hpp"
#include "models/baseband/attempt_phy.hpp"
#include "models/baseband/scatternet.hpp"
#include "models/baseband/supervision.hpp"
#include "models/channel/channel_field.hpp"
#include "models/core/bisection.hpp"
#include "models/core/rng.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

TEST_CASE("ACL queue: FIFO start after the previous packet, tail drop at the limit", "[baseband]")
{
  AclQueue q(2);
  CHECK(q.admit(0.0));
  CHECK(q.earliest_start(0.0) == 0.0);
  q.sent(0.001, 0.005);                        // first attempt at 1 ms, last one ended at 5 ms
  CHECK(q.earliest_start(0.002) == 0.005);     // FIFO: after the predecessor's last attempt
  CHECK(q.admit(0.0005));                      // one packet waits (starts at 1 ms > 0.5 ms)
  q.sent(0.006, 0.009);
  CHECK_FALSE(q.admit(0.0008));                // two wait (1 ms and 6 ms > 0.8 ms): full, dropped
  CHECK(q.admit(0.002));                       // at 2 ms the first has started: one waits
  CHECK(q.waiting() == 1);
  q.clear(0.5);                                // link lost at 0.5 s: nothing waits, nothing starts before
  CHECK(q.waiting() == 0);
  CHECK(q.earliest_start(0.1) == 0.5);
  q.hold_until(0.4);                           // re-formed earlier than the queue's end: no change
  CHECK(q.last_end_s() == 0.5);
}

TEST_CASE("later attempts on a link start at or after later_attempts_from, which never decreases", "[baseband]")
{
  // Hand-worked, as the ACL transport runs a link (timeout 20 ms): formed at 0.5 s; a packet acknowledged in one
  // exchange [0.99625, 1.0); the next one fails from 1.017 s to 1.02075 s -- started before the timer ran out at
  // last_ok + 20 ms = 1.020 s -- so the link is lost at 1.020 s, where its queue restarts (Reconnection::drop):
  // the bound is 1.020 s, not the queue's end.
  const double lsto = 0.020;
  AclQueue q(10);
  LinkSupervision s;
  s.mark_up(0.5);
  q.hold_until(0.5);
  CHECK(later_attempts_from(q, s, lsto) == 0.5);
  q.sent(0.99625, 1.0);
  s.last_ok_s = 1.0;
  CHECK(later_attempts_from(q, s, lsto) == 1.0);
  q.sent(1.017, 1.02075);
  CHECK(later_attempts_from(q, s, lsto) == Approx(1.020).margin(1e-12));
  CHECK(later_attempts_from(q, s, 0.0) == 1.02075);  // no supervision: the queue's end
  s.down_s = 1.020;
  q.clear(1.020);
  CHECK(q.earliest_start(1.010) == Approx(1.020).margin(1e-12));  // a packet ready before the drop: not before it
  CHECK(later_attempts_from(q, s, lsto) == Approx(1.020).margin(1e-12));
  s.mark_up(1.5);  // paged again
  q.hold_until(1.5);
  CHECK(later_attempts_from(q, s, lsto) == 1.5);

  // The same steps at random (the transport's order: a packet's attempts from earliest_start, each a 3.75 ms
  // exchange after a gap, lost when one would start past last_ok + timeout, re-formed later): every attempt starts
  // at or after the bound taken before the packet, and the bound never falls.
  RngStream rng(7, 0, "later_attempts_from", "steps");
  AclQueue rq(10);
  LinkSupervision rs;
  rs.mark_up(0.0);
  double r = 0, bound = later_attempts_from(rq, rs, lsto);
  int drops = 0, attempts = 0;
  for (int packet = 0; packet < 20000; ++packet) {
    r += rng.uniform(0, 0.02);
    if (!rs.carries(r))
      continue;
    const double before = later_attempts_from(rq, rs, lsto);
    REQUIRE(before >= bound);
    bound     = before;
    double st = rq.earliest_start(r), first = -1, end = st;
    while (true) {
      st += rng.uniform(0, 0.004);  // the radios' and the grid's wait
      if (st >= rs.last_ok_s + lsto) {
        const double lost = rs.last_ok_s + lsto;
        if (first >= 0)
          rq.sent(first, end);
        rs.down_s = lost;
        rq.clear(lost);
        REQUIRE(later_attempts_from(rq, rs, lsto) >= bound);
        ++drops;
        const double up = lost + rng.uniform(0.01, 0.5);
        rs.mark_up(up);
        rq.hold_until(up);
        first = -1;
        break;
      }
      REQUIRE(st >= bound);
      ++attempts;
      if (first < 0)
        first = st;
      end = st + 0.00375;
      st  = end;
      if (rng.bernoulli(0.6)) {  // acknowledged
        rs.last_ok_s = end;
        break;
      }
    }
    if (first >= 0)
      rq.sent(first, end);
  }
  CHECK(drops > 10);  // the walk does lose the link now and then
  CHECK(attempts > 5000);
}

TEST_CASE("supervision: answered idle polls keep the link, unanswered ones lose it at last_ok + timeout",
          "[baseband]")
{
  LinkSupervision s;
  s.mark_up(1.0);
  CHECK(s.carries(1.0));
  CHECK_FALSE(s.carries(0.999));
  int polls = 0;
  // Every poll answered: polls at 1.025, 1.05, ... before 1.99 s keep the link, last_ok at the last poll.
  CHECK(s.poll_idle(1.99, 0.1, 0.025, [&](double) { return ++polls, true; }) == -1);
  CHECK(polls == 39);  // 1 + 0.025 k < 1.99 for k = 1..39
  CHECK(s.last_ok_s == Approx(1.0 + 39 * 0.025));
  // No answer from here: the timer (0.1 s) expires at last_ok + 0.1 = 2.075 s; the loss is dated then, whichever
  // poll finds it.
  s.last_air_s = s.last_ok_s;
  CHECK(s.poll_idle(3.0, 0.1, 0.025, [](double) { return false; }) == Approx(1.0 + 39 * 0.025 + 0.1));
  s.down_s = 2.0;  // lost before the first poll: reported as already lost
  CHECK(s.poll_idle(3.0, 0.1, 0.025, [](double) { return true; }) == -2);
  CHECK_FALSE(s.carries(2.5));
}

TEST_CASE("per-attempt PHY on a static channel fails at the packet's PER", "[baseband]")
{
  // 2-DH5 with a full 679 B payload at a median power where the payload BER is 1e-4: PER 0.42 (the reference's
  // table, tested in test_link.cpp); over 20000 attempts the failure fraction is within 4 standard errors.
  const Receiver pay = Receiver::typical(Phy::edr2m), hdr = Receiver::typical(Phy::br);
  double lo = -100, hi = -70;  // the power at which the payload BER is 1e-4
  for (int i = 0; i < 60; ++i) {
    const double m = 0.5 * (lo + hi);
    (CalibratedReceiver(pay).ber(m) > 1e-4 ? lo : hi) = m;
  }
  ChannelSpec c;
  c.ends.resize(2);
  ChannelField field(c, 0);
  LinkPhy phy(1, 0, "a->b", 0, 1, pay, hdr, hi, nullptr);
  AttemptSetting a;
  a.packet     = AclType::edr2_dh5;
  a.exchange_s = acl_exchange_time_s(a.packet);
  const double per = acl_per(a.packet, 679, CalibratedReceiver(hdr).ber(hi), 1e-4);
  CHECK(per == Approx(0.42).margin(0.01));
  const int n = 20000;
  int fails   = 0;
  for (int i = 0; i < n; ++i)
    fails += phy.attempt_fails(a, field, 679, i * 0.00375);
  CHECK(double(fails) / n == Approx(per).margin(4 * std::sqrt(per * (1 - per) / n)));
}

namespace {
// Two devices in free space at 2.44 GHz, the second `d_m` along x.
ChannelSpec free_space_pair(const char* a, const char* b, double d_m)
{
  ChannelSpec c;
  c.environment.path_loss = FreeSpace{2.44e9};
  c.ends.resize(2);
  c.ends[0].name  = a;
  c.ends[1].name  = b;
  c.ends[1].start = {d_m, 0};
  return c;
}
}  // namespace

TEST_CASE("one median received power: path loss, then walls and floors", "[channel]")
{
  // Class 2 (+4 dBm), free space at 2.44 GHz: PL(d) = 20 log10(4 pi d f / c); 10 m: 60.19 dB.
  ChannelSpec c = free_space_pair("a", "b", 10);
  const double pl = 20 * std::log10(4 * M_PI * 10 * 2.44e9 / 299792458.0);
  CHECK(median_rx_dbm(c, 0, 1, {0, 0}, {10, 0}) == Approx(4 - pl).epsilon(1e-12));
  c.environment.walls = {Wall{"w", {5, -1}, {5, 1}, 6.9}};
  c.ends[1].floor     = 1;  // COST 231 floor term for one floor: 18.3 dB
  CHECK(median_rx_dbm(c, 0, 1, {0, 0}, {10, 0}) == Approx(4 - pl - 6.9 - 18.3).epsilon(1e-12));
  CHECK(median_rx_dbm(c, 0, 1, {0, 2}, {10, 2}) == Approx(4 - pl - 18.3).epsilon(1e-12));  // passes the wall
  ChannelField f(c, 0);
  CHECK(f.median_rx_dbm(0, 1, 3.0) == Approx(4 - pl - 6.9 - 18.3).epsilon(1e-12));  // static: the same
  CHECK_FALSE(f.dynamic());
}

TEST_CASE("body blocking takes its loss off the median while blocked, for the time share its means give", "[channel]")
{
  // Two-state Markov blocking: clear 10 s, blocked 2 s on average, so blocked 2 / 12 = 16.7 % of the time; while
  // blocked the median is 15 dB lower, never higher (issue 23: flipping the loss's sign passed every test).
  ChannelSpec c          = free_space_pair("phone", "speaker", 10);
  c.ends[1].body.enabled = true;
  const double clear     = median_rx_dbm(c, 0, 1, {0, 0}, {10, 0});
  ChannelField f(c, 0);
  CHECK(f.dynamic());
  int blocked = 0;
  const int n = 200000;  // one sample every 0.5 s over 100000 s: ~8300 blocking periods
  for (int k = 0; k < n; ++k) {
    const double p = f.median_rx_dbm(0, 1, 0.5 * k);
    if (p == Approx(clear - 15.0).margin(1e-9))
      ++blocked;
    else
      REQUIRE(p == Approx(clear).margin(1e-9));
  }
  CHECK(double(blocked) / n == Approx(2.0 / 12.0).margin(0.015));
}

TEST_CASE("bisection state machine: the ends first, then one midpoint at a time", "[core]")
{
  Bisection b(0, 8, 1);
  CHECK(b.pending() == std::vector<double>{0, 8});
  b.record({true, false});
  CHECK(b.pending() == std::vector<double>{4});
  b.record({true});   // holds at 4
  CHECK(b.pending() == std::vector<double>{6});
  b.record({false});  // fails at 6
  CHECK(b.pending() == std::vector<double>{5});
  b.record({false});
  CHECK(b.done());    // bracket [4, 5] of width 1
  CHECK(b.value() == 4);
  CHECK(b.evaluations() == 5);
  Bisection censored(0, 8, 1);
  censored.record({true, true});
  CHECK(censored.done());
  CHECK(censored.at_least_hi());
  CHECK(censored.value() == 8);
  CHECK_THROWS_AS(censored.record({true}), std::logic_error);
}

TEST_CASE("a relay's scatternet stays: exchanges fit inside the stay of their piconet, before its guard", "[baseband]")
{
  // Period 40 ms from phase 5 ms, 60 % upstream, guard 1.25 ms: upstream stays [5, 27.75) ms, own [29, 43.75) ms,
  // then [45, 67.75) ...
  const PresenceSchedule p{0.040, 0.6, 0.00125, 0.005};
  const double x = 0.00375;  // one 2-DH5 exchange
  CHECK(p.usable_s(true) == Approx(0.02275));
  CHECK(p.usable_s(false) == Approx(0.01475));
  CHECK(p.next_fit(0.010, x, true) == Approx(0.010));        // inside the first upstream stay
  CHECK(p.next_fit(0.025, x, true) == Approx(0.045));        // 25 + 3.75 > 27.75: the next upstream stay
  CHECK(p.next_fit(0.010, x, false) == Approx(0.029));       // own stay starts at 5 + 24 ms
  CHECK(p.next_fit(0.041, x, false) == Approx(0.069));       // 41 + 3.75 > 43.75: the next own stay (29 + 40)
  CHECK(p.next_fit(0.0, x, true) == Approx(0.005));
  CHECK(PresenceSchedule{}.next_fit(0.123, x, true) == 0.123);  // inactive: no restriction
  CHECK_THROWS_AS((PresenceSchedule{0.008, 0.5, 0.001, 0}.next_fit(0, x, true)), std::invalid_argument);  // 3 ms stays
}

TEST_CASE("per-attempt PHY under Rician fading: the negligible-BER shortcut gives the full computation's outcomes", "[baseband]")
{
  // LinkPhy skips the gain and both BERs when the fading draw's first uniform proves both BERs <= 1e-30 (then
  // 1 - BER rounds to 1 and the PER is exactly 0). The reference below is the full computation, written out:
  // the same streams, a gain per attempt, the BERs, the PER, the ARQ coin. Every outcome must be the same, at
  // powers where the shortcut takes nearly every attempt, some of them, or none.
  const Receiver pay = Receiver::typical(Phy::edr2m), hdr = Receiver::typical(Phy::br);
  const CalibratedReceiver cp(pay), ch(hdr);
  ChannelSpec c;
  c.ends.resize(2);
  ChannelField field(c, 0);
  AttemptSetting a;
  a.packet     = AclType::edr2_dh5;
  a.exchange_s = acl_exchange_time_s(a.packet);
  a.fading     = FadingKind::rician;
  a.rician_k   = std::pow(10.0, 0.6);  // 6 dB
  for (double median_dbm : {-40.0, -55.0, -62.0, -66.0, -75.0, -80.0}) {
    LinkPhy phy(3, 1, "a->b", 0, 1, pay, hdr, median_dbm, nullptr);
    RngStream fading(3, 1, "a->b", "fading"), arq(3, 1, "a->b", "arq");
    int fails = 0, same = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
      const double g   = draw_fading_power_gain(fading, a.rician_k);
      const double per = acl_per(a.packet, 679, ch.ber_at_snr(ch.snr_linear(median_dbm) * g),
                                 cp.ber_at_snr(cp.snr_linear(median_dbm) * g));
      const bool want = arq.bernoulli(per);
      const bool got  = phy.attempt_fails(a, field, 679, i * a.exchange_s);
      same += got == want;
      fails += got;
    }
    INFO("median " << median_dbm << " dBm: " << fails << " of " << n << " attempts failed");
    CHECK(same == n);
    if (median_dbm == -80.0)
      CHECK(fails > 100);  // deep fades fail there: the comparison covers failing attempts too
  }
}

TEST_CASE("Rician gain bound: from u1 at or above the threshold the gain is at least g_min at every phase", "[baseband]")
{
  // |h|^2 >= (los - sd r)^2 with r = sqrt(-2 ln u1): the threshold is conservative (no u1 above it gives less
  // whatever u2) and tight (1 % below it, the phase opposite the line of sight gives less).
  const RicianFading f(std::pow(10.0, 0.6));
  for (double g_min : {1e-4, 0.01, 0.1, 0.5}) {
    const double u = f.u1_for_gain_at_least(g_min);
    REQUIRE(u < 1.0);
    double least = 1e300;
    for (int i = 0; i <= 400; ++i)
      for (int j = 0; j < 4096; ++j)
        least = std::min(least, f.gain(u + (1.0 - u) * i / 400.0, j / 4096.0));
    CHECK(least >= g_min);
    CHECK(f.gain(u * 0.99, 0.5) < g_min);
  }
  CHECK(f.u1_for_gain_at_least(0.9) == 2.0);                 // more than the line of sight (0.8) can promise
  CHECK(RicianFading(0.0).u1_for_gain_at_least(1e-6) == 2.0);  // Rayleigh: no line of sight
  // The same draws as draw_fading_power_gain, bit for bit.
  RngStream r1(5, 0, "x", "fading"), r2(5, 0, "x", "fading");
  for (int i = 0; i < 1000; ++i)
    CHECK(f.draw(r1) == draw_fading_power_gain(r2, std::pow(10.0, 0.6)));
}

TEST_CASE("Rician deep box: every draw with a gain below g lies in it, and its area is the hand-worked one", "[baseband]")
{
  // gain < g  <=>  |los + sd r e^{i theta}| < sqrt(g): sd r within sqrt(g) of los, theta within asin(sqrt(g)/los)
  // of pi. K = 6 dB: los = 0.894002, sd = 0.316828; g = 1e-3: u1 in (exp(-r_hi^2/2), exp(-r_lo^2/2)) =
  // (0.013745, 0.024235), phase half-width asin(0.031623/0.894002)/(2 pi) = 0.0056305: area 1.1938e-4 (by hand).
  const RicianFading f(std::pow(10.0, 0.6));
  CHECK(f.below_gain(1e-3).area() == Approx(1.1938e-4).epsilon(1e-3));
  for (double k : {0.0, 1.0, std::pow(10.0, 0.6), 100.0}) {
    const RicianFading r(k);
    for (double g : {1e-4, 1e-2, 0.1, 0.5, 1.5}) {
      const auto box = r.below_gain(g);
      long outside = 0, deep = 0;
      for (int i = 1; i <= 1500; ++i)
        for (int j = 0; j < 1500; ++j) {
          const double u1 = i / 1500.0, u2 = j / 1500.0;
          if (r.gain(u1, u2) < g) {
            ++deep;
            outside += !box.holds(u1, u2);
          }
        }
      INFO("K " << k << ", g " << g << ": " << deep << " deep grid points");
      CHECK(outside == 0);
      CHECK(box.area() <= 1.0);
    }
  }
}

TEST_CASE("skipped attempts (thinning) fail as often as attempt_fails draws them, and skip nearly all at short range", "[baseband]")
{
  // LE 2M, a 100-octet PDU under Rician K = 6 dB fading, at powers from comfortable to the edge: the failure
  // fraction of 400,000 attempts by attempts_before_deep / deep_attempt_fails equals attempt_fails' within 4.5
  // combined standard errors; without fading, a candidate is a failure (PER exactly), and the mean run between
  // candidates is (1 - p) / p.
  ChannelSpec c;
  c.ends.resize(2);
  ChannelField field(c, 0);
  const Receiver rx = Receiver::typical(Phy::le2m);
  AttemptSetting a;
  a.le         = true;
  a.fading     = FadingKind::rician;
  a.rician_k   = std::pow(10.0, 0.6);
  const long n = 400000;
  for (double median_dbm : {-60.0, -80.0, -88.0, -92.0, -96.0}) {
    LinkPhy slow(7, 0, "a->b", 0, 1, rx, rx, median_dbm, nullptr), fast(7, 0, "a->b", 0, 1, rx, rx, median_dbm, nullptr);
    REQUIRE(LinkPhy::independent(a));
    long f_slow = 0, f_fast = 0;
    for (long i = 0; i < n; ++i)
      f_slow += slow.attempt_fails(a, field, 100, 0.0);
    for (long i = 0; i < n;) {
      const std::int64_t clean = fast.attempts_before_deep(a, 100);
      if (clean >= n - i)
        break;
      i += clean;
      f_fast += fast.deep_attempt_fails(a, 100);
      ++i;
    }
    const double p = (f_slow + f_fast) / (2.0 * n), se = std::sqrt(2.0 * p * (1 - p) / n);
    INFO("median " << median_dbm << " dBm: " << f_slow << " and " << f_fast << " failures; candidates "
                   << fast.candidate_probability(a, 100));
    CHECK(std::abs(f_slow - f_fast) / double(n) <= 4.5 * se + 1e-12);
    if (median_dbm == -60.0)  // a near receiver fails once in ~8,000 attempts and ~1 in 800 is drawn
      CHECK(fast.candidate_probability(a, 100) < 0.003);
    if (median_dbm == -96.0)
      CHECK(f_slow > 1000);  // failures happen: the comparison covers them
  }
  a.fading = FadingKind::none;
  double lo = -110, hi = -60;  // the power at which the PDU's PER is 0.3
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (le_per(100, CalibratedReceiver(rx).ber(mid)) > 0.3 ? lo : hi) = mid;
  }
  LinkPhy flat(9, 0, "a->b", 0, 1, rx, rx, hi, nullptr);
  const double per = le_per(100, CalibratedReceiver(rx).ber(hi));
  REQUIRE(per > 0.01);
  REQUIRE(per < 0.99);
  CHECK(flat.candidate_probability(a, 100) == per);
  double runs = 0;
  int failed  = 0;
  const int m = 100000;
  for (int i = 0; i < m; ++i) {
    runs += static_cast<double>(flat.attempts_before_deep(a, 100));
    failed += flat.deep_attempt_fails(a, 100);
  }
  CHECK(failed == m);
  const double mean = (1 - per) / per, sd = std::sqrt(1 - per) / per;
  CHECK(runs / m == Approx(mean).margin(4.5 * sd / std::sqrt(m)));
}
