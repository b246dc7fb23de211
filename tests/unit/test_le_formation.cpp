// LE Audio link formation (models/formation/le_formation.hpp): hand-worked cases and hand-derived distributions.
#include "models/formation/le_formation.hpp"
#include "models/radio/link.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

namespace {
LeAdvertiser advertiser(double start_s, double interval_s, const std::string& name)
{
  return LeAdvertiser(start_s, interval_s, RngStream(7, 0, name, "adv_timing"), RngStream(7, 0, name, "adv_rx"),
                      [](double) { return LeOdds{}; });
}
const double kExtAir = 176e-6;  // ADV_EXT_IND of 12 octets on LE 1M: (1 + 4 + 2 + 12 + 3) x 8 us
}  // namespace

TEST_CASE("LE PDU air times used by formation", "[le_formation]")
{
  CHECK(le_air_time_s(Phy::le1m, kLeAdvExtBytes) == Approx(kExtAir));
  CHECK(le_air_time_s(Phy::le1m, kLeAuxAdvBytes) == Approx(400e-6));      // (10 + 40) x 8 us
  CHECK(le_air_time_s(Phy::le1m, kLeConnectReqBytes) == Approx(352e-6));  // (10 + 34) x 8 us
}

TEST_CASE("a scan window hears a PDU on its own channel, wholly inside it", "[le_formation]")
{
  // Windows of 30 ms every 60 ms from t = 0, the first on channel 37 (index 0), then 38, 39, 37...
  const LeScanWindows w{0.06, 0.03, 0.0, 0};
  CHECK(w.hears(0, 0.010, kExtAir));           // window 0 is on 37
  CHECK_FALSE(w.hears(1, 0.010, kExtAir));     // ... not 38
  CHECK(w.hears(1, 0.0705, kExtAir));          // window 1 (60-90 ms) is on 38
  CHECK(w.hears(0, 0.190, kExtAir));           // window 3 (180-210 ms) is on 37 again
  CHECK_FALSE(w.hears(0, 0.040, kExtAir));     // between windows
  CHECK_FALSE(w.hears(0, 0.0299, kExtAir));    // ends after the window closes (29.9 ms + 176 us > 30 ms)
  CHECK(w.hears(0, 0.03 - kExtAir, kExtAir));  // ends exactly at the close
  CHECK(w.hears(2, -0.05, kExtAir));           // window -1 (-60..-30 ms) is on 39
}

TEST_CASE("one advertising event is heard with probability (window - air) / interval", "[le_formation]")
{
  // Hand-derived: with the scan grid's phase and first channel uniform, the PDU on channel m (sent m x 0.5 ms into
  // the event) lies in a window on channel m with probability 1/3 x (W - air)/S for each m, and for W < S - 2 x 0.5 ms
  // no two can both be heard: P = (W - air) / S = (30 - 0.176) / 60 = 0.49707 for Android's fast scan.
  RngStream r(3, 0, "test", "le_scan");
  const int n = 20000;
  int heard   = 0;
  for (int i = 0; i < n; ++i) {
    const LeScanWindows w{0.06, 0.03, r.uniform(0, 0.06), static_cast<int>(r.uniform_int(3))};
    LeAdvertiser a = advertiser(0, 0.1, "a" + std::to_string(i));
    const double t1 = a.event(0).t_s;
    heard += le_first_heard(a, w, 0, t1 + 1e-6).has_value() ? 1 : 0;
  }
  const double q = (0.03 - kExtAir) / 0.06;
  CHECK(static_cast<double>(heard) / n == Approx(q).margin(3 * std::sqrt(q * (1 - q) / n)));
}

TEST_CASE("a continuous scanner waits the mean residual of advInterval + advDelay", "[le_formation]")
{
  // Advertising events are a renewal process with gaps X = A + U(0, 10 ms) (the delays accumulate). A scanner that
  // starts at a random time into it and hears every event waits, by the renewal theorem, E[X^2] / (2 E[X]):
  // A = 100 ms: (105^2 + 10^2/12) / 210 = 52.540 ms. One window of 10 s keeps the channel: every event is heard.
  RngStream r(4, 0, "test", "le_residual");
  const LeScanWindows w{10.0, 10.0, 0.0, 0};
  const int n  = 20000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    LeAdvertiser a = advertiser(-r.uniform(5, 6), 0.1, "b" + std::to_string(i));
    const auto h   = le_first_heard(a, w, 0, 1);
    REQUIRE(h);
    const double wait = a.event(h->event).t_s;
    CHECK(wait >= 0);
    CHECK(wait <= 0.110);
    CHECK(h->aux_end_s == Approx(wait + kLeAuxOffset_s + 400e-6));
    sum += wait;
    sum2 += wait * wait;
  }
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  CHECK(mean == Approx(0.0525397).margin(3 * sd / std::sqrt(n)));
}

TEST_CASE("a connection is established at its first event, or fails after 6 intervals", "[le_formation]")
{
  RngStream r(5, 0, "test", "le_establish");
  const LeEstablished sure = le_establish(1.0, 0.015, LeOdds{}, r);
  CHECK(sure.anchor_s == Approx(1.0025));  // transmitWindowDelay 2.5 ms after AUX_CONNECT_REQ, offset 0
  CHECK(sure.event == 0);
  CHECK(sure.established_s() == Approx(1.0025));
  // Each event's exchange succeeds with q = 0.5 x 0.8 = 0.4: failed with (1 - q)^6 = 0.046656.
  LeOdds odds;
  odds.central    = 0.5;
  odds.peripheral = 0.8;
  const int n = 20000;
  int failed  = 0;
  for (int i = 0; i < n; ++i) {
    const LeEstablished e = le_establish(0, 0.015, odds, r);
    failed += e.event < 0 ? 1 : 0;
    if (e.event >= 0)
      CHECK(e.established_s() == Approx(kLeTransmitWindowDelay_s + e.event * 0.015));
  }
  const double p = std::pow(0.6, 6);
  CHECK(static_cast<double>(failed) / n == Approx(p).margin(3 * std::sqrt(p * (1 - p) / n)));
}

TEST_CASE("messages over a connection take a negative-binomial number of events", "[le_formation]")
{
  RngStream r(6, 0, "test", "le_messages");
  const LeMessages sure = le_messages(10, 40, true, LeOdds{}, 334, r);
  CHECK(sure.done_event == 49);  // one message per event, events 10..49
  CHECK(sure.events == 40);
  CHECK(sure.lost_event == -1);
  // 20 requests (each through with p_c = 0.5) and 20 answers (p_c p_p = 0.4): events are the sum of 40 geometric
  // counts, mean 20/0.5 + 20/0.4 = 90, variance 20 x 0.5/0.25 + 20 x 0.6/0.16 = 115.
  LeOdds odds;
  odds.central    = 0.5;
  odds.peripheral = 0.8;
  const int n = 4000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const LeMessages m = le_messages(0, 40, true, odds, 1000, r);
    REQUIRE(m.lost_event == -1);
    CHECK(m.done_event == m.events - 1);
    sum += static_cast<double>(m.events);
    sum2 += static_cast<double>(m.events * m.events);
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  CHECK(mean == Approx(90).margin(3 * std::sqrt(115.0 / n)));
  CHECK(var == Approx(115).epsilon(0.1));
  // Nothing heard: the supervision timer (5 s / 15 ms = 334 events) expires at the 334th event.
  odds.central     = 0;
  const LeMessages dead = le_messages(3, 4, true, odds, 334, r);
  CHECK(dead.done_event == -1);
  CHECK(dead.lost_event == 3 + 333);
}

TEST_CASE("the CIS starts at the first CIG anchor after the instant plus CIS_Offset_Min", "[le_formation]")
{
  // LL_CIS_IND through at event 10 of a 15 ms connection from 0: instant = event 16 at 240 ms, + 0.5 ms; the CIG's
  // anchors are every 10 ms from 3 ms: the first at or after 240.5 ms is 243 ms.
  const auto cig = [](double t) { return 0.003 + std::ceil((t - 0.003) / 0.010 - 1e-9) * 0.010; };
  CHECK(le_cis_start_s(0.0, 0.015, 10, cig) == Approx(0.243));
}

TEST_CASE("one sink forms by hand: heard, connected, set up, its CIS created", "[le_formation]")
{
  // Everything received; a continuous scanner on channel 37 from t = 0; the sink advertises from 1 s. Its first
  // event at t_e: ADV_EXT_IND on 37 heard, AUX_ADV_IND ends t_e + 2 ms + 400 us; AUX_CONNECT_REQ ends 150 + 352 us
  // later; first connection event 2.5 ms after; established at event 0; 20 exchanges = events 1..40; LL_CIS_REQ, RSP,
  // IND in events 41..43; instant 49; the CIS at anchor + 49 x 15 ms + 0.5 ms (a CIG grid of every instant here).
  std::vector<LeAdvertiser> adv{advertiser(1.0, 0.1, "sink")};
  std::vector<RngStream> rngs{RngStream(7, 0, "sink", "le_link")};
  const auto any = [](double t) { return t; };
  const LeFormationParams p;
  const auto f = le_form_group(0.0, LeScanWindows{10.0, 10.0, 0.0, 0}, adv, p, 20, rngs, any, 100);
  REQUIRE(f.size() == 1);
  REQUIRE(f[0].formed);
  const double te     = adv[0].event(0).t_s;
  const double aux    = te + 0.002 + 400e-6;
  const double anchor = aux + 150e-6 + 352e-6 + 0.0025;
  CHECK(te >= 1.0);
  CHECK(te < 1.01);
  CHECK(f[0].ready_s == 1.0);
  CHECK(f[0].heard_s == Approx(aux));
  CHECK(f[0].connected_s == Approx(anchor));
  CHECK(f[0].setup_s == Approx(anchor + 40 * 0.015));
  CHECK(f[0].cis_s == Approx(anchor + 49 * 0.015 + 0.0005));
  CHECK(f[0].messages == 43);
  CHECK(f[0].failed_connections == 0);
}

TEST_CASE("two sinks at once: one initiator, and the CISes created one after the other", "[le_formation]")
{
  // Both advertise from 0. The central connects the first it hears; the other waits for the initiator, then its
  // CIS creation waits for the first CIS: its LL_CIS_REQ goes no earlier than the first CIS's start (event e), its
  // LL_CIS_IND at e + 2 at the earliest, the instant 6 events on: its CIS starts at least 8 x 15 ms + 0.5 ms later.
  for (int seed = 0; seed < 50; ++seed) {
    std::vector<LeAdvertiser> adv;
    std::vector<RngStream> rngs;
    for (const char* name : {"left", "right"}) {
      const std::string id = std::string(name) + std::to_string(seed);
      adv.push_back(advertiser(0.0, 0.1, id));
      rngs.emplace_back(7, 0, id, "le_link");
    }
    const auto any = [](double t) { return t; };
    const auto f   = le_form_group(0.0, LeScanWindows{0.06, 0.03, 0.01, 1}, adv, LeFormationParams{}, 20, rngs, any, 100);
    REQUIRE(f[0].formed);
    REQUIRE(f[1].formed);
    const int first = f[0].heard_s < f[1].heard_s ? 0 : 1, second = 1 - first;
    // The second was connected after the first's AUX_CONNECT_RSP (initiator busy until then).
    CHECK(f[second].connected_s > f[first].heard_s + 150e-6 + 352e-6);
    CHECK(f[second].cis_s >= f[first].cis_s + 8 * 0.015 + 0.0005 - 1e-9);
  }
}

TEST_CASE("an advertiser stopped for a connection starts again where it is told", "[le_formation]")
{
  LeAdvertiser a = advertiser(0.0, 0.1, "restart");
  const double t2 = a.event(2).t_s;
  CHECK(t2 >= 0.2);
  CHECK(t2 < 0.23);  // three events: 2 x (100 ms + advDelay) + the first's advDelay
  a.restart_after(1, 5.0);
  CHECK(a.event(1).t_s < 0.12);  // events up to the connecting one are kept
  CHECK(a.event(2).t_s >= 5.0);  // the next comes after the restart (+ advDelay)
  CHECK(a.event(2).t_s < 5.01);
  CHECK(a.event(3).t_s - a.event(2).t_s >= 0.1);
  REQUIRE(a.first_at_or_after(4.0, 100.0));
  CHECK(*a.first_at_or_after(4.0, 100.0) == 2);
}

TEST_CASE("a sink whose connection requests never get through is heard but never connected", "[le_formation]")
{
  std::vector<LeAdvertiser> adv{LeAdvertiser(0.0, 0.1, RngStream(7, 0, "deaf", "adv_timing"), RngStream(7, 0, "deaf", "adv_rx"),
                                             [](double) { LeOdds o; o.connect_req = 0; return o; })};
  std::vector<RngStream> rngs{RngStream(7, 0, "deaf", "le_link")};
  const auto f = le_form_group(0.0, LeScanWindows{10.0, 10.0, 0.0, 0}, adv, LeFormationParams{}, 20, rngs,
                               [](double t) { return t; }, 5.0);
  CHECK_FALSE(f[0].formed);
  CHECK(f[0].heard_s == Approx(adv[0].event(0).t_s + 0.002 + 400e-6));
  CHECK(std::isnan(f[0].connected_s));
  CHECK(f[0].messages == 0);
}
