#include "models/audio/codec.hpp"
#include "models/baseband/airtime_budget.hpp"
#include "models/radio/link_criterion.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

namespace {
// Q^-1 by bisection on erfc (written here, apart from the model's BER code).
double q_inverse(double p)
{
  double lo = 0, hi = 40;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (0.5 * std::erfc(mid / std::sqrt(2.0)) > p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}
}  // namespace

TEST_CASE("packet sensitivity of 2-DH5 for 1 dropout per minute, worked by hand", "[criterion]")
{
  // SBC 328 kb/s at 44.1 kHz: 119-byte frames of 128 samples (2.902 ms); 2-DH5 (679 B) carries 5 of them + 17 B of L2CAP, RTP and media headers:
  // 612 B every 14.51 ms, 68.906 packets/s. One dropout per minute tolerates p* = 1 / (60 x 68.906) = 2.419e-4.
  const Codec c  = make_sbc_for_bitrate(328e3);
  const int fpp  = frames_per_packet(c, 679);
  REQUIRE(c.frame_bytes == 119);
  REQUIRE(fpp == 5);
  const double pps = 44100.0 / (5 * 128);
  const double p   = target_packet_loss(1.0, pps);
  CHECK(p == Approx(1.0 / (60 * 68.90625)).epsilon(1e-12));
  // The payload (2 B header + 612 B + 2 B CRC = 4,928 bits) must all be right: bit error rate
  // 1 - (1 - p*)^(1/4928) = 4.91e-8. pi/4-DQPSK: BER = Q(sqrt(1.1716 Eb/N0)), so Eb/N0 scales as Q^-1(BER)^2; the
  // receiver reaches its 1e-4 reference BER at its -90 dBm sensitivity, hence the packet term
  // 20 log10(Q^-1(4.91e-8) / Q^-1(1e-4)) = 20 log10(5.332 / 3.719) = 3.13 dB (the header, in GFSK, adds < 1e-8).
  const int bytes    = c.media_overhead_bytes + fpp * c.frame_bytes;
  REQUIRE(bytes == 612);
  const double ber   = 1 - std::pow(1 - p, 1.0 / 4928);
  const double term  = 20 * std::log10(q_inverse(ber) / q_inverse(1e-4));
  CHECK(term == Approx(3.13).margin(0.01));
  const Receiver rx  = Receiver::typical(Phy::edr2m);
  const Receiver hdr = Receiver::typical(Phy::br);
  REQUIRE(rx.sensitivity_dbm == -90.0);
  const double s = acl_packet_sensitivity_dbm(AclType::edr2_dh5, bytes, rx, hdr, p);
  CHECK(s - rx.sensitivity_dbm == Approx(term).margin(0.005));
  CHECK(acl_per(AclType::edr2_dh5, bytes, hdr.ber(s), rx.ber(s)) == Approx(p).epsilon(1e-6));
  // A larger loss tolerated, or a smaller packet, needs less power.
  CHECK(acl_packet_sensitivity_dbm(AclType::edr2_dh5, bytes, rx, hdr, 10 * p) < s);
  CHECK(acl_packet_sensitivity_dbm(AclType::edr2_dh5, 100, rx, hdr, p) < s);
  // LE: one 120-byte LC3 PDU per 10 ms (100/s); 1 per minute: p* = 1.667e-4 over 8 x (2 + 120 + 3) = 1,000 bits.
  const Receiver le = Receiver::typical(Phy::le2m);
  const double ps   = target_packet_loss(1.0, 100.0);
  const double sl   = le_packet_sensitivity_dbm(120, le, ps);
  CHECK(le_per(120, le.ber(sl)) == Approx(ps).epsilon(1e-6));
}

TEST_CASE("link budget terms sum to the maximum path loss", "[criterion]")
{
  LinkBudgetInputs in;
  in.tx_power_dbm = 4; in.tx_antenna_gain_db = -2; in.tx_loss_db = 3;  // a phone: -2 dBi antenna, 3 dB hand
  in.rx_antenna_gain_db = 1; in.rx_loss_db = 0.5;
  in.sensitivity_dbm = -90; in.packet_sensitivity_dbm = -86.87;
  in.implementation_margin_db = 2; in.fade_margin_db = 10;
  const LinkBudgetTable t = link_budget_table(in);
  // 4 - 2 - 3 + 1 - 0.5 + 90 - 3.13 - 2 - 10 = 74.37 dB
  CHECK(t.max_path_loss_db == Approx(74.37).margin(1e-9));
  double sum = 0;
  for (const auto& term : t.terms)
    sum += term.value;
  CHECK(sum == t.max_path_loss_db);  // exactly: the same additions in the same order
  CHECK(t.required_rx_dbm == Approx(-86.87 + 2 + 10).margin(1e-12));
  // The transmitter's EIRP and receiver's net gain minus the required power is the same total.
  CHECK(4 - 2 - 3 + 1 - 0.5 - t.required_rx_dbm == Approx(t.max_path_loss_db).margin(1e-9));
  // The textbook budget (datasheet sensitivity, no packet term or margins): class 2, -90 dBm, 0 dBi -> 94 dB.
  CHECK(t.max_path_loss_at_sensitivity_db == Approx(4 - 2 - 3 + 1 - 0.5 + 90).margin(1e-12));
}

TEST_CASE("air time of a relay's radio, worked by hand", "[airtime]")
{
  // SBC 328 kb/s: 2-DH3 (367 B) carries 2 frames (2 x 119 + 17 = 255 B) every 5.805 ms: 172.27 packets/s, each a
  // 3 + 1 slot exchange of 2.5 ms. Relay phone -> left -> right: left's radio has both links (2 x 43.07 %) and
  // changes piconet twice per packet, one 1.25 ms slot pair (21.5 %): 107.7 %, over budget. The phone and right
  // have one link each: 43.1 %.
  const double pps = 44100.0 / (2 * 128);
  const double ex  = acl_exchange_time_s(AclType::edr2_dh3);
  REQUIRE(ex == Approx(2.5e-3));
  auto need = radio_airtime_need(3, {{0, 1, 0, pps, 1, ex}, {1, 2, 1, pps, 1, ex}});
  CHECK(need[0].total() == Approx(pps * 2.5e-3));
  CHECK(need[1].exchanges == Approx(2 * pps * 2.5e-3));
  CHECK(need[1].alignment == Approx(pps * 1.25e-3));
  CHECK(need[1].total() == Approx(1.0766).margin(1e-4));
  CHECK(need[2].total() == Approx(0.4307).margin(1e-4));
  // 2-DH5: 5 frames per packet, 68.9 packets/s, 6-slot exchanges of 3.75 ms: 2 x 25.8 % + 8.6 % = 60.3 %.
  const double p5 = 44100.0 / (5 * 128);
  need = radio_airtime_need(3, {{0, 1, 0, p5, 1, 3.75e-3}, {1, 2, 1, p5, 1, 3.75e-3}});
  CHECK(need[1].total() == Approx(0.6029).margin(1e-4));
  // 3-DH5 (1021 B): 8 frames, 43.07 packets/s: 2 x 16.15 % + 5.4 % = 37.7 %.
  const double p8 = 44100.0 / (8 * 128);
  need = radio_airtime_need(3, {{0, 1, 0, p8, 1, 3.75e-3}, {1, 2, 1, p8, 1, 3.75e-3}});
  CHECK(need[1].total() == Approx(0.3769).margin(1e-4));
  // Dual stream with 2-DH3: the phone is master of both links on its own grid: 2 x 43.07 % = 86.1 %, no wait.
  need = radio_airtime_need(3, {{0, 1, 0, pps, 1, ex}, {0, 2, 0, pps, 1, ex}});
  CHECK(need[0].alignment == 0);
  CHECK(need[0].total() == Approx(0.8613).margin(1e-4));
  // Retransmissions scale the exchanges: 1.25 attempts per packet on one link.
  need = radio_airtime_need(2, {{0, 1, 0, pps, 1.25, ex}});
  CHECK(need[0].total() == Approx(1.25 * pps * 2.5e-3));
}
