// LE Audio isochronous streams, the loader's side (the engine's: sim/engine/iso_transport.hpp): the le_audio
// section resolves to a group -- the BAP preset's LC3 frame and QoS, one stream per sink (CIS, acknowledged) or
// per audio channel (BIS, broadcast), the controller's NSE and FT (models/iso) -- and sinks render at the SDU
// synchronisation reference plus the presentation delay.
#include "sim/scenario/transport_kind.hpp"
#include "sim/scenario/yaml_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace btlinksim {
namespace {

class IsoTransportKind : public TransportKind {
public:
  explicit IsoTransportKind(bool broadcast) : broadcast_(broadcast) {}
  std::string name() const override { return broadcast_ ? "bis" : "cis"; }
  Phy audio_phy(const Scenario& s) const override { return s.le_audio.phy; }
  Phy answer_phy(const Scenario& s) const override { return s.le_audio.phy; }
  PowerProfile power_profile() const override { return le_power_profile(); }
  bool captures_pcap() const override { return true; }  // HCI ISO Data packets (sim/engine/pcap.hpp)
  AudioPacket audio_packet(const Scenario& s) const override  // one LC3 frame per SDU and PDU
  {
    return {true, s.audio.codec.frame_bytes, 1.0 / s.audio.codec.frame_duration_s};
  }
  void check_sync(SyncMode sync, Location at, const Report& report) const override
  {
    if (sync == SyncMode::ttp || sync == SyncMode::piconet_clock || sync == SyncMode::network_time)
      report(at, "audio.sync: ttp is the BR/EDR relay's piconet-clock mechanism; LE Audio sinks use "
                 "presentation_delay (the default) or free_running");
  }
  void resolve(YamlReader& L, const Fields& top, Scenario& s) const override;
  std::string carrier(const Scenario& s) const override
  {
    char b[160];
    std::snprintf(b, sizeof b, "BAP %s on %s, NSE %d, FT %d, transport latency %.2f ms", s.le_audio.preset.c_str(),
                  to_string(s.le_audio.phy).c_str(), s.resolved.iso.group.nse, s.resolved.iso.group.ft,
                  s.resolved.iso.timing.transport_latency_s * 1e3);
    return b;
  }
  std::string packet_name(const Scenario&) const override { return "LE PDU"; }
  void range_reasons(const Scenario&, std::vector<std::string>& why) const override
  {
    why.push_back("LE Audio retransmissions (the preset's RTN) repair failed attempts");
  }

private:
  bool broadcast_;
};

void IsoTransportKind::resolve(YamlReader& L, const Fields& top, Scenario& s) const
{
  auto& e           = s.le_audio;
  IsoGroup& g       = s.resolved.iso;
  const Location at = top.count("le_audio") ? e.where : s.topology.kind_where;
  if (top.count("audio") && top.at("audio").IsMap() && top.at("audio")["codec"] &&
      top.at("audio")["codec"].Scalar() != "lc3")
    L.error(top.at("audio")["codec"], "LE Audio carries LC3 frames: remove audio.codec (le_audio.preset sets the "
                                      "LC3 frame) or write codec: lc3");
  const auto preset = find_bap_preset(e.preset);
  if (!preset)
    return;  // the declaration already reported it
  const BapSetting& b = *preset->setting;
  // One stream per sink (CIS), or per distinct audio channel among the sinks (BIS); a stereo sink's stream
  // carries two LC3 frames per SDU.
  g.stream_of_sink.clear();
  g.stream_names.clear();
  int sdu_bytes = 0;
  for (int d : s.resolved.topo.sinks) {
    const std::string& ch  = s.devices[d].channel;
    const std::string name = broadcast_ ? ch : s.devices[d].name;
    auto it                = std::find(g.stream_names.begin(), g.stream_names.end(), name);
    if (it == g.stream_names.end()) {
      g.stream_names.push_back(name);
      it = g.stream_names.end() - 1;
    }
    g.stream_of_sink.push_back(static_cast<int>(it - g.stream_names.begin()));
    sdu_bytes = std::max(sdu_bytes, b.octets * (ch == "stereo" ? 2 : 1));
  }
  BapQos qos = preset->qos(broadcast_);
  if (e.retransmissions)
    qos.rtn = *e.retransmissions;
  if (e.max_transport_latency_s)
    qos.max_transport_latency_s = *e.max_transport_latency_s;
  s.audio.codec                   = make_lc3(b.frame_s, b.octets, 1);
  g.presentation_delay_s = e.presentation_delay_s ? *e.presentation_delay_s : b.presentation_delay_s;
  try {
    g.group  = choose_iso(broadcast_, static_cast<int>(g.stream_names.size()), e.phy, b.frame_s, sdu_bytes, qos,
                          e.subevents, e.flush_timeout);
    g.timing = iso_timing(g.group);
  } catch (const std::invalid_argument& x) {
    L.error(at, std::string("le_audio: ") + x.what());
  }
}

}  // namespace

const TransportKind& cis_transport_kind()
{
  static const IsoTransportKind k(false);
  return k;
}

const TransportKind& bis_transport_kind()
{
  static const IsoTransportKind k(true);
  return k;
}

}  // namespace btlinksim
