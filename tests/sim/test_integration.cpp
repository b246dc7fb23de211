// Integration tests: scenarios run through SimGrid. run_replications forks one child (one engine) per
// replication, so this process never creates an engine itself.
#include "tests/sim/integration_helpers.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace btlinksim;
using namespace btlinksim::testing;

namespace {

std::string single_sink_at(double d)
{
  return "duration: 20 s\nseed: 3\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n"
         "  fading: { model: rayleigh }\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
         "  spk: { role: speaker, position: [" +
         std::to_string(d) +
         ", 0] }\ntopology: { kind: single, sinks: [spk] }\naudio: { packet_type: 2-DH5, playout_delay: 40 ms }\n";
}


// Phase of a device's slot-pair grid, drawn as the engine draws it (zero drift: period 1.25 ms).
double slot_phase(const Scenario& s, const std::string& device)
{
  RngStream r(s.seed, 0, device, "slot_phase");
  return r.uniform(0, 2 * kSlot_s);
}

// Wait from a grid point of device `from` (where the previous exchange ended) to the next grid point of `to`.
double grid_wait(const Scenario& s, const std::string& from, const std::string& to)
{
  const double w = std::fmod(slot_phase(s, to) - slot_phase(s, from), 2 * kSlot_s);
  return w < 0 ? w + 2 * kSlot_s : w;
}

// The phone hands each packet to its controller as soon as it is full (encoder_tick 0): these tests isolate the
// transport's per-packet timing, which the 20 ms tick of a real phone would batch.
const char* kRoom = "environment:\n  path_loss: { model: log_distance, exponent: 3.0 }\ndevices:\n"
                    "  phone: { role: source, position: [0, 0], encoder_tick: 0 s }\n"
                    "  a: { role: speaker, position: [2, 0], clock_drift: 0 ppm }\n"
                    "  b: { role: speaker, position: [4, 0], clock_drift: 0 ppm }\n";
}  // namespace

TEST_CASE("dropouts rise with distance", "[integration]")
{
  // Class 2 (+4 dBm), n = 3, EDR2 sensitivity -90 dBm: the median link closes up to 62 m. With Rayleigh fading
  // 2-DH5 packets fail more often as the margin shrinks, but unlimited ARQ at 26 % radio load hides errors until
  // retransmissions cannot keep up within a 40 ms low-latency buffer, close to the edge (at 150 ms none are lost).
  // Near the edge every metre costs about 1 dB of margin (30 log10(61/58) = 0.66 dB): lost frames must rise
  // strictly from one distance to the next, and none may be lost at 5 m (51 dB of margin).
  std::vector<double> lost;
  for (double d : {5.0, 58.0, 60.0, 61.5}) {
    const auto runs = run_replications(make(single_sink_at(d)), 2);
    lost.push_back(sink_value(runs[0], "frames_lost", "spk"));
    INFO("distance " << d << " m: lost " << lost.back());
  }
  CHECK(lost[0] == 0);
  for (size_t i = 2; i < lost.size(); ++i) {
    INFO("lost " << lost[i - 1] << " then " << lost[i]);
    CHECK(lost[i] > lost[i - 1]);
  }
  CHECK(lost[1] > 0);
}

TEST_CASE("relay B latency exceeds A by one hop and dual stream by half an exchange plus slot alignment", "[integration]")
{
  const std::string common = std::string("duration: 30 s\n") + kRoom + "audio: { packet_type: 2-DH5 }\n";
  const Scenario rs = make(common + "topology: { kind: relay, chain: [phone, a, b] }\n");
  const auto relay  = run_replications(rs, 1);
  const auto dual  = run_replications(make(common + "topology: { kind: dual_stream, sinks: [a, b] }\n"), 1);
  const double air  = acl_air_time_s(AclType::edr2_dh5, 679);  // 2876 us
  const double exch = acl_exchange_time_s(AclType::edr2_dh5);   // 6 slots = 3.75 ms
  const double ra = sink_value(relay[0], "latency_mean_s", "a"), rb = sink_value(relay[0], "latency_mean_s", "b");
  const double da = sink_value(dual[0], "latency_mean_s", "a"), db = sink_value(dual[0], "latency_mean_s", "b");
  // No errors at 2-4 m: B hears each packet one exchange after A, plus the wait from the end of the phone's
  // exchange (on the phone's slot grid) to the next slot pair of a, master of the second hop.
  const double wait_a = grid_wait(rs, "phone", "a");
  CHECK(rb - ra >= air);
  CHECK(rb - ra == Approx(exch + wait_a).epsilon(1e-6));
  // Dual stream: the phone alternates which sink it serves first, so each waits half an exchange on average;
  // relay B pays a whole second exchange and a's slot alignment: relay B - dual B = exch / 2 + wait.
  CHECK(db == Approx(da).epsilon(1e-3));
  CHECK(rb - db == Approx(exch / 2 + wait_a).margin(1e-4));
  CHECK(rb > db);
}

TEST_CASE("inter-speaker skew grows with the drift difference", "[integration]")
{
  // Free-running dual stream: b starts one exchange after a (positive skew); a slow clock on b makes it fall
  // further behind: skew(end) - skew(start) = D (1/(1+eb) - 1) for D seconds of audio and a perfect clock on a.
  std::vector<double> skews;
  for (double drift : {0.0, -10.0, -40.0}) {
    const std::string y = std::string("duration: 60 s\n") +
                          "environment:\n  path_loss: { model: log_distance, exponent: 3.0 }\ndevices:\n"
                          "  phone: { role: source, position: [0, 0] }\n"
                          "  a: { role: speaker, position: [2, 0] }\n"
                          "  b: { role: speaker, position: [2, 1], clock_drift: " +
                          std::to_string(drift) +
                          " ppm }\ntopology: { kind: dual_stream, sinks: [a, b] }\naudio: { sync: free_running }\n";
    const auto runs = run_replications(make(y), 1);
    skews.push_back(sink_value(runs[0], "skew_max_s", "b"));
  }
  CHECK(skews[1] > skews[0]);
  CHECK(skews[2] > skews[1]);
  // -40 ppm over 60 s: 60 * (1/0.99996 - 1) = 2.4 ms more than with equal clocks (start offset cancels).
  CHECK(skews[2] - skews[0] == Approx(60.0 * (1 / 0.99996 - 1)).margin(0.05e-3));
}

TEST_CASE("a 100-speaker relay chain runs and latency grows one exchange and one slot alignment per hop", "[integration]")
{
  std::string y = "duration: 5 s\nenvironment:\n  path_loss: { model: log_distance, exponent: 2.0 }\ndevices:\n"
                  "  phone: { role: source, position: [0, 0] }\n";
  std::string chain = "[phone";
  for (int i = 1; i <= 100; ++i) {
    y += "  s" + std::to_string(i) + ": { role: speaker, position: [" + std::to_string(i) + ", 0] }\n";
    chain += ", s" + std::to_string(i);
  }
  y += "topology: { kind: relay, chain: " + chain + "] }\naudio: { playout_delay: 1 s }\n";
  const Scenario s  = make(y);
  const auto runs   = run_replications(s, 1);
  const double exch = acl_exchange_time_s(AclType::edr2_dh5);
  CHECK(runs[0].sinks.row_names.size() == 100);
  // Each hop s_i -> s_i+1 costs one exchange plus the wait from s_i-1's grid to s_i's.
  double expected = 0;
  for (int i = 1; i < 100; ++i)
    expected += exch + grid_wait(s, i == 1 ? "phone" : "s" + std::to_string(i - 1), "s" + std::to_string(i));
  const double l1 = sink_value(runs[0], "latency_mean_s", "s1"), l100 = sink_value(runs[0], "latency_mean_s", "s100");
  CHECK(l100 - l1 == Approx(expected).epsilon(1e-6));
  CHECK(sink_value(runs[0], "frames_lost", "s100") == 0);
}

// Equal values, NaN equal to NaN (a column with no data holds NaN).
static bool same_values(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b)
{
  if (a.size() != b.size())
    return false;
  for (size_t c = 0; c < a.size(); ++c) {
    if (a[c].size() != b[c].size())
      return false;
    for (size_t r = 0; r < a[c].size(); ++r)
      if (!(a[c][r] == b[c][r] || (std::isnan(a[c][r]) && std::isnan(b[c][r]))))
        return false;
  }
  return true;
}

TEST_CASE("results do not depend on the number of parallel jobs", "[integration]")
{
  Scenario s = make(single_sink_at(40) + "replications: 4\n");
  const auto one = run_replications(s, 1), two = run_replications(s, 2);
  REQUIRE(one.size() == 4);
  for (size_t k = 0; k < 4; ++k) {
    CHECK(one[k].replication == static_cast<int>(k));
    CHECK(same_values(one[k].sinks.values, two[k].sinks.values));
    CHECK(same_values(one[k].links.values, two[k].links.values));
  }
  CHECK_FALSE(same_values(one[0].links.values, one[1].links.values));  // replications differ
}

TEST_CASE("a saturated link delivers at its ARQ capacity and the full queue drops the excess", "[integration]")
{
  // DH3 carries one 119 B SBC frame (2.9 ms of audio) per 4-slot exchange (2.5 ms): 86 % load without errors.
  // At 40 m (n = 3, Rayleigh) the PER is ~0.26, so the link can deliver (20 s / 2.5 ms) (1 - PER) packets,
  // fewer than the 20 s / 2.902 ms offered: the queue stays full and the difference is dropped; by Little's law
  // a packet then waits about tx_queue_limit service times, exch / (1 - PER) each.
  auto yaml = [](double d) {
    return "duration: 20 s\nseed: 3\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n"
           "  fading: { model: rayleigh }\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
           "  spk: { role: speaker, position: [" + std::to_string(d) + ", 0] }\n"
           "topology: { kind: single, sinks: [spk] }\naudio: { packet_type: DH3, playout_delay: 150 ms }\n";
  };
  const auto near = run_replications(make(yaml(2)), 1);
  CHECK(near[0].links.at("queue_drops", 0) == 0);
  const Scenario s  = make(yaml(40));
  const auto far    = run_replications(s, 1);
  const double per  = far[0].links.at("per", 0);
  const double exch = acl_exchange_time_s(AclType::dh3);
  const double T    = s.audio.codec.frame_duration_s;
  REQUIRE(per > 0.2);
  const double offered = std::floor(20.0 / T), capacity = 20.0 / exch * (1 - per);
  CHECK(far[0].links.at("queue_drops", 0) == Approx(offered - capacity).epsilon(0.05));
  CHECK(far[0].links.at("delivered", 0) == Approx(capacity).epsilon(0.02));
  CHECK(sink_value(far[0], "latency_mean_s", "spk") == Approx(s.audio.tx_queue_limit * exch / (1 - per)).epsilon(0.1));
}

// ---- Guards of the half-duplex radio (issue 11) ----

TEST_CASE("a relay's one radio carries both hops in turn: a DH3 relay past its air-time limit", "[integration]")
{
  // DH3: one 119 B SBC frame (2.902 ms of audio) per 4-slot exchange (2.5 ms). Each hop alone would run at
  // 86 % load, but `a` receives every packet and re-transmits it on the same half-duplex radio: per packet
  // one exchange as slave of the phone, one as master towards b, and the two waits between the phone's slot-pair
  // grid and a's (w from the end of hop 1 to a's grid, 1.25 ms - w back to the phone's). One packet per cycle of
  // 2 exch + 1.25 ms = 6.25 ms gets through; the rest is dropped by the full queue of the first hop. With a
  // second radio in `a` both hops would run in parallel and carry all 2.902 ms packets without a drop.
  const std::string y = "duration: 20 s\nseed: 4\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n"
                        "devices:\n  phone: { role: source, position: [0, 0] }\n"
                        "  a: { role: speaker, position: [2, 0] }\n  b: { role: speaker, position: [4, 0] }\n"
                        "topology: { kind: relay, chain: [phone, a, b] }\n"
                        "audio: { packet_type: DH3, playout_delay: 150 ms }\n";
  const Scenario s  = make(y);
  const auto runs   = run_replications(s, 1);
  const auto& r     = runs[0];
  const double exch = acl_exchange_time_s(AclType::dh3);
  const double w = grid_wait(s, "phone", "a"), back = grid_wait(s, "a", "phone");
  REQUIRE(w > 0);
  CHECK(w + back == Approx(2 * kSlot_s).epsilon(1e-9));
  const double cycle   = 2 * exch + w + back;  // 6.25 ms
  const double offered = std::floor(20.0 / s.audio.codec.frame_duration_s);
  const double hop1    = link_value(r, "delivered", "phone->a"), hop2 = link_value(r, "delivered", "a->b");
  CHECK(link_value(r, "retransmissions", "phone->a") == 0);  // 2 m: no errors, so only the radio limits
  // Packets delivered: one per cycle from t = 0 to the end, plus the tx_queue_limit still queued when the source
  // stops (they are carried before the run ends 150 ms later: 20 x 6.25 ms = 125 ms).
  CHECK(hop1 == Approx(20.0 / cycle + s.audio.tx_queue_limit).margin(3));
  CHECK(hop2 == hop1);  // every packet a receives it forwards
  CHECK(link_value(r, "queue_drops", "phone->a") == offered - hop1);
  CHECK(link_value(r, "queue_drops", "a->b") == 0);
  CHECK(sink_value(r, "frames_received", "b") == hop2);  // one frame per DH3 packet
  // a's radio is busy 2 exchanges per cycle; the phone's and b's one.
  double util_a = 0;
  for (size_t i = 0; i < r.devices.row_names.size(); ++i)
    if (r.devices.row_names[i] == "a")
      util_a = r.devices.at("airtime_s", i);
  CHECK(util_a == Approx(2 * exch * hop1).epsilon(1e-9));
}

// ---- The audio pipeline (issue 12) ----

TEST_CASE("end-to-end latency of a ttp sink: the playout delay, the codec's algorithmic delay and the output delay",
          "[integration][pipeline]")
{
  // TTP: frame k sounds at capture(k) + 150 ms (perfect clocks) + the sink's +/-10 us receive-window offset,
  // then 79 samples of SBC filter banks (1.791 ms) and 12 ms of DSP/DAC: 163.791 ms +/- 10 us, for every frame.
  const std::string y = "duration: 20 s\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
                        "  spk: { role: speaker, position: [2, 0], output_delay: 12 ms }\n"
                        "topology: { kind: single, sinks: [spk] }\naudio: { sync: ttp, playout_delay: 150 ms }\n";
  const auto runs  = run_replications(make(y), 1);
  const double e2e = 0.150 + 79.0 / 44100 + 0.012;
  CHECK(sink_value(runs[0], "e2e_latency_mean_s", "spk") == Approx(e2e).margin(10e-6));
  CHECK(sink_value(runs[0], "e2e_latency_max_s", "spk") - sink_value(runs[0], "e2e_latency_min_s", "spk") ==
        Approx(0).margin(1e-9));
  // The transport latency is below it by the jitter buffer's slack; frames are on time.
  CHECK(sink_value(runs[0], "latency_max_s", "spk") < 0.150);
  CHECK(sink_value(runs[0], "dropouts", "spk") == 0);
}

TEST_CASE("a relay's forwarding buffer is part of the far speaker's pipeline", "[integration][pipeline]")
{
  // a holds every packet 50 ms before re-transmitting it to b. Each hop-2 exchange is reserved before any later
  // packet's hop 1, so nothing newer delays it: b hears each packet one exchange, the wait from the phone's grid
  // to a's (w: 50 ms is 40 grid periods, so the hold keeps it) and the 50 ms hold after a:
  //   latency(b) - latency(a) = exch + w + 50 ms, per packet and so on average.
  // Free-running sinks start playing at their first arrival + the playout delay, so the same difference holds
  // end to end. (a's own latency does change: its radio now receives while hop-2 exchanges of older packets
  // fall in between -- the half-duplex radio at work.)
  const std::string y = std::string("duration: 20 s\n") + kRoom +
                        "topology: { kind: relay, chain: [phone, a, b] }\naudio: { sync: free_running }\n";
  std::string held = y;
  const std::string a_line = "a: { role: speaker, position: [2, 0], clock_drift: 0 ppm }";
  held.replace(held.find(a_line), a_line.size(), "a: { role: speaker, position: [2, 0], clock_drift: 0 ppm, forward_delay: 50 ms }");
  const Scenario s  = make(held);
  const auto runs   = run_replications(s, 1);
  const double exch = acl_exchange_time_s(AclType::edr2_dh5);
  const double want = exch + grid_wait(s, "phone", "a") + 0.050;
  CHECK(sink_value(runs[0], "latency_mean_s", "b") - sink_value(runs[0], "latency_mean_s", "a") ==
        Approx(want).margin(1e-9));
  CHECK(sink_value(runs[0], "e2e_latency_mean_s", "b") - sink_value(runs[0], "e2e_latency_mean_s", "a") ==
        Approx(want).margin(1e-9));
  // Without the hold the far speaker is one exchange and one grid wait behind.
  const auto plain = run_replications(make(y), 1);
  CHECK(sink_value(plain[0], "e2e_latency_mean_s", "b") - sink_value(plain[0], "e2e_latency_mean_s", "a") ==
        Approx(want - 0.050).margin(1e-9));
  // Against dual stream (free-running too): the phone sends packet 0 to a, then at once (its exchange is 3 grid
  // periods) to b, so dual b's first frame comes two exchanges after the phone's grid point; relay b's comes after
  // the same two exchanges plus a's grid wait and its hold. Free-running sinks sound their first frame the
  // playout delay after it arrives, so relay b is later end to end by its forwarding pipeline: w + 50 ms.
  std::string dual = y;
  dual.replace(dual.find("topology: { kind: relay, chain: [phone, a, b] }"),
               std::string("topology: { kind: relay, chain: [phone, a, b] }").size(),
               "topology: { kind: dual_stream, sinks: [a, b] }");
  const auto d = run_replications(make(dual), 1);
  CHECK(sink_value(runs[0], "e2e_latency_mean_s", "b") - sink_value(d[0], "e2e_latency_mean_s", "b") ==
        Approx(grid_wait(s, "phone", "a") + 0.050).margin(1e-9));
}

TEST_CASE("an adaptive jitter buffer trades dropouts for latency near the edge of range", "[integration][pipeline]")
{
  // The 61.5 m link of "dropouts rise with distance" with a 40 ms buffer loses frames to late retransmissions.
  // An adaptive buffer adds 20 ms at each underrun, up to 100 ms: it must lose fewer frames, and its end-to-end
  // latency grows by exactly the steps it took (perfect clocks: the latency is otherwise the same for every
  // frame), 20 ms x min(dropouts, 5).
  const std::string fixed = single_sink_at(61.5);
  std::string adaptive    = fixed;
  adaptive.replace(adaptive.find("playout_delay: 40 ms }"), std::string("playout_delay: 40 ms }").size(),
                   "playout_delay: 40 ms, jitter_buffer: adaptive, jitter_buffer_step: 20 ms, jitter_buffer_max: 100 ms }");
  const auto f = run_replications(make(fixed), 1), a = run_replications(make(adaptive), 1);
  const double lost_f = sink_value(f[0], "frames_lost", "spk"), lost_a = sink_value(a[0], "frames_lost", "spk");
  INFO("lost: fixed " << lost_f << ", adaptive " << lost_a);
  REQUIRE(lost_f > 0);
  CHECK(lost_a < lost_f);
  const double steps = std::min(sink_value(a[0], "dropouts", "spk"), 5.0);
  CHECK(sink_value(a[0], "e2e_latency_max_s", "spk") - sink_value(a[0], "e2e_latency_min_s", "spk") ==
        Approx(0.020 * steps).margin(1e-9));
  CHECK(sink_value(f[0], "e2e_latency_max_s", "spk") == Approx(sink_value(f[0], "e2e_latency_min_s", "spk")).margin(1e-9));
}
