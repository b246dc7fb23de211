#include "models/formation/formation.hpp"
#include "models/formation/handshake.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace btlinksim;

namespace {
ActivitySchedule always(Activity a) { return {{0.0, 1e9, a}}; }
}  // namespace

TEST_CASE("a continuously scanning device is heard within one interval and found one interval later", "[formation]")
{
  // A v1.1 scanner. Inquiry scan window 11.25 ms every T = 1.28 s at a uniform phase; the inquirer's first train (A, first
  // 2.56 s) contains the scanner's channel. The first window hears the ID (<= T); the back-off (<= 1024 slots
  // = 0.64 s < T) ends before the next window, which carries the FHS: discovery = first window + T.
  // Hand-worked: mean discovery = T/2 + T = 1.92 s, never beyond 2T.
  const double T = 1.28;
  RngStream rng(1, 0, "test", "discovery");
  double sum = 0, worst = 0;
  const int n = 4000;
  for (int i = 0; i < n; ++i) {
    ScanParams scan{T, 0.01125, rng.uniform(0, T), InquiryResponse::v1_1};
    auto trains = ScanChannelTrains::fixed(true);
    auto d      = first_discovery(always(Activity::inquiry), always(Activity::scan), scan, trains, 1.0, rng, 0, 30);
    REQUIRE(d);
    CHECK(d->heard_s == Approx(scan.phase_s));
    sum += d->discovered_s;
    worst = std::max(worst, d->discovered_s);
  }
  CHECK(sum / n == Approx(1.5 * T).margin(3 * T / std::sqrt(12.0 * n)));  // 3 standard errors of U(0, T)
  CHECK(worst <= 2 * T + 0.002);
}

TEST_CASE("a scanner whose channel is in train B waits for the 2.56 s train switch", "[formation]")
{
  // Same (v1.1), but the channel is in train B: the first usable window is the first one at or after 2.56 s.
  const ScanParams scan{1.28, 0.01125, 0.3, InquiryResponse::v1_1};
  auto trains = ScanChannelTrains::fixed(false);
  RngStream rng(1, 0, "test", "trainB");
  auto d = first_discovery(always(Activity::inquiry), always(Activity::scan), scan, trains, 1.0, rng, 0, 30);
  REQUIRE(d);
  CHECK(d->heard_s == Approx(0.3 + 2 * 1.28));  // 2.86 s: first window in [2.56, 5.12)
  CHECK(d->discovered_s == Approx(0.3 + 3 * 1.28 + 2 * 625e-6));
}

TEST_CASE("two devices that inquire at the same time never discover each other", "[formation]")
{
  // Link mode with equal phases and no jitter, both powered on together: both inquire, then both scan.
  LinkModePolicy p{2.56, 2.56, 0.0, 30.0, true};
  RngStream r(1, 0, "a", "mode");
  const auto a = link_mode_schedule(0, p, r), b = link_mode_schedule(0, p, r);
  const ScanParams scan{1.28, 0.01125, 0.1};
  auto trains = ScanChannelTrains::fixed(true);
  CHECK_FALSE(first_discovery(a, b, scan, trains, 1.0, r, 0, 30));
  // Staggered by one phase (2.56 s), b scans while a inquires: found in the first overlap.
  const auto c = link_mode_schedule(2.56, p, r);
  auto d       = first_discovery(a, c, scan, trains, 1.0, r, 0, 30);
  REQUIRE(d);
  CHECK(d->discovered_s < 2 * 5.12);
}

TEST_CASE("page with a known clock answers at the next page-scan window", "[formation]")
{
  const ScanParams scan{1.28, 0.01125, 0.5};
  auto trains = ScanChannelTrains::fixed(false);
  RngStream rng(1, 0, "test", "page");
  auto t = page_time(0.7, scan, nullptr, true, trains, 1.0, rng);
  REQUIRE(t);
  CHECK(*t == Approx(0.5 + 1.28 + 4 * 625e-6));
  // Unknown clock, channel in train B: the pager sends train A for 1.28 s first -> window at 1.78 s is the first
  // in train B (1.28 s after start at 0.5 -> [1.78, ...) lies in the second train period).
  auto u = page_time(0.5, scan, nullptr, false, trains, 1.0, rng);
  REQUIRE(u);
  CHECK(*u == Approx(0.5 + 1.28 + 4 * 625e-6));
  // A device that never page-scans times out after 5.12 s.
  const ActivitySchedule busy{{0, 100, Activity::inquiry}};
  CHECK_FALSE(page_time(0, scan, &busy, true, trains, 1.0, rng));
}

TEST_CASE("firmware versions compare numerically and compatibility rules give reasons", "[handshake]")
{
  CHECK(compare_versions("4.2.1", "4.10.0") == -1);
  CHECK(compare_versions("4.2", "4.2.0") == 0);
  CHECK_FALSE(compare_versions("4.x", "4"));
  const Compatibility jbl{true, "4.2.1", "", false};
  CHECK_FALSE(incompatibility(jbl, "jbl", "4.2.1", "jbl", "5.0"));
  CHECK(incompatibility(jbl, "jbl", "4.2.0", "jbl", "4.2.1")->find("below the minimum 4.2.1") != std::string::npos);
  CHECK(incompatibility(jbl, "jbl", "4.3", "bose", "4.3")->find("brand mismatch") != std::string::npos);
  const Compatibility anker{true, "2", "5", false};  // works across v2.x - v4.x
  CHECK_FALSE(incompatibility(anker, "anker", "2.0.8", "anker", "4.9"));
  CHECK(incompatibility(anker, "anker", "1.9", "anker", "4.0"));
  CHECK(incompatibility(anker, "anker", "5.0", "anker", "4.0"));
  const Compatibility match{true, "", "", true};
  CHECK(incompatibility(match, "x", "1.2", "x", "1.3")->find("differ") != std::string::npos);
}

namespace {
HandshakeFamily family()
{
  HandshakeFamily f;
  f.name     = "test";
  f.messages = {{"caps", 16}, {"assign", 4}};
  f.start    = "exchange";
  HandshakeState a{"exchange", "caps", 0.5, 2, "assign", "failed", true, "mono"};
  HandshakeState b{"assign", "assign", 0.2, 1, "stereo", "mono", false, ""};
  f.states = {a, b};
  return f;
}
}  // namespace

TEST_CASE("handshake machine: retries, timeouts, compatibility and outcomes", "[handshake]")
{
  const auto f = family();
  REQUIRE(validate(f).empty());
  {
    HandshakeMachine m(f, std::nullopt);
    double t = 0;
    t += m.step(false, 1e-3);  // timeout 0.5, retry 1
    t += m.step(true, 1e-3);   // -> assign
    t += m.step(true, 1e-3);   // -> stereo
    REQUIRE(m.done());
    CHECK(m.outcome() == HandshakeOutcome::stereo);
    CHECK(m.retries() == 1);
    CHECK(t == Approx(0.5 + 2 * (2e-3 + 0.005)));
  }
  {
    HandshakeMachine m(f, std::string("firmware 4.0 below the minimum 4.2.1"));
    m.step(true, 1e-3);
    REQUIRE(m.done());
    CHECK(m.outcome() == HandshakeOutcome::mono);
    CHECK(m.reason().find("below the minimum") != std::string::npos);
  }
  {
    HandshakeMachine m(f, std::nullopt);
    for (int i = 0; i < 3; ++i)
      m.step(false, 1e-3);  // 1 + 2 retries
    REQUIRE(m.done());
    CHECK(m.outcome() == HandshakeOutcome::failed);
    CHECK(m.reason().find("after 3 attempts") != std::string::npos);
  }
}

TEST_CASE("invalid handshake families are reported field by field", "[handshake]")
{
  auto f              = family();
  f.states[0].send    = "hello";
  f.states[1].timeout_s.reset();
  f.states[1].on_fail = "exchange";  // assign -> exchange -> assign: a cycle
  const auto p        = validate(f);
  auto has = [&](const std::string& field, const std::string& text) {
    return std::any_of(p.begin(), p.end(),
                       [&](const FamilyProblem& x) { return x.field == field && x.message.find(text) != std::string::npos; });
  };
  CHECK(has("send", "unknown message 'hello'"));
  CHECK(has("timeout", "lacks a timeout"));
  CHECK(has("next", "cycle in the handshake state machine"));
}

// ---- The inquiry and page procedures from the devices' clocks (issue 12) ----

TEST_CASE("whether the scanner's channel is in train A follows from the two clocks", "[formation]")
{
  // Train A starts at the inquirer's CLKE16-12 + 24: with the inquirer at 6, positions 30, 31, 0 .. 13.
  const HopClock inq{6, 0};
  CHECK(ScanChannelTrains(HopClock{30, 0}, inq).in_train_a(0));   // (30 - 30) mod 32 = 0
  CHECK(ScanChannelTrains(HopClock{13, 0}, inq).in_train_a(0));   // 15
  CHECK_FALSE(ScanChannelTrains(HopClock{14, 0}, inq).in_train_a(0));  // 16: train B
  // Both counters step every 1.28 s: the membership stays.
  CHECK(ScanChannelTrains(HopClock{30, 0}, inq).in_train_a(100 * 1.28 + 0.3));
  // Steps at different phases: between the scanner's step and the inquirer's the difference is one more.
  const ScanChannelTrains edge(HopClock{13, 0.5}, HopClock{6, 0});
  CHECK(edge.in_train_a(0.2));        // 13 - 30 = -17 = 15 mod 32
  CHECK_FALSE(edge.in_train_a(0.9));  // the scanner stepped at 0.78 s: 14 - 30 = 16
  // A pager that knows the scanner's clock centres train A on it: position 8 of 0..15.
  for (int k = 0; k < 32; ++k)
    CHECK(ScanChannelTrains(HopClock{k, 0.4}, HopClock{k, 0.4}).in_train_a(3.0));
}

namespace {
// Discovery times of a device scanning 11.25 ms every 1.28 s by a single inquirer on an ideal channel, over
// random clocks and scan phases.
std::vector<double> discovery_times(InquiryResponse response, bool interlaced, int n)
{
  RngStream rng(11, 0, "test", "inquiry");
  std::vector<double> t;
  for (int i = 0; i < n; ++i) {
    ScanParams scan{1.28, 0.01125, rng.uniform(0, 1.28), response, interlaced};
    ScanChannelTrains trains(HopClock::draw(rng), HopClock::draw(rng));
    auto d = first_discovery(always(Activity::inquiry), always(Activity::scan), scan, trains, 1.0, rng, 0, 60);
    REQUIRE(d);
    t.push_back(d->discovered_s);
  }
  return t;
}
double fraction_within(const std::vector<double>& t, double limit)
{
  return double(std::count_if(t.begin(), t.end(), [&](double x) { return x <= limit; })) / t.size();
}
double mean_of(const std::vector<double>& t) { return std::accumulate(t.begin(), t.end(), 0.0) / t.size(); }
}  // namespace

TEST_CASE("inquiry time distributions follow the procedure: v1.1, v1.2 and interlaced scan", "[formation]")
{
  // By hand, with the scanner's channel in train A or B with probability 1/2 each (the two clocks are
  // independent) and the first window at U(0, 1.28 s):
  //   v1.2 standard: A -> U, B -> 2.56 + U: mean 1.92 s, all within 3.84 s;
  //   v1.1: the FHS one window after the first ID: A -> U + 1.28, B -> 3.84 + U: mean 3.20 s, all within 5.12 s;
  //   v1.2 interlaced: one of the interval's two windows is always in the current train: U, mean 0.64 s,
  //   within 1.28 s.
  // Clocks that step at different phases move the edge channels between trains for part of each 1.28 s (2 of 32
  // offsets): a few per cent of scanners, so the means are held to 4 standard errors plus that share (2/32 of
  // the 2.56 s a train switch costs: 0.16 s).
  const int n = 4000;
  const auto v12 = discovery_times(InquiryResponse::v1_2, false, n);
  const auto v11 = discovery_times(InquiryResponse::v1_1, false, n);
  const auto il  = discovery_times(InquiryResponse::v1_2, true, n);
  const double se_split = 1.28 / std::sqrt(n);  // sd of a 50/50 mix of U(0,1.28) and 2.56 + U(0,1.28) ~ 1.43 s
  CHECK(mean_of(v12) == Approx(1.92).margin(4 * 1.43 / std::sqrt(n) + 0.16));
  CHECK(mean_of(v11) == Approx(3.20).margin(4 * 1.43 / std::sqrt(n) + 0.16));
  CHECK(mean_of(il) == Approx(0.64).margin(4 * 0.37 / std::sqrt(n) + 0.01));
  (void)se_split;
  // Peterson, Baldwin & Kharoufeh (IEEE TMC 5(9), 2006): 99 % of scanning devices within 5.12 s (v1.1),
  // 3.84 s (v1.2 standard) and 1.28 s (v1.2 interlaced) -- at least 99 % less 4 binomial standard errors.
  const double tol = 4 * std::sqrt(0.99 * 0.01 / n);
  CHECK(fraction_within(v11, 5.12 + 0.01) >= 0.99 - tol);
  CHECK(fraction_within(v12, 3.84 + 0.01) >= 0.99 - tol);
  CHECK(fraction_within(il, 1.28 + 0.03) >= 0.99 - tol);
}

TEST_CASE("page without the scanner's clock: R1 answers within two trains, R2 within two longer ones", "[formation]")
{
  // R1: the pager sends train A for 1.28 s, then B; the scanner's window comes once per 1.28 s: A -> U(0, 1.28),
  // B -> 1.28 + U: mean 1.28 s, all within 2.56 s (+ the 4-slot exchange). R2 (windows every 2.56 s, trains of
  // 2.56 s): mean 2.56 s, all within 5.12 s -- the page timeout.
  RngStream rng(12, 0, "test", "page");
  for (auto [mode, interval] : {std::pair{PageScanMode::r1, 1.28}, {PageScanMode::r2, 2.56}}) {
    std::vector<double> t;
    for (int i = 0; i < 4000; ++i) {
      const ScanParams scan{interval, 0.01125, rng.uniform(0, interval)};
      ScanChannelTrains trains(HopClock::draw(rng), HopClock::draw(rng));
      auto p = page_time(0, scan, nullptr, false, trains, 1.0, rng, 30, page_train_repetition_s(mode));
      REQUIRE(p);
      t.push_back(*p);
    }
    INFO("scan interval " << interval);
    CHECK(mean_of(t) == Approx(interval).margin(4 * interval * 0.58 / std::sqrt(4000.0) + interval / 16));
    CHECK(fraction_within(t, 2 * interval + 0.01) >= 0.99);
  }
}
