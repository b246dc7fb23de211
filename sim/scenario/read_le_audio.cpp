// The le_audio section, and the isochronous group an LE Audio kind resolves to: the BAP preset's LC3 frame and
// QoS, one stream per sink (CIS) or per audio channel (BIS), and the controller's NSE and FT (models/iso).
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/topology_kind.hpp"

#include <algorithm>
#include <stdexcept>

namespace btlinksim {

void read_le_audio(YamlReader& L, const Fields& top, LeAudioSpec& e)
{
  Fields f;
  if (top.count("le_audio")) {
    f       = L.fields(top.at("le_audio"), le_audio_section().table(), "le_audio");
    e.where = L.loc(top.at("le_audio"));
  }
  L.read(le_audio_section(), f, e, "le_audio");
}

void read_wifi(YamlReader& L, const Fields& top, WifiSpec& w)
{
  Fields f;
  if (top.count("wifi")) {
    f       = L.fields(top.at("wifi"), wifi_section().table(), "wifi");
    w.where = L.loc(top.at("wifi"));
  }
  L.read(wifi_section(), f, w, "wifi");
  if (f.count("access_point"))
    if (auto xy = L.numbers(f.at("access_point"), Dimension::length, 2, "wifi.access_point", "[0, 0]")) {
      w.ap_x_m = (*xy)[0];
      w.ap_y_m = (*xy)[1];
    }
}

void resolve_le_audio(YamlReader& L, const Fields& top, Scenario& s)
{
  const auto transport = s.topology.kind->transport();
  auto& e              = s.le_audio;
  const Location at    = top.count("le_audio") ? e.where : s.topology.kind_where;
  if (!s.output.pcap.empty() && transport != TopologyKind::Transport::acl)
    L.error(s.output.where.line ? s.output.where : s.topology.kind_where,
            "output.pcap captures BR/EDR ACL packets; this topology kind sends none (use output.trace for its timeline)");
  // le_audio and wifi are read whatever the kind and used by the kinds that need them, so that one base
  // scenario serves a sweep over topology kinds (scenarios/architectures.yaml).
  if (transport == TopologyKind::Transport::acl || transport == TopologyKind::Transport::wifi)
    return;
  if (top.count("audio") && top.at("audio").IsMap() && top.at("audio")["codec"] &&
      top.at("audio")["codec"].Scalar() != "lc3")
    L.error(top.at("audio")["codec"], "LE Audio carries LC3 frames: remove audio.codec (le_audio.preset sets the "
                                      "LC3 frame) or write codec: lc3");
  const auto preset = find_bap_preset(e.preset);
  if (!preset)
    return;  // the declaration already reported it
  const bool broadcast = transport == TopologyKind::Transport::bis;
  const BapSetting& b  = *preset->setting;
  // One stream per sink (CIS), or per distinct audio channel among the sinks (BIS); a stereo sink's stream
  // carries two LC3 frames per SDU.
  e.stream_of_sink.clear();
  e.stream_names.clear();
  int sdu_bytes = 0;
  for (int d : s.topo.sinks) {
    const std::string& ch = s.devices[d].channel;
    const std::string name = broadcast ? ch : s.devices[d].name;
    auto it = std::find(e.stream_names.begin(), e.stream_names.end(), name);
    if (it == e.stream_names.end()) {
      e.stream_names.push_back(name);
      it = e.stream_names.end() - 1;
    }
    e.stream_of_sink.push_back(static_cast<int>(it - e.stream_names.begin()));
    sdu_bytes = std::max(sdu_bytes, b.octets * (ch == "stereo" ? 2 : 1));
  }
  BapQos qos = preset->qos(broadcast);
  if (e.retransmissions)
    qos.rtn = *e.retransmissions;
  if (e.max_transport_latency_s)
    qos.max_transport_latency_s = *e.max_transport_latency_s;
  s.audio.codec                   = make_lc3(b.frame_s, b.octets, 1);
  e.presentation_delay_resolved_s = e.presentation_delay_s ? *e.presentation_delay_s : b.presentation_delay_s;
  try {
    e.group  = choose_iso(broadcast, static_cast<int>(e.stream_names.size()), e.phy, b.frame_s, sdu_bytes, qos,
                          e.subevents, e.flush_timeout);
    e.timing = iso_timing(e.group);
  } catch (const std::invalid_argument& x) {
    L.error(at, std::string("le_audio: ") + x.what());
  }
}

}  // namespace btlinksim
