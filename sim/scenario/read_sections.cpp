// formation, audio, output and topology sections.
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/sections.hpp"
#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {

void read_formation(YamlReader& L, const Fields& top, const std::optional<Preset>& preset, Scenario& s)
{
  auto& F   = s.formation;
  F.enabled = top.count("preset") || top.count("formation");
  const Fields f = L.section(top, "formation", formation_section().table(), "formation");
  L.read(formation_section(), overlay(preset ? preset->formation : Fields{}, f), F, "formation");
  if (F.scan_window_s > F.inquiry_scan_interval_s || F.scan_window_s > F.page_scan_interval_s)
    L.error(top.count("formation") ? top.at("formation") : top.at("preset"),
            "formation.scan_window must not exceed the scan intervals; shorten the window or lengthen the interval");
  const auto at = [&](const char* key) { return f.count(key) ? f.at(key) : top.count("formation") ? top.at("formation") : top.at("preset"); };
  if (F.le.scan_window_s > F.le.scan_interval_s)
    L.error(at("le_scan_window"), "formation.le_scan_window (" + std::to_string(F.le.scan_window_s) +
                                      " s) exceeds formation.le_scan_interval (" + std::to_string(F.le.scan_interval_s) +
                                      " s); make the window at most the interval");
  if (F.le.supervision_timeout_s < 2 * F.le.conn_interval_s)
    L.error(at("le_supervision_timeout"), "formation.le_supervision_timeout must be at least twice "
                                          "formation.le_conn_interval (Core Vol 6 Part B 4.5.2); raise the timeout or "
                                          "shorten the interval");
  if (preset) {
    F.preset_path     = preset->path;
    F.compatibility   = preset->compatibility;
    F.handshake       = preset->handshake;
    F.preset_topology = preset->topology;
  }
}

bool read_audio(YamlReader& L, const Fields& top, const YAML::Node& root, AudioSpec& a)
{
  const Fields f = L.section(top, "audio", audio_section().table(), "audio");
  const auto& T = audio_section().table();
  auto codec    = L.value(f, T, "codec", "audio");
  auto rate     = L.value(f, T, "bitrate", "audio");
  if (codec && rate)
    a.codec = make_codec(*codec_kind_from_string(codec->word), rate->number);
  L.read(audio_section(), f, a, "audio");
  if (f.count("jitter_buffer"))
    a.jitter_buffer_where = L.loc(f.at("jitter_buffer"));
  if (codec && rate && frames_per_packet(a.codec, acl_info(a.packet_type).max_payload_bytes) == 0)
    L.error(f.count("packet_type") ? f.at("packet_type") : top.count("audio") ? top.at("audio") : root,
            std::string("audio.packet_type ") + acl_info(a.packet_type).name + " cannot carry one " +
                to_string(a.codec.kind) + " frame of " + std::to_string(a.codec.frame_bytes) +
                " B; choose a larger packet type (e.g. 2-DH5)");
  return f.count("sync") > 0;
}

void read_output(YamlReader& L, const Fields& top, OutputSpec& o)
{
  const Fields f = L.section(top, "output", output_section().table(), "output");
  L.read(output_section(), f, o, "output");
  if (f.count("file")) {
    o.where      = L.loc(f.at("file"));
    o.file_given = true;
    if (o.file == "none")
      o.file.clear();
  }
  if (f.count("trace"))
    o.trace_where = L.loc(f.at("trace"));
}

namespace {
// Device names of topology.chain or topology.sinks, each checked against the devices.
void read_names(YamlReader& L, const Fields& f, const char* key, const Scenario& s, std::vector<std::string>& out,
                std::vector<Location>& where)
{
  if (!f.count(key))
    return;
  for (const auto& n : f.at(key)) {
    if (!n.IsScalar()) {
      L.error(n, std::string("topology.") + key + " entries must be device names");
      continue;
    }
    if (!s.device(n.Scalar()))
      L.error(n, std::string("topology.") + key + ": unknown device '" + n.Scalar() +
                     "'; declare it under devices or fix the name");
    out.push_back(n.Scalar());
    where.push_back(L.loc(n));
  }
}
}  // namespace

bool read_topology(YamlReader& L, const Fields& top, const std::optional<Preset>& preset, bool sync_given, Scenario& s)
{
  if (!top.count("topology"))
    return false;
  const YAML::Node& tn = top.at("topology");
  auto& t              = s.topology;
  t.where              = L.loc(tn);
  const Fields f       = L.fields(tn, topology_section().table(), "topology");
  const auto kind      = L.value(f, topology_section().table(), "kind", "topology");
  if (kind) {
    t.kind       = find_topology_kind(kind->word);
    t.kind_where = L.loc(f.at("kind"));
  }
  for (auto [key, at] : {std::pair<const char*, Location*>{"chain", &t.chain_at}, {"sinks", &t.sinks_at}})
    if (f.count(key))
      *at = L.loc(f.at(key));
  read_names(L, f, "chain", s, t.chain, t.chain_where);
  read_names(L, f, "sinks", s, t.sinks, t.sinks_where);
  read_names(L, f, "outputs", s, t.outputs, t.outputs_where);
  if (f.count("outputs"))
    t.outputs_at = L.loc(f.at("outputs"));
  if (f.count("bridge")) {
    t.bridge    = f.at("bridge").Scalar();
    t.bridge_at = L.loc(f.at("bridge"));
    if (!s.device(t.bridge))
      L.error(f.at("bridge"), "topology.bridge: unknown device '" + t.bridge + "'; declare it under devices or fix the name");
  }
  if (t.kind && t.kind->name() != "bridge")
    for (const char* key : {"bridge", "outputs"})
      if (f.count(key))
        L.error(f.at(key), std::string("topology.") + key + " is for kind bridge; remove it or set kind: bridge");
  // Source: explicit, else the chain's first (relay), else the only device with role source.
  std::vector<std::string> sources;
  for (const auto& d : s.devices)
    if (d.role == Role::source)
      sources.push_back(d.name);
  std::string source_list;
  for (const auto& n : sources)
    source_list += (source_list.empty() ? "" : ", ") + n;
  if (f.count("source")) {
    t.source = f.at("source").Scalar();
    if (!s.device(t.source))
      L.error(f.at("source"), "topology.source: unknown device '" + t.source + "'; name a device with role: source (" +
                                  (sources.empty() ? std::string("none declared") : source_list) + ")");
    else if (s.device(t.source)->role != Role::source)
      L.error(f.at("source"), "topology.source: '" + t.source + "' is a speaker (role: speaker) and plays no audio; name a "
                                  "device with role: source (" + (sources.empty() ? std::string("none declared") : source_list) + ")");
  } else if (t.kind && t.kind->name() == "relay" && !t.chain.empty()) {
    t.source = t.chain.front();
  } else if (sources.size() == 1) {
    t.source = sources.front();
  } else if (sources.size() > 1) {
    L.error(t.kind_where.line > 0 ? t.kind_where : t.where,
            std::to_string(sources.size()) + " devices have role: source (" + source_list +
                ") and the topology does not say which one plays; add topology.source: " + sources.front() +
                " (or the one you mean)");
  }
  if (sources.empty() && top.count("devices"))
    L.error(top.at("devices"), "no device has role: source; give the phone (or TV) role: source");
  if (!sync_given && t.kind)  // default: relays forward with time-to-play stamps; independent streams run free
    s.audio.sync = t.kind->default_sync();
  if (t.kind) {
    const Report report = [&](Location at, const std::string& msg) { L.error(at, msg); };
    t.kind->check(t, s, report);
    t.kind->transport().check_sync(s.audio.sync, t.kind_where, report);
  }
  if (kind && preset && preset->topology != "any" && preset->topology != kind->word)
    L.error(f.at("kind"), "preset " + preset->name + " builds " + preset->topology + " systems; set topology.kind: " +
                              preset->topology + " or choose another preset");
  if (s.audio.jitter_buffer.adaptive && s.audio.sync == SyncMode::ttp)
    L.error(s.audio.jitter_buffer_where, "audio.jitter_buffer: adaptive re-buffering applies to free_running sinks; "
                                         "time-to-play sinks share one schedule: set audio.sync: free_running or "
                                         "jitter_buffer: fixed");
  return L.errors.empty() && t.kind;
}

}  // namespace btlinksim
