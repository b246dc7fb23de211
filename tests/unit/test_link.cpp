#include "models/radio/link.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace btlinksim;

static double db(double x) { return 10 * std::log10(x); }

TEST_CASE("BER formulas reach 1e-3 and 1e-4 at the reference's Eb/N0", "[link][ber]")
{
  // docs/references.md [noise-ber] table: 2-FSK 10.9 / 12.3 dB; pi/4-DQPSK 9.1 / 10.7 dB; 8DPSK 12.9 / 14.6 dB.
  CHECK(phy_snr_for_ber_db(Phy::br, 1e-3) == Approx(10.9).margin(0.05));   // Eb/N0 = SNR for BR
  CHECK(phy_snr_for_ber_db(Phy::br, 1e-4) == Approx(12.3).margin(0.05));
  CHECK(phy_snr_for_ber_db(Phy::edr2m, 1e-3) - db(2) == Approx(9.1).margin(0.05));  // Eb/N0 = SNR - 3 dB
  CHECK(phy_snr_for_ber_db(Phy::edr2m, 1e-4) - db(2) == Approx(10.7).margin(0.05));
  CHECK(phy_snr_for_ber_db(Phy::edr3m, 1e-3) - db(3) == Approx(12.9).margin(0.05));
  CHECK(phy_snr_for_ber_db(Phy::edr3m, 1e-4) - db(3) == Approx(14.6).margin(0.05));
  // Closed form for 2-FSK: Eb/N0 = 2 ln(1 / (2 BER)).
  CHECK(ber_gfsk(2 * std::log(500.0)) == Approx(1e-3));
}

TEST_CASE("a receiver is calibrated to its sensitivity", "[link][ber]")
{
  for (Phy p : all_phys()) {
    const Receiver r = Receiver::typical(p);
    CHECK(r.ber(r.sensitivity_dbm) == Approx(phy_info(p).reference_ber).epsilon(1e-6));
    CHECK(r.ber(r.sensitivity_dbm + 3) < phy_info(p).reference_ber);
    CHECK(r.ber(r.sensitivity_dbm - 3) > phy_info(p).reference_ber);
  }
  // BR at -90 dBm with NF 7: SNR at sensitivity 17 dB, theory needs 10.94 dB -> 6.06 dB implementation loss.
  CHECK(Receiver::typical(Phy::br).implementation_loss_db() == Approx(17.0 - 10.94).margin(0.01));
  for (double p : {-95.0, -88.0, -80.0})
    CHECK(CalibratedReceiver(Receiver::typical(Phy::edr3m)).ber(p) == Approx(Receiver::typical(Phy::edr3m).ber(p)));
  // Interference adds to the noise: equal-power interference costs 3 dB of SNR.
  const Receiver br = Receiver::typical(Phy::br);
  CHECK(br.snr_db(-80, br.noise_floor_dbm()) == Approx(br.snr_db(-80) - 3.0103).margin(1e-3));
}

TEST_CASE("ACL air times match the reference table", "[link][packets]")
{
  // docs/references.md [bt-packets] (max air time, D): DH1 366, DH3 1622, DH5 2870, 2-DH1 376, 2-DH3 1628,
  // 2-DH5 2876, 3-DH1 376, 3-DH3 1627, 3-DH5 2877 us.
  auto us = [](AclType t) { return acl_air_time_s(t, acl_info(t).max_payload_bytes) * 1e6; };
  CHECK(us(AclType::dh1) == Approx(366));
  CHECK(us(AclType::dh3) == Approx(1622));
  CHECK(us(AclType::dh5) == Approx(2870));
  CHECK(us(AclType::edr2_dh1) == Approx(376));
  CHECK(us(AclType::edr2_dh3) == Approx(1628));
  CHECK(us(AclType::edr2_dh5) == Approx(2876));
  CHECK(us(AclType::edr3_dh1) == Approx(376).margin(0.5));
  CHECK(us(AclType::edr3_dh3) == Approx(1627).margin(0.5));
  CHECK(us(AclType::edr3_dh5) == Approx(2877).margin(0.5));
  // DM1: 20 B = 160 bits -> 16 blocks of (15,10) = 240 coded bits + 126 = 366 us.
  CHECK(us(AclType::dm1) == Approx(366));
  for (const auto& t : acl_types())
    CHECK(us(t.type) <= t.slots * 625.0);  // every packet fits its slots
  CHECK(acl_exchange_time_s(AclType::edr2_dh5) == Approx(6 * 625e-6));
}

TEST_CASE("PER from BER matches the reference table", "[link][packets]")
{
  // docs/references.md [per] (payload only): protected bits DH1 240, DH3 1496, DH5 2744, 2-DH3 2968,
  // 2-DH5 5464, 3-DH5 8200; PER DH1 0.21 @1e-3, DH5 0.24 @1e-4, 2-DH5 0.42 @1e-4, 3-DH5 0.079 @1e-5.
  CHECK(acl_protected_bits(AclType::dh1, 27) == 240);
  CHECK(acl_protected_bits(AclType::dh3, 183) == 1496);
  CHECK(acl_protected_bits(AclType::dh5, 339) == 2744);
  CHECK(acl_protected_bits(AclType::edr2_dh3, 367) == 2968);
  CHECK(acl_protected_bits(AclType::edr2_dh5, 679) == 5464);
  CHECK(acl_protected_bits(AclType::edr3_dh5, 1021) == 8200);
  CHECK(acl_per(AclType::dh1, 27, 0, 1e-3) == Approx(0.21).margin(0.005));
  CHECK(acl_per(AclType::dh1, 27, 0, 1e-4) == Approx(0.024).margin(0.0005));
  CHECK(acl_per(AclType::dh5, 339, 0, 1e-4) == Approx(0.24).margin(0.005));
  CHECK(acl_per(AclType::edr2_dh5, 679, 0, 1e-4) == Approx(0.42).margin(0.005));
  CHECK(acl_per(AclType::edr3_dh5, 1021, 0, 1e-5) == Approx(0.079).margin(0.0005));
  // Header: 18 bits, each a majority of 3: 1 - (1 - 3p^2 + 2p^3)^18 at p = 1e-2 is 0.0053504.
  CHECK(acl_per(AclType::dh1, 27, 1e-2, 0) == Approx(0.0053504).epsilon(1e-4));
  // DM1 FEC: 16 blocks that each survive one error: 1 - ((1-p)^15 + 15p(1-p)^14)^16 = 0.0016642 at 1e-3,
  // two orders of magnitude better than uncoded DH1.
  CHECK(acl_per(AclType::dm1, 17, 0, 1e-3) == Approx(0.0016642).epsilon(1e-4));
}

TEST_CASE("LE packet air times match the specification's known maxima", "[link][le]")
{
  // 251 B payload + 4 B MIC = 255 B PDU payload: LE 1M 2120 us, LE 2M 1064 us, coded S=2 4542 us, S=8 17040 us.
  CHECK(le_air_time_s(Phy::le1m, 255) * 1e6 == Approx(2120));
  CHECK(le_air_time_s(Phy::le2m, 255) * 1e6 == Approx(1064));
  CHECK(le_air_time_s(Phy::le_coded_s2, 255) * 1e6 == Approx(4542));
  CHECK(le_air_time_s(Phy::le_coded_s8, 255) * 1e6 == Approx(17040));
  // 27 B payload + 2 B header + 3 B CRC = 32 B = 256 bits at BER 1e-3: 1 - 0.999^256 = 0.225957.
  CHECK(le_per(27, 1e-3) == Approx(0.2259572).epsilon(1e-6));
}

TEST_CASE("ACL type names parse in the usual spellings", "[link]")
{
  CHECK(acl_type_from_string("2-DH5") == AclType::edr2_dh5);
  CHECK(acl_type_from_string("3dh3") == AclType::edr3_dh3);
  CHECK(acl_type_from_string("DM1") == AclType::dm1);
  CHECK_FALSE(acl_type_from_string("4-DH5").has_value());
}

TEST_CASE("linear-SNR BER path agrees with the dB path under a fading gain", "[link]")
{
  const CalibratedReceiver rx(Receiver::typical(Phy::edr2m));
  for (double p_dbm : {-95.0, -90.0, -85.0})
    for (double g : {0.05, 0.5, 1.0, 3.0}) {
      const double via_db = rx.ber(p_dbm + 10 * std::log10(g));
      CHECK(rx.ber_at_snr(rx.snr_linear(p_dbm) * g) == Approx(via_db).epsilon(1e-12));
    }
  // Against a hand value, not only each other: pi/4-DQPSK's BER is Q(sqrt(1.1716 Eb/N0)) and the receiver is
  // calibrated to the reference BER 1e-4 at its sensitivity, so under a power gain g the BER there is
  // Q(sqrt(g) Q^-1(1e-4)), with Q^-1(1e-4) = 3.719016485 (Q(x) = erfc(x / sqrt 2) / 2).
  const double sens = Receiver::typical(Phy::edr2m).sensitivity_dbm;
  for (double g : {0.5, 1.0, 3.0}) {
    const double hand = 0.5 * std::erfc(std::sqrt(g) * 3.719016485455709 / std::sqrt(2.0));
    CHECK(rx.ber_at_snr(rx.snr_linear(sens) * g) == Approx(hand).epsilon(1e-6));
    CHECK(rx.ber(sens + 10 * std::log10(g)) == Approx(hand).epsilon(1e-6));
  }
}

TEST_CASE("negligible-BER SNR: the BER is at most 1e-30 from there, and every packet's PER is then exactly 0", "[link]")
{
  for (Phy phy : {Phy::br, Phy::edr2m, Phy::edr3m, Phy::le1m, Phy::le2m, Phy::le_coded_s8}) {
    const CalibratedReceiver rx(Receiver::typical(phy));
    const double s = rx.negligible_ber_snr;
    INFO("phy " << static_cast<int>(phy) << ": negligible from " << 10 * std::log10(s) << " dB");
    REQUIRE(std::isfinite(s));
    for (double f : {1.0, 1.001, 1.5, 10.0, 1e6})
      CHECK(rx.ber_at_snr(s * f) <= CalibratedReceiver::kNegligibleBer);
    CHECK(rx.ber_at_snr(s * std::pow(10.0, -0.3)) > CalibratedReceiver::kNegligibleBer);  // tight within 0.3 dB
  }
  for (const auto& t : acl_types())
    CHECK(acl_per(t.type, t.max_payload_bytes, 1e-30, 1e-30) == 0.0);
  CHECK(le_per(251, 1e-30) == 0.0);
}
