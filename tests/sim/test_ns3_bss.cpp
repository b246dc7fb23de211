// Packet-level 802.11 through ns-3 (sim/engine/ns3_bss.hpp), validated against Bianchi's saturation throughput
// (models/wifi/bianchi.hpp): ns-3's published values for 802.11g, and the model worked for the 802.11n set-up
// the multi-room scenarios use. ns-3's simulator is destroyed after each BSS, so several run in one process.
#include "sim/engine/ns3_bss.hpp"

#include "models/wifi/bianchi.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

using namespace btlinksim;

namespace {
constexpr double kSeconds = 3;  // of saturation after the warm-up: ~9,000 frames at n = 5

// Background stations only (the source station associates and sends nothing): their throughput at the AP.
double saturation_mbps(BssSpec::Phy phy, const char* mode, int n)
{
  BssSpec s;
  s.phy             = phy;
  s.background      = n;
  s.background_mode = mode;
  s.station_mode    = mode;
  s.stations        = {{"source", 50}};
  s.duration_s      = kSeconds;
  const auto r      = simulate_bss(s);
  CHECK(r.unassociated.empty());
  CHECK(r.retries > 0);  // collisions happen
  return std::accumulate(r.background_rx_bytes.begin(), r.background_rx_bytes.end(), 0.0) * 8 / kSeconds / 1e6;
}
}  // namespace

TEST_CASE("ns-3 802.11g saturation throughput within 3 % of ns-3's published Bianchi values", "[ns3][wifi]")
{
  // src/wifi/examples/wifi-bianchi.cc, bianchiResultsEifs["ErpOfdmRate54Mbps"] (1,500-byte payloads).
  for (const auto& [n, published] : {std::pair{5, 29.2861}, std::pair{20, 25.3325}}) {
    const double mbps = saturation_mbps(BssSpec::Phy::erp_ofdm, "ErpOfdmRate54Mbps", n);
    INFO("n = " << n << ": " << mbps << " Mb/s, published " << published);
    CHECK(std::abs(mbps / published - 1) < 0.03);
  }
}

TEST_CASE("ns-3 802.11n (HT MCS 7, 2.4 GHz) saturation throughput within 3 % of Bianchi's", "[ns3][wifi]")
{
  // QoS data: 26 + 4 FCS + 8 LLC/SNAP + 1500 = 1538 octets at 260 bits per symbol after a 36 us HT-mixed
  // preamble (234 us); the ACK at 24 Mb/s ERP-OFDM, the fastest mandatory rate not above MCS 7's non-HT
  // reference 54 Mb/s (34 us); AC_BE: AIFS = SIFS + 3 slots = 37 us, CW 15..1023; EIFS after a collision.
  const double data = ofdm_ppdu_s(1538, 260, 36e-6, 6e-6);
  const double ack  = ofdm_ppdu_s(14, 96, 20e-6, 6e-6);
  const double aifs = 10e-6 + 3 * 9e-6;
  for (int n : {5, 20}) {
    BianchiParams b;
    b.stations          = n;
    b.success_s         = data + 10e-6 + ack + aifs;
    b.collision_s       = data + 10e-6 + ack + aifs;
    const double model  = bianchi_saturation(b).throughput_bps / 1e6;
    const double mbps   = saturation_mbps(BssSpec::Phy::ht_2_4ghz, "HtMcs7", n);
    INFO("n = " << n << ": " << mbps << " Mb/s, Bianchi " << model);
    CHECK(std::abs(mbps / model - 1) < 0.03);
  }
}

TEST_CASE("ns-3 BSS: every message reaches every speaker on an idle network, two hops after it is sent", "[ns3][wifi]")
{
  BssSpec s;
  s.stations     = {{"source", 50}, {"left", 60}, {"right", 70}};
  s.speakers     = {1, 2};
  s.duration_s   = 1;
  s.message_bytes = 873;
  for (int m = 0; m < 40; ++m)
    s.send_times_s.push_back(0.02 * m);
  const auto r = simulate_bss(s);
  REQUIRE(r.delivered_s.size() == 2);
  // Two MPDUs on the air, each at the fastest MCS at least (65 Mb/s: 873 + 38 octets in 14 symbols after the
  // 36 us preamble, ~98 us with its ACK and SIFS), at most a few backoffs more: within 0.1 .. 5 ms.
  for (size_t k = 0; k < 2; ++k)
    for (size_t m = 0; m < s.send_times_s.size(); ++m) {
      INFO("speaker " << k << ", message " << m);
      const double d = r.delivered_s[k][m] - s.send_times_s[m];
      CHECK(d > 1e-4);
      CHECK(d < 5e-3);
    }
}

TEST_CASE("ns-3 BSS: the same spec gives the same deliveries, another seed other ones", "[ns3][wifi]")
{
  BssSpec s;
  s.stations      = {{"source", 50}, {"left", 60}};
  s.speakers      = {1};
  s.background    = 5;
  s.duration_s    = 1;
  s.message_bytes = 873;
  for (int m = 0; m < 50; ++m)
    s.send_times_s.push_back(0.02 * m);
  const auto a = simulate_bss(s);
  const auto b = simulate_bss(s);
  CHECK(a.delivered_s == b.delivered_s);
  CHECK(a.background_rx_bytes == b.background_rx_bytes);
  s.ns3_run = 2;
  const auto c = simulate_bss(s);
  CHECK(c.delivered_s != a.delivered_s);
}


TEST_CASE("ns-3 BSS: a station out of the access point's reach never associates, and nothing is sent", "[ns3][wifi]")
{
  BssSpec s;
  s.stations          = {{"source", 50}, {"far", 130}};  // 20 dBm - 130 dB = -110 dBm: below ns-3's noise floor
  s.speakers          = {1};
  s.max_association_s = 2;
  s.duration_s        = 1;
  s.message_bytes     = 873;
  s.send_times_s      = {0.0, 0.5};
  const auto r = simulate_bss(s);
  REQUIRE(r.unassociated == std::vector<std::string>{"far"});
  CHECK(std::isnan(r.delivered_s[0][0]));
  CHECK(std::isnan(r.delivered_s[0][1]));
}
