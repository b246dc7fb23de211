// wifi_multiroom: grouped Wi-Fi speakers (Echo / Sonos multi-room; an Echo Dot feeding a Bluetooth speaker by
// aux is one such speaker with its own output_delay): the source (the group's leader) sends each speaker its
// own unicast stream through the access point; the speakers share the channel's air time at their own 802.11n
// rates, with any background traffic, in SimGrid's Wi-Fi model, and render by network time (scenario.wifi).
#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {
namespace {

class WifiMultiroom : public FanOut {
public:
  std::string name() const override { return "wifi_multiroom"; }
  std::string label() const override { return "Wi-Fi multi-room"; }
  std::string help() const override { return "wifi_multiroom: source -> each sink over Wi-Fi (scenario.wifi)"; }
  SyncMode default_sync() const override { return SyncMode::network_time; }
  const TransportKind& transport() const override { return wifi_transport_kind(); }
  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override
  {
    FanOut::check(t, s, report);
    if (s.formation.enabled)
      report(t.kind_where, "topology kind wifi_multiroom: Bluetooth link formation does not apply; remove preset and formation");
  }
};

}  // namespace

const TopologyKind& wifi_multiroom_kind()
{
  static const WifiMultiroom k;
  return k;
}

}  // namespace btlinksim
