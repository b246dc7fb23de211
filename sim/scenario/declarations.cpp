// The declarations of the scenario's keys, one per parameter (name, unit, default, range, help, the member it
// fills; docs/architecture.md): here the top level, the topology, the audio and the output, and the list of every
// section. The others: declarations_device.cpp, declarations_channel.cpp, declarations_formation.cpp,
// declarations_transport.cpp.
#include "sim/scenario/declarations.hpp"

#include "sim/scenario/decl_helpers.hpp"
#include "models/audio/playout.hpp"
#include "models/radio/link.hpp"
#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {

using namespace decl;

namespace {

std::vector<std::string> acl_names()
{
  std::vector<std::string> n;
  for (const auto& t : acl_types())
    n.emplace_back(t.name);
  return n;
}

std::vector<std::string> buffer_preset_names()
{
  std::vector<std::string> n;
  for (const auto& b : buffer_presets())
    n.emplace_back(b.name);
  return n;
}

std::string kinds_help()
{
  std::string h;
  for (const auto* k : topology_kinds())
    h += (h.empty() ? "" : "; ") + k->help();
  return h;
}
}  // namespace

const Section<Scenario>& top_section()
{
  using S = Scenario;
  static const Section<S> t{
      "scenario",
      "Scenario file: top level",
      {{text_decl("scenario", "(file name)", "title of the scenario"), text<S>(BTL_MEMBER(S, title))},
       {{"duration", Dimension::time, "", 1e-3, 1e7, {}, "simulated audio time"}, number<S>(BTL_MEMBER(S, duration_s))},
       {{"seed", Dimension::count, "1", 0, 9007199254740992.0, {}, "master seed of every random stream"},
        number<S>(BTL_MEMBER(S, seed))},
       {{"replications", Dimension::count, "1", 1, 1000, {}, "independent replications (seed, replication 0..n-1)"},
        number<S>(BTL_MEMBER(S, replications))},
       {map_decl("environment", "propagation environment (see scenario.environment.*)", "(defaults)"), {}},
       {map_decl("devices", "devices by name (see scenario.devices.NAME)"), {}},
       {map_decl("topology", "how audio flows (see scenario.topology)"), {}},
       {map_decl("audio", "audio stream (see scenario.audio)", "(defaults)"), {}},
       {text_decl("preset", "(none)", "system preset (scenarios/presets/NAME.yaml): link formation, handshake, host rules"), {}},
       {map_decl("formation", "link formation from power-on (see scenario.formation); present = enabled", "(off)"), {}},
       {map_decl("connection", "supervision timeout, reconnection, AFH (see scenario.connection)", "(defaults)"), {}},
       {map_decl("le_audio", "LE Audio streams (see scenario.le_audio; kinds le_audio_cis, auracast)", "(defaults)"), {}},
       {map_decl("wifi", "Wi-Fi multi-room network (see scenario.wifi; kind wifi_multiroom)", "(defaults)"), {}},
       {map_decl("output", "result file (see scenario.output)", "(no file)"), {}}}};
  return t;
}

const Section<TopologySpec>& topology_section()
{
  static const Section<TopologySpec> t{
      "scenario.topology",
      "Scenario: topology",
      {{choice_decl("kind", "", topology_kind_names(), kinds_help()), {}},
       {list_decl("chain", Dimension::dimensionless, 0, "(relay: required)", "relay: devices in order, source first"), {}},
       {list_decl("sinks", Dimension::dimensionless, 0, "(dual_stream/single: required)", "speakers fed by the source"), {}},
       {text_decl("source", "(the device with role: source)", "source device"), {}},
       {text_decl("bridge", "(bridge: required)", "bridge: the Bluetooth sink feeding the outputs by wire (Pi + BlueALSA, AV receiver, B1)"), {}},
       {list_decl("outputs", Dimension::dimensionless, 0, "(bridge: required)", "bridge: speakers fed by wire (each with a wire section)"), {}}}};
  return t;
}

const Section<AudioSpec>& audio_section()
{
  using A = AudioSpec;
  std::vector<std::pair<std::string, AclType>> acl;
  for (const auto& p : acl_types())
    acl.emplace_back(p.name, p.type);
  static const Section<A> t{
      "scenario.audio",
      "Scenario: audio stream",
      {{choice_decl("codec", "sbc", codec_names(), "codec (docs/models.md, Codecs)"), {}},
       {{"bitrate", Dimension::bitrate, "328 kbps", 16e3, 1.2e6, {},
         "target bit rate (SBC picks the largest bitpool not above it; aptX ignores it)"},
        {}},
       {choice_decl("packet_type", "2-DH5", acl_names(), "ACL packet type"), choice<A>(BTL_MEMBER(A, packet_type), acl)},
       {choice_decl("buffer", "(none: playout_delay)", buffer_preset_names(),
                    "a product's sink buffer as the playout delay (docs/models.md, Audio pipeline): a2dp_sink_min 50 ms, "
                    "a2dp_sink_max 116 ms (Cypress), tws_slave 150 ms, tws_mirroring 200 ms, tws_forwarding 300 ms "
                    "(Qualcomm ADK); playout_delay given beside it wins"),
        [](A& a, const CheckedValue& v) {
          for (const auto& b : buffer_presets())
            if (v.word == b.name)
              a.playout_delay_s = b.delay_s;
          return std::string();
        }},
       {{"playout_delay", Dimension::time, "(the buffer's, else 150 ms: U)", 1e-3, 5, {}, "sink buffer: capture-to-render delay"},
        number<A>(BTL_MEMBER(A, playout_delay_s))},
       {choice_decl("sync", "(ttp for relay, presentation_delay for LE Audio, free_running otherwise)", {"ttp", "free_running", "presentation_delay", "network_time", "piconet_clock"},
                    "how sinks time their rendering (docs/simulation.md)"),
        choice<A>(BTL_MEMBER(A, sync), std::vector<std::pair<std::string, SyncMode>>{{"ttp", SyncMode::ttp}, {"free_running", SyncMode::free_running}, {"presentation_delay", SyncMode::presentation_delay}, {"network_time", SyncMode::network_time}, {"piconet_clock", SyncMode::piconet_clock}})},
       {{"flush_timeout", Dimension::time, "0 s", 0, 1.279, {},
         "give up a packet after this long in ARQ; 0 = never (Android A2DP default)"},
        number<A>(BTL_MEMBER(A, flush_timeout_s))},
       {choice_decl("jitter_buffer", "fixed", {"fixed", "adaptive"},
                    "sink buffer: a fixed playout_delay, or adaptive: it grows by jitter_buffer_step after each underrun "
                    "(free_running sinks)"),
        choice<A>(BTL_MEMBER(A, jitter_buffer.adaptive), std::vector<std::pair<std::string, bool>>{{"fixed", false}, {"adaptive", true}})},
       {{"jitter_buffer_step", Dimension::time, "20 ms", 1e-3, 1, {}, "adaptive buffer: growth after an underrun (U)"},
        number<A>(BTL_MEMBER(A, jitter_buffer.step_s))},
       {{"jitter_buffer_max", Dimension::time, "500 ms", 0, 5, {}, "adaptive buffer: largest growth over the run (U)"},
        number<A>(BTL_MEMBER(A, jitter_buffer.max_added_s))},
       {{"repair_window", Dimension::time, "50 ms", 1e-3, 1, {},
         "snoop: the primary re-sends a packet the snooping speaker missed for at most this long (U)"},
        number<A>(BTL_MEMBER(A, repair_window_s))},
       {{"tx_queue_limit", Dimension::count, "20", 1, 10000, {},
         "packets waiting per link; a packet arriving at a full queue is dropped (assumption, U)"},
        number<A>(BTL_MEMBER(A, tx_queue_limit))}}};
  return t;
}

const Section<OutputSpec>& output_section()
{
  using O = OutputSpec;
  static const Section<O> t{
      "scenario.output",
      "Scenario: output",
      {{text_decl("file", "results/SCENARIO.h5",
                   "HDF5 result file of `run` and `compare`, holding every replication; by default named after the "
                   "scenario file (results/relay.h5 for relay.yaml, relative to the working directory); none: no file"),
        text<O>(BTL_MEMBER(O, file))},
       {choice_decl("timeseries", "false", kBool, "record every frame's arrival (memory grows with duration)"),
        flag<O>(BTL_MEMBER(O, timeseries))},
       {text_decl("trace", "(none)", "Chrome/Perfetto trace-event JSON of replication 0 (open in ui.perfetto.dev or chrome://tracing)"),
        text<O>(BTL_MEMBER(O, trace))},
       {text_decl("pcap", "(none)", "pcap of replication 0's delivered ACL packets, or LE Audio SDUs as HCI ISO packets (HCI H4 with direction, Wireshark/tshark), in the trace window"),
        text<O>(BTL_MEMBER(O, pcap))},
       {{"trace_from", Dimension::time, "0 s", 0, 1e7, {}, "start of the trace's window"},
        number<O>(BTL_MEMBER(O, trace_from_s))},
       {{"trace_for", Dimension::time, "10 s", 1e-3, 3600, {}, "length of the trace's window (bounds the file: ~2 MB per 10 s of the flagship)"},
        number<O>(BTL_MEMBER(O, trace_for_s))}}};
  return t;
}

std::vector<TableKeys> section_keys()
{
  std::vector<TableKeys> k;
  auto add = [&](const auto& sec) { k.push_back({&sec.table(), sec.unbound()}); };
  add(top_section());
  add(environment_section());
  add(path_loss_section());
  add(fading_section());
  add(shadowing_section());
  add(wall_section());
  add(interferer_section());
  add(device_section());
  add(radio_section());
  add(mobility_section());
  add(body_section());
  add(wire_section());
  add(power_section());
  add(topology_section());
  add(audio_section());
  add(connection_section());
  add(le_audio_section());
  add(wifi_section());
  add(output_section());
  add(formation_section());
  add(preset_section());
  add(compatibility_section());
  add(handshake_section());
  add(handshake_state_section());
  return k;
}

std::vector<const ParamTable*> scenario_tables()
{
  std::vector<const ParamTable*> t;
  for (const auto& k : section_keys())
    t.push_back(k.table);
  return t;
}

}  // namespace btlinksim
