// Wi-Fi multi-room, the loader's side (the engine's: sim/engine/wifi_transport.hpp): each speaker a station of
// one access point (the wifi section), reached at some 802.11n MCS; the air is SimGrid's Wi-Fi network model's,
// not the Bluetooth radios'; speakers render by network time or their own clock.
#include "sim/scenario/transport_kind.hpp"

#include "models/wifi/wifi.hpp"
#include "sim/scenario/topology.hpp"

#include <cmath>
#include <cstdio>

namespace btlinksim {
namespace {

class WifiTransportKind : public TransportKind {
public:
  std::string name() const override { return "wifi"; }
  // The Bluetooth-side values a Wi-Fi group keeps (no Bluetooth link carries its audio): the ACL transport's.
  Phy audio_phy(const Scenario& s) const override { return acl_transport_kind().audio_phy(s); }
  Phy answer_phy(const Scenario& s) const override { return acl_transport_kind().answer_phy(s); }
  PowerProfile power_profile() const override { return acl_transport_kind().power_profile(); }
  AudioPacket audio_packet(const Scenario& s) const override { return acl_transport_kind().audio_packet(s); }
  bool bluetooth_air() const override { return false; }
  void check_sync(SyncMode sync, Location at, const Report& report) const override
  {
    if (sync == SyncMode::ttp || sync == SyncMode::presentation_delay || sync == SyncMode::piconet_clock)
      report(at, "audio.sync: Wi-Fi speakers render by network_time (the default) or free_running");
  }
  // Each station must reach the access point at some MCS, or the network model has no rate for it.
  void check(const Scenario& s, std::vector<Diagnostic>& errors) const override
  {
    const Point ap{s.wifi.ap_x_m, s.wifi.ap_y_m};
    for (const auto& l : s.resolved.topo.links)
      for (int d : {l.tx, l.rx}) {
        const auto& dev  = s.devices[d];
        const double prx = wifi_rx_dbm(s, d);
        if (!wifi_mcs_for(prx))
          errors.push_back({l.where, "Wi-Fi station " + dev.name + " cannot reach the access point: " + message_number("%.1f", prx) +
                                         " dBm at " + message_number("%.1f", btlinksim::distance_m(Point{dev.x_m, dev.y_m}, ap)) +
                                         " m is below the -82 dBm of MCS 0; move it or the access point (wifi.access_point)"});
      }
  }
  std::string carrier(const Scenario& s) const override
  {
    char b[160];
    std::snprintf(b, sizeof b, "over 802.11n Wi-Fi, %g ms chunks, %d background flows", s.wifi.chunk_s * 1e3,
                  s.wifi.background_flows);
    return b;
  }
  std::string packet_name(const Scenario&) const override { return "Wi-Fi message"; }
};

}  // namespace

const TransportKind& wifi_transport_kind()
{
  static const WifiTransportKind k;
  return k;
}

double wifi_rx_dbm(const Scenario& s, int device)
{
  const auto& d = s.devices[device];
  // The channel's one chain (models/channel/channel_spec.hpp); the access point and the station's Wi-Fi antenna
  // are taken as 0 dBi and lossless (U), the access point on floor 0.
  const LinkEnds ends{s.wifi.tx_power_dbm, 0, 0, 0, 0};
  return median_rx_dbm(s.environment, ends, Point{s.wifi.ap_x_m, s.wifi.ap_y_m}, Point{d.x_m, d.y_m}, std::abs(d.floor));
}

}  // namespace btlinksim
