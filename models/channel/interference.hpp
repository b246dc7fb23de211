// Interference in the 2.4 GHz band: BR/EDR channel frequencies, Wi-Fi channels, the receiver's C/I rule, and
// adaptive frequency hopping (AFH) channel classification. Pure functions and a small state machine.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace btlinksim {

inline constexpr int kBrChannels     = 79;  // f = 2402 + k MHz, k = 0..78 [sig-radio]
inline constexpr int kAfhMinChannels = 20;  // AFH keeps N >= 20 used channels [catencode-afh] (W)
inline constexpr double kWifiBandwidth_mhz = 22.0;  // 802.11b/g channel width (spectral mask -30 dB at +/-11 MHz) [wifi-channels]

double br_channel_mhz(int k);
// 802.11b/g channel centre: 2407 + 5 n MHz for n = 1..13, 2484 MHz for 14 [wifi-channels].
double wifi_channel_mhz(int n);

// Carrier-to-interference ratio a BR receiver needs at a frequency offset between the wanted channel and the
// interferer (module qualification table [bluegiga-wrap]): co-channel 11 dB; +/-1 MHz 0 dB; +/-2 MHz -30 dB;
// >= 3 MHz -40 dB.
double br_ci_requirement_db(double offset_mhz);
// Whether a packet survives one interferer: C - I >= the requirement at that offset.
bool survives(double c_dbm, double i_dbm, double offset_mhz);

// A Wi-Fi signal of total power p_dbm spread evenly over its 22 MHz: the power falling in one 1-MHz Bluetooth
// channel is p - 10 log10(22) = p - 13.4 dB; the offset used for the C/I rule is 0 inside the Wi-Fi band and the
// distance to its nearest edge outside.
struct WifiOverlap {
  double in_channel_dbm;
  double offset_mhz;
};
WifiOverlap wifi_overlap(double p_rx_dbm, double wifi_centre_mhz, double bt_mhz);

struct AfhParams {
  double assessment_s   = 1.0;   // channel classification window (assumption, U; HCI host classification >= 1 s apart)
  double update_delay_s = 0.06;  // classification to new map in use: LMP_set_AFH's instant, >= 96 slots ahead (U)
  double bad_per        = 0.5;   // a channel whose failure fraction in a window exceeds this is bad (U)
  int min_samples       = 2;     // attempts needed on a channel to classify it; counts carry over windows (U)
  double recheck_s      = 30.0;  // a bad channel is tried again after this long (stands in for RSSI scans, U)
};

// The master's local assessment: counts attempts and failures per channel; at the end of each assessment_s
// window every channel with at least min_samples attempts is classified (bad if it failed too often) and its
// counts restart; the reduced hop set (at least 20 channels: the bad ones that expire first are kept if fewer
// are good) takes effect update_delay_s later.
class AfhClassifier {
public:
  explicit AfhClassifier(AfhParams p);
  // The hop set in use at time t (advancing windows that ended before t).
  const std::vector<int>& hop_set(double t_s);
  void record(int channel, bool failed, double t_s);
  int map_updates() const { return updates_; }

private:
  void advance(double t_s);
  void apply_pending();
  AfhParams p_;
  std::int64_t window_ = 0;
  std::array<int, kBrChannels> tries_{}, fails_{};
  std::array<double, kBrChannels> bad_until_{};
  std::vector<int> used_, pending_;
  double pending_at_ = -1;
  int updates_       = 0;
};

}  // namespace btlinksim
