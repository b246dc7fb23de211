// How a topology kind's audio crosses the air, as the loader, the checks and the commands see it: one strategy
// behind this interface per transport (sim/scenario/transports/), returned by the topology kind
// (TopologyKind::transport()). What the engine does for it is the other half, sim/engine/transport.hpp, found
// by name(). Nothing outside the two halves asks which transport a scenario uses; it asks the transport.
#pragma once

#include "models/baseband/airtime_budget.hpp"
#include "sim/scenario/scenario.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace btlinksim {

class YamlReader;
using Fields = std::map<std::string, YAML::Node>;
using Report = std::function<void(Location, const std::string&)>;

// The audio packet every link of the scenario carries: payload bytes and packets per second.
struct AudioPacket {
  bool le              = false;
  int payload_bytes    = 0;
  double packets_per_s = 0;
};

class TransportKind {
public:
  virtual ~TransportKind() = default;
  // "acl", "cis", "bis" or "wifi": the engine's half of the transport is found by this name.
  virtual std::string name() const = 0;
  // The PHY of the audio payload, and that of the receiver's answer (an acknowledgement).
  virtual Phy audio_phy(const Scenario& s) const   = 0;
  virtual Phy answer_phy(const Scenario& s) const  = 0;
  // The radio's currents where the device's power section does not give them.
  virtual PowerProfile power_profile() const = 0;
  virtual AudioPacket audio_packet(const Scenario& s) const = 0;
  // Whether the audio crosses the Bluetooth radios the engine models (their air time and energy, the
  // received-power check, the link's power in the time series); Wi-Fi's air is SimGrid's network model's.
  virtual bool bluetooth_air() const { return true; }
  // Whether output.pcap can capture its packets (BR/EDR baseband only).
  virtual bool captures_pcap() const { return false; }
  // The sinks' synchronisation modes this transport offers: reports one that it does not.
  virtual void check_sync(SyncMode sync, Location at, const Report& report) const = 0;
  // After the topology is resolved: what the transport derives from its own section (LE Audio's group), then
  // its checks of the resolved topology.
  virtual void resolve(YamlReader&, const Fields&, Scenario&) const {}
  virtual void check(const Scenario&, std::vector<Diagnostic>&) const {}
  // Each radio's share of air time for the audio (empty where the transport is not timed this way).
  virtual std::vector<RadioNeed> airtime_need(const Scenario&) const { return {}; }
  // What carries the audio, for the summary's header ("2-DH5", "BAP 48_2_1 on LE 2M, NSE 2, ...").
  virtual std::string carrier(const Scenario& s) const = 0;
  // One packet on a link, as the trace names it.
  virtual std::string packet_name(const Scenario& s) const = 0;
  // Its own reasons why a simulated range differs from the link budget's (`range SCENARIO`).
  virtual void range_reasons(const Scenario&, std::vector<std::string>&) const {}
};

const TransportKind& acl_transport_kind();
const TransportKind& cis_transport_kind();
const TransportKind& bis_transport_kind();
const TransportKind& wifi_transport_kind();
// The scenario's transport: its topology kind's (ACL while no kind is known yet).
const TransportKind& transport_of(const Scenario& s);

// Shared by the ACL transport and the air-time check: an ACL packet of whole codec frames, and each radio's
// need for a codec and packet type over the scenario's audio links (sim/scenario/link_check.cpp).
AudioPacket acl_packet(const Codec& c, AclType t);
std::vector<RadioNeed> acl_airtime_need(const Scenario& s, const Codec& c, AclType t);

}  // namespace btlinksim
