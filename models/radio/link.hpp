// Link: BER per modulation, receiver calibration to its sensitivity, ACL and LE packet formats, air time and PER.
// Sources: docs/references.md [bt-packets] (packet types), [noise-ber] (BER), [per] (PER from BER).
#pragma once

#include <cmath>

#include "models/radio/radio.hpp"

#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

// Gaussian tail function Q(x) = 0.5 erfc(x / sqrt 2).
double q_function(double x);

// BER of a modulation at a given Eb/N0 or Es/N0 (linear), AWGN:
//   GFSK (BR, LE), non-coherent orthogonal 2-FSK: 0.5 exp(-Eb/2N0)              [destevez-fsk]
//   pi/4-DQPSK, differential detection: Q(sqrt(1.1716 Eb/N0))                  [miller-lee]
//   8DPSK differential: Ps = 2 Q(sqrt(2 Es/N0) sin(pi / (8 sqrt 2))), Pb = Ps/3  (docs/references.md [noise-ber], D)
double ber_gfsk(double eb_n0);
double ber_pi4_dqpsk(double eb_n0);
double ber_8dpsk(double es_n0);

// BER of a PHY as a function of the SNR (dB) in its noise bandwidth, before any implementation loss.
double phy_ber_from_snr_db(Phy phy, double snr_db);
// The same from a linear SNR.
double phy_ber_from_snr(Phy phy, double snr);
// SNR (dB) at which phy_ber_from_snr_db reaches `ber` (inverse by bisection; the curve is monotone).
double phy_snr_for_ber_db(Phy phy, double ber);

// A receiver for one PHY, calibrated so that BER = the PHY's reference BER at exactly its sensitivity:
// implementation loss = (sensitivity - noise floor) - SNR_theory(reference BER). Real detectors (GFSK with a
// limiter-discriminator needs ~15 dB for 1e-3 [schiphorst]) are worse than the formulas; the calibration
// carries the difference, so a receiver is described by the two numbers a datasheet gives.
struct Receiver {
  Phy phy                = Phy::br;
  double sensitivity_dbm = -90.0;
  double noise_figure_db = kDefaultNoiseFigure_db;

  static Receiver typical(Phy phy);  // typical sensitivity of the PHY, default noise figure
  double noise_floor_dbm() const;
  double implementation_loss_db() const;
  double snr_db(double rx_power_dbm, double interference_dbm = -1e9) const;
  // BER at a received power, with optional interference power (added to the noise, as SINR).
  double ber(double rx_power_dbm, double interference_dbm = -1e9) const;
};

// A receiver with its calibration computed once (noise floor + implementation loss), for per-packet use:
// BER(P_rx) = phy_ber_from_snr_db(phy, P_rx - offset). Same result as Receiver::ber without interference.
struct CalibratedReceiver {
  Phy phy              = Phy::br;
  double snr_offset_db = 0;  // noise floor + implementation loss
  // A linear SNR at or above which ber_at_snr is at most kNegligibleBer (the BER falls with the SNR): there a
  // packet's PER is exactly 0, since 1 - BER rounds to 1 (acl_per, le_per). Infinite if none is found.
  double negligible_ber_snr = 0;
  static constexpr double kNegligibleBer = 1e-30;
  explicit CalibratedReceiver(const Receiver& r = Receiver{});
  double ber(double rx_power_dbm) const { return phy_ber_from_snr_db(phy, rx_power_dbm - snr_offset_db); }
  // Linear SNR (already net of the implementation loss) at a received power; ber_at_snr(snr * g) is then the BER
  // under a fading power gain g without converting to dB and back on every packet.
  double snr_linear(double rx_power_dbm) const { return std::pow(10.0, (rx_power_dbm - snr_offset_db) / 10.0); }
  double ber_at_snr(double snr) const { return phy_ber_from_snr(phy, snr); }
};

// ---- BR/EDR ACL packets ----
enum class AclType { dm1, dh1, dm3, dh3, dm5, dh5, edr2_dh1, edr2_dh3, edr2_dh5, edr3_dh1, edr3_dh3, edr3_dh5 };
struct AclTypeInfo {
  AclType type;
  const char* name;          // "DM1", "2-DH5", ...
  int slots;                 // slots occupied on air
  int max_payload_bytes;     // user payload [hcidefs]
  int payload_header_bytes;  // 1 for single-slot BR, 2 otherwise
  Phy payload_phy;           // modulation of the payload (BR for DM/DH)
  bool fec_2_3;              // DM types: (15,10) shortened Hamming code
};
// Slots and max payloads: [hcidefs] (docs/references.md [bt-packets], S). In the enum's order (acl_info indexes it).
inline constexpr AclTypeInfo kAclTypes[] = {
    {AclType::dm1, "DM1", 1, 17, 1, Phy::br, true},           {AclType::dh1, "DH1", 1, 27, 1, Phy::br, false},
    {AclType::dm3, "DM3", 3, 121, 2, Phy::br, true},          {AclType::dh3, "DH3", 3, 183, 2, Phy::br, false},
    {AclType::dm5, "DM5", 5, 224, 2, Phy::br, true},          {AclType::dh5, "DH5", 5, 339, 2, Phy::br, false},
    {AclType::edr2_dh1, "2-DH1", 1, 54, 2, Phy::edr2m, false}, {AclType::edr2_dh3, "2-DH3", 3, 367, 2, Phy::edr2m, false},
    {AclType::edr2_dh5, "2-DH5", 5, 679, 2, Phy::edr2m, false}, {AclType::edr3_dh1, "3-DH1", 1, 83, 2, Phy::edr3m, false},
    {AclType::edr3_dh3, "3-DH3", 3, 552, 2, Phy::edr3m, false}, {AclType::edr3_dh5, "3-DH5", 5, 1021, 2, Phy::edr3m, false},
};
constexpr bool acl_types_in_enum_order()
{
  for (int k = 0; k < static_cast<int>(std::size(kAclTypes)); ++k)
    if (static_cast<int>(kAclTypes[k].type) != k)
      return false;
  return true;
}
static_assert(acl_types_in_enum_order(), "kAclTypes must list the ACL types in the order of enum AclType");
const std::vector<AclTypeInfo>& acl_types();
inline const AclTypeInfo& acl_info(AclType t) { return kAclTypes[static_cast<int>(t)]; }
std::optional<AclType> acl_type_from_string(const std::string& name);  // accepts "2-DH5", "2dh5", "dh5", ...

inline constexpr double kSlot_s = 625e-6;  // TDD slot [sig-radio]
inline constexpr double kNullPacket_s = 126e-6;  // NULL/POLL: 72-bit access code + 54-bit header at 1 Mb/s (S)

// Air time of one ACL packet carrying `payload_bytes` (<= max): access code 72 b + header 54 b at 1 Mb/s, then
// payload header + payload + 16-bit CRC (FEC-encoded for DM); EDR adds guard 5 us + sync 11 us + 2 trailer symbols.
double acl_air_time_s(AclType t, int payload_bytes);
// Time one baseband exchange holds the channel: the packet's slots plus the 1-slot return (ACK/NULL/POLL).
double acl_exchange_time_s(AclType t);
// Number of protected payload bits (payload header + payload + CRC), before FEC.
int acl_protected_bits(AclType t, int payload_bytes);
// PER: 1 - P(header ok) * P(payload ok). Header: 18 bits with rate-1/3 repetition, decoded by majority
// (P_ok per bit = 1 - 3p^2 + 2p^3), sent in GFSK (ber_header). Payload: uncoded (1-p)^N, or for DM
// blocks of 15 coded bits that tolerate 1 error. Access code treated as detected above sensitivity ([per]).
double acl_per(AclType t, int payload_bytes, double ber_header, double ber_payload);

// ---- LE packets (uncoded 1M/2M and coded S=2/S=8) ----
inline constexpr double kLeTifs_s = 150e-6;  // T_IFS between the packets of an exchange [core-v5-vol6-b-4.1] (S)
// Air time of an LE link-layer packet with a PDU payload of `payload_bytes` (0..251).
double le_air_time_s(Phy phy, int payload_bytes);
// PER: 1 - (1-p)^N over PDU header (2 B) + payload + CRC (3 B).
double le_per(int payload_bytes, double ber);

}  // namespace btlinksim
