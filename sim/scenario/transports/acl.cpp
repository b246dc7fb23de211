// BR/EDR ACL, the loader's side (the engine's: sim/engine/acl_transport.hpp): audio in whole codec frames per
// ACL packet, acknowledged in BR, in a piconet of at most max_links active links per device; sinks render by
// time-to-play stamps, the piconet clock or their own clock.
#include "sim/scenario/transport_kind.hpp"

#include <cstdio>

namespace btlinksim {
namespace {

class AclTransportKind : public TransportKind {
public:
  std::string name() const override { return "acl"; }
  Phy audio_phy(const Scenario& s) const override { return acl_info(s.audio.packet_type).payload_phy; }
  Phy answer_phy(const Scenario&) const override { return Phy::br; }  // the header and the ACK/NAK: GFSK
  PowerProfile power_profile() const override { return br_edr_power_profile(); }
  AudioPacket audio_packet(const Scenario& s) const override { return acl_packet(s.audio.codec, s.audio.packet_type); }
  bool captures_pcap() const override { return true; }
  void check_sync(SyncMode sync, Location at, const Report& report) const override
  {
    if (sync == SyncMode::presentation_delay || sync == SyncMode::network_time)
      report(at, "audio.sync: " +
                     std::string(sync == SyncMode::presentation_delay ? "presentation_delay is LE Audio's"
                                                                      : "network_time is Wi-Fi multi-room's") +
                     " mechanism; Bluetooth BR/EDR sinks use ttp, piconet_clock or free_running");
  }
  // max_links is the BR/EDR piconet's limit (7 active slaves, Core Vol 2 Part B §1.1): the links a device takes
  // part in, as transmitter or receiver.
  void check(const Scenario& s, std::vector<Diagnostic>& errors) const override
  {
    for (size_t i = 0; i < s.devices.size(); ++i) {
      int n = 0;
      for (const auto& l : s.resolved.topo.links)
        n += (l.tx == static_cast<int>(i)) + (l.rx == static_cast<int>(i));
      if (n > s.devices[i].max_links)
        errors.push_back({s.devices[i].where, "device '" + s.devices[i].name + "' needs " + std::to_string(n) +
                                                  " links but allows " + std::to_string(s.devices[i].max_links) +
                                                  " (max_links); use a relay chain or raise max_links"});
    }
  }
  std::vector<RadioNeed> airtime_need(const Scenario& s) const override
  {
    return acl_airtime_need(s, s.audio.codec, s.audio.packet_type);
  }
  std::string carrier(const Scenario& s) const override { return acl_info(s.audio.packet_type).name; }
  std::string packet_name(const Scenario& s) const override { return acl_info(s.audio.packet_type).name; }
  void range_reasons(const Scenario& s, std::vector<std::string>& why) const override
  {
    if (s.audio.flush_timeout_s == 0) {
      why.push_back("ARQ without a flush timeout: a failed attempt is repeated until it gets through or the run ends, "
                    "so only packets later than the playout delay are lost (the budget counts every failed first attempt)");
    } else if (s.audio.flush_timeout_s >= 2 * acl_exchange_time_s(s.audio.packet_type)) {
      char b[200];
      std::snprintf(b, sizeof b, "ARQ repairs failed attempts within the %.1f ms flush timeout (the budget counts every failed first attempt)",
                    s.audio.flush_timeout_s * 1e3);
      why.push_back(b);
    }
  }
};

}  // namespace

const TransportKind& acl_transport_kind()
{
  static const AclTransportKind k;
  return k;
}

}  // namespace btlinksim
