#include "models/radio/link.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>
#include <limits>
#include <stdexcept>

namespace btlinksim {

double q_function(double x) { return 0.5 * std::erfc(x / M_SQRT2); }

double ber_gfsk(double eb_n0) { return 0.5 * std::exp(-eb_n0 / 2.0); }

double ber_pi4_dqpsk(double eb_n0) { return q_function(std::sqrt(1.1716 * std::max(eb_n0, 0.0))); }

double ber_8dpsk(double es_n0)
{
  const double ps = 2.0 * q_function(std::sqrt(2.0 * std::max(es_n0, 0.0)) * std::sin(M_PI / (8.0 * M_SQRT2)));
  return std::min(ps / 3.0, 0.5);
}

double phy_ber_from_snr_db(Phy phy, double snr_db) { return phy_ber_from_snr(phy, std::pow(10.0, snr_db / 10.0)); }

double phy_ber_from_snr(Phy phy, double snr)
{
  const PhyInfo& info = phy_info(phy);
  // Energy per symbol over N0: SNR * B / R_symbol; per bit: divide by bits per symbol.
  const double es_n0 = snr * info.noise_bandwidth_hz / info.symbol_rate_sps;
  const double eb_n0 = es_n0 / info.bits_per_symbol;
  double ber         = 0.5;
  switch (info.modulation) {
    case Modulation::gfsk_br:
    case Modulation::gfsk_le: ber = ber_gfsk(eb_n0); break;
    case Modulation::pi4_dqpsk: ber = ber_pi4_dqpsk(eb_n0); break;
    case Modulation::dpsk8: ber = ber_8dpsk(es_n0); break;
  }
  return std::min(ber, 0.5);
}

double phy_snr_for_ber_db(Phy phy, double ber)
{
  double lo = -30.0, hi = 60.0;  // BER(lo) > ber > BER(hi) for any ber in (1e-30, 0.4)
  for (int i = 0; i < 200 && hi - lo > 1e-10; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (phy_ber_from_snr_db(phy, mid) > ber)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

CalibratedReceiver::CalibratedReceiver(const Receiver& r) : phy(r.phy)
{
  // Two bisections per receiver: remembered per receiver kind (a crowd of 5,000 has one or two kinds). Pure, so
  // the cache only saves time; per thread (the optimiser may evaluate in threads).
  thread_local std::map<std::tuple<Phy, double, double>, std::pair<double, double>> known;
  const auto key = std::make_tuple(r.phy, r.sensitivity_dbm, r.noise_figure_db);
  if (const auto it = known.find(key); it != known.end()) {
    std::tie(snr_offset_db, negligible_ber_snr) = it->second;
    return;
  }
  snr_offset_db = r.noise_floor_dbm() + r.implementation_loss_db();
  // 0.1 dB above the bisection's answer, and checked: the caller relies on the bound.
  const double s     = std::pow(10.0, (phy_snr_for_ber_db(phy, kNegligibleBer) + 0.1) / 10.0);
  negligible_ber_snr = phy_ber_from_snr(phy, s) <= kNegligibleBer ? s : std::numeric_limits<double>::infinity();
  if (known.size() < 256)
    known.emplace(key, std::make_pair(snr_offset_db, negligible_ber_snr));
}

Receiver Receiver::typical(Phy phy) { return Receiver{phy, phy_info(phy).typical_sensitivity_dbm, kDefaultNoiseFigure_db}; }

double Receiver::noise_floor_dbm() const
{
  return btlinksim::noise_floor_dbm(phy_info(phy).noise_bandwidth_hz, noise_figure_db);
}

double Receiver::implementation_loss_db() const
{
  return (sensitivity_dbm - noise_floor_dbm()) - phy_snr_for_ber_db(phy, phy_info(phy).reference_ber);
}

double Receiver::snr_db(double rx_power_dbm, double interference_dbm) const
{
  const double n_mw = std::pow(10.0, noise_floor_dbm() / 10.0) + std::pow(10.0, interference_dbm / 10.0);
  return rx_power_dbm - 10.0 * std::log10(n_mw);
}

double Receiver::ber(double rx_power_dbm, double interference_dbm) const
{
  return phy_ber_from_snr_db(phy, snr_db(rx_power_dbm, interference_dbm) - implementation_loss_db());
}

const std::vector<AclTypeInfo>& acl_types()
{
  static const std::vector<AclTypeInfo> types(std::begin(kAclTypes), std::end(kAclTypes));
  return types;
}

std::optional<AclType> acl_type_from_string(const std::string& name)
{
  auto norm = [](const std::string& s) {
    std::string o;
    for (char c : s)
      if (c != '-' && c != '_' && c != ' ')
        o += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return o;
  };
  const std::string n = norm(name);
  for (const auto& i : acl_types())
    if (norm(i.name) == n)
      return i.type;
  return std::nullopt;
}

int acl_protected_bits(AclType t, int payload_bytes)
{
  const auto& i = acl_info(t);
  return 8 * (i.payload_header_bytes + payload_bytes) + 16;
}

double acl_air_time_s(AclType t, int payload_bytes)
{
  const auto& i        = acl_info(t);
  const int bits       = acl_protected_bits(t, payload_bytes);
  const double head_us = 72.0 + 54.0;  // access code + FEC-1/3 header, 1 Mb/s
  if (i.payload_phy == Phy::br) {
    const double payload_bits = i.fec_2_3 ? 15.0 * std::ceil(bits / 10.0) : bits;
    return (head_us + payload_bits) * 1e-6;
  }
  const double bps = phy_info(i.payload_phy).bits_per_symbol;
  return (head_us + 5.0 + 11.0 + bits / bps + 2.0) * 1e-6;  // guard + sync + payload symbols + trailer
}

double acl_exchange_time_s(AclType t) { return (acl_info(t).slots + 1) * kSlot_s; }

double acl_per(AclType t, int payload_bytes, double ber_header, double ber_payload)
{
  const auto& i     = acl_info(t);
  const double ph   = std::clamp(ber_header, 0.0, 0.5);
  const double pp   = std::clamp(ber_payload, 0.0, 0.5);
  const double hbit = 1.0 - 3.0 * ph * ph + 2.0 * ph * ph * ph;  // majority of 3 repetitions
  const double p_header_ok = hbit == 1.0 ? 1.0 : std::pow(hbit, 18);  // (exact: the common case above -50 dBm)
  const int bits           = acl_protected_bits(t, payload_bytes);
  double p_payload_ok;
  if (i.fec_2_3) {
    const double block_ok = std::pow(1.0 - pp, 15) + 15.0 * pp * std::pow(1.0 - pp, 14);
    p_payload_ok          = std::pow(block_ok, std::ceil(bits / 10.0));
  } else {
    const double bit_ok = 1.0 - pp;
    p_payload_ok        = bit_ok == 1.0 ? 1.0 : std::pow(bit_ok, bits);
  }
  return 1.0 - p_header_ok * p_payload_ok;
}

double le_air_time_s(Phy phy, int payload_bytes)
{
  const double pdu_crc_bits = 8.0 * (2 + payload_bytes + 3);  // header + payload + CRC
  switch (phy) {
    case Phy::le1m: return (8.0 * (1 + 4) + pdu_crc_bits) / 1e6;  // preamble 1 B + access address 4 B
    case Phy::le2m: return (8.0 * (2 + 4) + pdu_crc_bits) / 2e6;  // preamble 2 B
    case Phy::le_coded_s2:
    case Phy::le_coded_s8: {
      // Preamble 80 us; FEC block 1 (AA 32 b + CI 2 b + TERM1 3 b) always S=8; block 2 (PDU + CRC + TERM2 3 b) at S.
      const double s = phy == Phy::le_coded_s2 ? 2.0 : 8.0;
      return (80.0 + 37.0 * 8.0 + (pdu_crc_bits + 3.0) * s) * 1e-6;
    }
    default: throw std::invalid_argument("le_air_time_s: not an LE PHY");
  }
}

double le_per(int payload_bytes, double ber)
{
  const double p = std::clamp(ber, 0.0, 0.5);
  return 1.0 - std::pow(1.0 - p, 8.0 * (2 + payload_bytes + 3));
}

}  // namespace btlinksim
