// Integration tests of link formation and the channel's dynamics: scenarios run through SimGrid (one forked child
// per replication, as in test_integration.cpp).
#include "tests/sim/integration_helpers.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace btlinksim;
using namespace btlinksim::testing;

TEST_CASE("simultaneous power-on links slower or fails more often than a staggered start", "[integration][formation]")
{
  // Two PartyBoost speakers in link mode alternate 2.56 s of inquiry and 2.56 s of scanning (+ up to 1 s jitter).
  // Powered on together they inquire (and scan) at the same times and cannot hear each other until the jitter
  // pulls them apart; staggered by one phase, one scans while the other inquires from the start.
  auto mean_time = [](double offset_s) {
    const std::string y = "duration: 40 s\nseed: 5\nreplications: 16\npreset: jbl_partyboost\n"
                          "formation: { link_timeout: 40 s }\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
                          "  a: { role: speaker, position: [2, 0] }\n  b: { role: speaker, position: [4, 0], power_on: " +
                          std::to_string(offset_s) + " s }\ntopology: { kind: relay, chain: [phone, a, b] }\n";
    const auto runs = run_replications(make(y), 2);
    double sum = 0;
    for (const auto& r : runs) {
      const double t = r.formation.at("time_to_link_s", 0);  // row 0: a<->b
      sum += std::isnan(t) ? 40.0 : t;                         // a failure counts as the whole timeout
    }
    return sum / runs.size();
  };
  const double together = mean_time(0.0), staggered = mean_time(2.56);
  INFO("mean time to link: together " << together << " s, staggered " << staggered << " s");
  CHECK(together > 1.5 * staggered);
}

// ---- Channel dynamics (issue 5) ----

namespace {

// One speaker 2 m away; at t = 10 s it is carried 500 m away (PER 1: -117 dBm), and back at t = 20 s.
std::string leaves_and_returns(const std::string& connection)
{
  return "duration: 40 s\nseed: 5\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n"
         "devices:\n  phone: { role: source, position: [0, 0] }\n"
         "  spk: { role: speaker, waypoints: [[0, 2, 0], [10, 2, 0], [10.001, 500, 0], [20, 500, 0], [20.001, 2, 0]] }\n"
         "topology: { kind: single, sinks: [spk] }\naudio: { packet_type: 2-DH5, playout_delay: 40 ms }\n"
         "connection: " + connection + "\n";
}
}  // namespace

TEST_CASE("a device out of reach disconnects after the supervision timeout, not before, and reconnects by page",
          "[integration][channel]")
{
  const auto runs = run_replications(make(leaves_and_returns("{ supervision_timeout: 2 s }")), 1);
  const auto& o   = runs[0].outages;
  REQUIRE(o.row_names.size() == 1);
  // The last acknowledged exchange started before the speaker left (10.001 s; the channel is taken at an
  // exchange's start, and it ends one 2-DH5 exchange, 6 slots = 3.75 ms, later) and within a few packets of it.
  const double last_ok = o.at("last_ok_s", 0), down = o.at("down_s", 0), up = o.at("up_s", 0);
  CHECK(last_ok <= 10.001 + 6 * kSlot_s);
  CHECK(last_ok > 10.001 - 0.05);
  CHECK(down - last_ok == Approx(2.0).epsilon(1e-12));  // exactly the timeout after the last answer
  CHECK(down >= 10.001 + 2.0 - 0.05);                   // not before the timeout
  // Pages of 5.12 s from the drop: those starting at down and down + 5.12 fail (500 m away at their start); the
  // first starting after the return (20.001 s) can answer: up within that page plus the 0.3 s A2DP set-up.
  const double first_page_after = down + 5.12 * std::ceil((20.001 - down) / 5.12);
  CHECK(up >= first_page_after);
  CHECK(up <= first_page_after + 5.12 + 0.3);
  CHECK(link_value(runs[0], "disconnects", "phone->spk") == 1);
  CHECK(link_value(runs[0], "outage_s", "phone->spk") == Approx(up - down));
  // The outage counts as dropouts of the sink (it played before and after).
  CHECK(sink_value(runs[0], "dropouts", "spk") >= 1);
  CHECK(sink_value(runs[0], "dropout_duration_s", "spk") >= up - 10.05);
}

TEST_CASE("without a supervision timeout the same walk never disconnects", "[integration][channel]")
{
  const auto runs = run_replications(make(leaves_and_returns("{ supervision_timeout: 0 s }")), 1);
  // A moving device's link reports the distances it went through, not only its start (issue 12): from the
  // waypoints, 2 m at the start and 500 m at the far end.
  CHECK(link_value(runs[0], "distance_m", "phone->spk") == 2.0);
  CHECK(link_value(runs[0], "distance_min_m", "phone->spk") == 2.0);
  CHECK(link_value(runs[0], "distance_max_m", "phone->spk") == 500.0);
  CHECK(runs[0].outages.row_names.empty());
  CHECK(link_value(runs[0], "disconnects", "phone->spk") == 0);
}

TEST_CASE("wall losses add to the link's received power", "[integration][channel]")
{
  const std::string base = "duration: 1 s\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n";
  const std::string rest = "devices:\n  phone: { role: source, position: [0, 0] }\n  spk: { role: speaker, position: [8, 0] }\n"
                           "topology: { kind: single, sinks: [spk] }\n";
  const std::string walls = "  walls:\n    - { from: [3, -5], to: [3, 5], type: light }\n"
                            "    - { from: [6, -5], to: [6, 5], type: heavy }\n    - { from: [9, -5], to: [9, 5], loss: 20 dB }\n";
  const auto open = run_replications(make(base + rest), 1), walled = run_replications(make(base + walls + rest), 1);
  // 3.4 dB (light) + 6.9 dB (heavy); the 20 dB wall at x = 9 lies beyond the speaker.
  CHECK(link_value(open[0], "median_rx_dbm", "phone->spk") - link_value(walled[0], "median_rx_dbm", "phone->spk") ==
        Approx(10.3).epsilon(1e-9));
}

TEST_CASE("AFH lowers PER on a channel set jammed by Wi-Fi", "[integration][channel]")
{
  // C = 4 dBm - 40.2 dB (1 m) = -36.2 dBm. Wi-Fi 20 dBm at 1 m from the speaker: -20.2 dBm, -33.6 dBm per MHz:
  // C/I = -2.6 dB fails the co-channel (11 dB) and adjacent (0 dB) rules on the 21 channels inside its 22 MHz and
  // the two at its edges, and passes the -30 dB rule beyond: 23 of 79 channels are jammed when it transmits.
  auto scen = [](const char* afh) {
    return "duration: 20 s\nseed: 2\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n"
           "  interference:\n    - { kind: wifi, position: [1, 1], channel: 6, power: 20 dBm, duty: 100% }\n"
           "devices:\n  phone: { role: source, position: [0, 0] }\n  spk: { role: speaker, position: [1, 0] }\n"
           "topology: { kind: single, sinks: [spk] }\nconnection: { afh: " + std::string(afh) + " }\n";
  };
  const auto off = run_replications(make(scen("false")), 1), on = run_replications(make(scen("true")), 1);
  const double per_off = link_value(off[0], "per", "phone->spk"), per_on = link_value(on[0], "per", "phone->spk");
  CHECK(per_off == Approx(23.0 / 79).margin(0.02));
  // With AFH a jammed channel goes at the first window end after its second failure (+60 ms); at ~80 attempts/s
  // each channel is tried about once a second, so the jammed share is gone after ~2-3 s of the 20 s.
  CHECK(per_on < 0.1);
  CHECK(per_on < per_off / 3);
}
