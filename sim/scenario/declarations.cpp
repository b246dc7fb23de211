#include "sim/scenario/declarations.hpp"

#include "models/audio/playout.hpp"
#include "models/radio/link.hpp"
#include "models/radio/radio.hpp"
#include "models/radio/rf_preset.hpp"
#include "sim/scenario/decl_helpers.hpp"
#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {

namespace {
using namespace decl;

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
std::vector<std::string> kinds_or_any()
{
  auto k = topology_kind_names();
  k.push_back("any");
  return k;
}
std::string kinds_help()
{
  std::string h;
  for (const auto* k : topology_kinds())
    h += (h.empty() ? "" : "; ") + k->help();
  return h;
}
std::vector<Binding<DeviceSpec>> device_bindings()
{
  using D = DeviceSpec;
  return {
      {choice_decl("role", "", {"source", "speaker"}, "what the device is"),
       choice<D>(BTL_MEMBER(D, role), std::vector<std::pair<std::string, Role>>{{"source", Role::source}, {"speaker", Role::speaker}})},
      {map_decl("radio", "radio (scenario.devices.NAME.radio)", "(class 2)"), {}},
      {list_decl("position", Dimension::length, 2, "[0, 0]", "x, y position (numbers are metres)"), {}},
      {{"floor", Dimension::count, "0", 0, 50, {}, "storey; floors between two devices add COST 231 floor loss"},
       number<D>(BTL_MEMBER(D, floor))},
      {list_decl("waypoints", Dimension::dimensionless, 0, "(none: fixed)",
                 "movement: [[t_s, x_m, y_m], ...], linear between points; the first is the start"),
       {}},
      {map_decl("mobility", "random-waypoint movement (scenario.devices.NAME.mobility)", "(none)"), {}},
      {map_decl("body", "a person blocking this device's links (scenario.devices.NAME.body)", "(none)"), {}},
      {map_decl("wire", "bridge output: its cable/USB path and clock (scenario.devices.NAME.wire)", "(bridge defaults)"), {}},
      {map_decl("power", "power profile: currents, supply, battery (scenario.devices.NAME.power)", "(the PHY's default)"), {}},
      {{"clock_drift", Dimension::drift, "0 ppm", -500, 500, {}, "clock error of the device (+ runs fast)"},
       number<D>(BTL_MEMBER(D, clock_drift_ppm))},
      {choice_decl("channel", "stereo", {"left", "right", "mono", "stereo"}, "audio channel the speaker renders"),
       text<D>(BTL_MEMBER(D, channel))},
      {{"max_links", Dimension::count, "7", 1, 7, {}, "ACL links the device accepts (7 active slaves per piconet)"},
       number<D>(BTL_MEMBER(D, max_links))},
      {{"power_on", Dimension::time, "0 s", 0, 1e6, {}, "when the device is switched on (formation)"},
       number<D>(BTL_MEMBER(D, power_on_s))},
      {{"boot", Dimension::time, "2 s", 0, 600, {}, "power-on to radio ready (formation; assumption, U)"},
       number<D>(BTL_MEMBER(D, boot_s))},
      {{"boot_jitter", Dimension::time, "0 s", 0, 600, {}, "uniform random extra boot time per replication"},
       number<D>(BTL_MEMBER(D, boot_jitter_s))},
      {text_decl("firmware", "1.0", "firmware version, e.g. 4.2.1 (compatibility rules)"),
       version<D>(BTL_MEMBER(D, firmware), "4.2.1")},
      {text_decl("brand", "(preset brand)", "brand, for same-brand-only families"), text<D>(BTL_MEMBER(D, brand))},
      {{"encoder_tick", Dimension::time, "20 ms", 0, 1, {},
        "source: the A2DP encoder runs every tick and sends every complete frame (Android 20 ms [android-sbc]; 0 = per frame)"},
       number<D>(BTL_MEMBER(D, encoder_tick_s))},
      {{"host_buffer", Dimension::time, "0 s", 0, 2, {}, "source: OS/mixer buffering before the encoder (U: no published figure)"},
       number<D>(BTL_MEMBER(D, host_buffer_s))},
      {{"output_delay", Dimension::time, "0 s", 0, 2, {}, "sink: decoder output to sound, the speaker's DSP and DAC (U)"},
       number<D>(BTL_MEMBER(D, output_delay_s))},
      {{"forward_delay", Dimension::time, "0 s", 0, 2, {},
        "relay: a packet is held this long before it is re-transmitted (forwarding buffer; U, Qualcomm TWS keeps >= 50 ms [qc-latency-cfg])"},
       number<D>(BTL_MEMBER(D, forward_delay_s))},
      {{"scatternet_period", Dimension::time, "0 s", 0, 10, {},
        "relay: its time is split between the phone's piconet and its own over this period (rendezvous scheduling; "
        "0 = ideal, in both whenever the radio is free; U)"},
       number<D>(BTL_MEMBER(D, scatternet_period_s))},
      {{"scatternet_share", Dimension::fraction, "0.5", 0.05, 0.95, {}, "relay: share of the period spent in the phone's piconet (U)"},
       number<D>(BTL_MEMBER(D, scatternet_share))},
      {{"scatternet_guard", Dimension::time, "0 s", 0, 0.1, {},
        "relay: end of each stay lost to re-synchronising to the other piconet (U)"},
       number<D>(BTL_MEMBER(D, scatternet_guard_s))},
      {{"audio_links", Dimension::count, "7", 1, 7, {}, "source: A2DP streams the host keeps at once (Echo: 1)"},
       number<D>(BTL_MEMBER(D, audio_links))},
      {choice_decl("audio_link_policy", "keep_first", {"keep_first", "most_recent"},
                   "source at its audio_links limit: refuse the newcomer, or displace the oldest (Echo)"),
       choice<D>(BTL_MEMBER(D, audio_most_recent), std::vector<std::pair<std::string, bool>>{{"keep_first", false}, {"most_recent", true}})}};
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










const Section<DeviceSpec>& device_section()
{
  static const Section<DeviceSpec> t{"scenario.devices.NAME", "Scenario: one device (key = its name)", device_bindings()};
  return t;
}

const Section<DeviceSpec>& device_defaults_section()
{
  static const Section<DeviceSpec> t = [] {
    auto b = device_bindings();
    b.erase(b.begin());  // role: the scenario gives it
    return Section<DeviceSpec>{"scenario.devices.NAME", "Scenario: one device (key = its name)", b};
  }();
  return t;
}

const Section<RadioSpec>& radio_section()
{
  using R = RadioSpec;
  static const Section<R> t{
      "scenario.devices.NAME.radio",
      "Scenario: a device's radio",
      {{choice_decl("rf", "ideal", rf_preset_names(),
                    "RF preset the other keys start from (docs/models.md, Device RF presets): ideal (class 2, 0 dBi, no "
                    "loss), phone_in_hand, small_speaker, party_speaker; any key given here overrides it"),
        [](R& r, const CheckedValue& v) {
          const RfPreset* p  = rf_preset(v.word);
          r.rf               = p->name;
          r.tx_power_dbm     = p->tx_power_dbm;
          r.antenna_gain_db  = p->antenna_gain_db;
          r.cable_loss_db    = p->cable_loss_db;
          r.body_loss_db     = p->body_loss_db;
          r.phy_sensitivity_dbm = p->sensitivity_dbm;
          return std::string();
        }},
       {choice_decl("class", "(the rf preset's: 2)", {"1", "1.5", "2", "3"}, "power class: 1 +20 dBm, 1.5 +10 dBm, 2 +4 dBm, 3 0 dBm (sets tx_power)"),
        [](R& r, const CheckedValue& v) {
          r.tx_power_dbm = class_max_tx_power_dbm(*power_class_from_string(v.word));
          return std::string();
        }},
       {{"tx_power", Dimension::power, "(class maximum)", -40, 30, {}, "transmit power; overrides class"},
        number<R>(BTL_MEMBER(R, tx_power_dbm))},
       {{"antenna_gain", Dimension::level, "(the rf preset's: 0 dB)", -20, 20, {}, "antenna gain (tx and rx)"},
        number<R>(BTL_MEMBER(R, antenna_gain_db))},
       {{"cable_loss", Dimension::level, "(the rf preset's: 0 dB)", 0, 40, {}, "feed, matching or enclosure loss (tx and rx)"},
        number<R>(BTL_MEMBER(R, cable_loss_db))},
       {{"body_loss", Dimension::level, "(the rf preset's: 0 dB)", 0, 40, {}, "loss in the hand or body at the device (tx and rx)"},
        number<R>(BTL_MEMBER(R, body_loss_db))},
       {{"noise_figure", Dimension::level, "7 dB", 0, 30, {}, "receiver noise figure"},
        number<R>(BTL_MEMBER(R, noise_figure_db))},
       {{"sensitivity", Dimension::power, "(the rf preset's, else typical for the audio packet's PHY)", -120, -20, {},
         "receiver sensitivity for the audio packet type's PHY"},
        [](R& r, const CheckedValue& v) {
          r.sensitivity_dbm = v.number;
          return std::string();
        }}}};
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

const Section<LeAudioSpec>& le_audio_section()
{
  using E = LeAudioSpec;
  const std::vector<std::pair<std::string, Phy>> phys{
      {"le1m", Phy::le1m}, {"le2m", Phy::le2m}, {"le_coded_s2", Phy::le_coded_s2}, {"le_coded_s8", Phy::le_coded_s8}};
  std::vector<std::string> phy_names;
  for (const auto& p : phys)
    phy_names.push_back(p.first);
  static const Section<E> t{
      "scenario.le_audio",
      "Scenario: LE Audio isochronous streams (topology kinds le_audio_cis and auracast; docs/models.md, LE Audio)",
      {{choice_decl("preset", "48_2_1", bap_preset_names(),
                    "BAP codec and QoS setting SETTING_QOS (QoS 1 low latency, 2 high reliability): LC3 frame and "
                    "octets, retransmissions, maximum transport latency, presentation delay (docs/references.md [le-audio])"),
        text<E>(BTL_MEMBER(E, preset))},
       {choice_decl("phy", "le2m", phy_names, "LE PHY of the isochronous PDUs"), choice<E>(BTL_MEMBER(E, phy), phys)},
       {{"presentation_delay", Dimension::time, "(the preset's, 40 ms)", 0, 4, {},
         "delay from the SDU synchronisation reference to rendering, common to all sinks"},
        number<E>(BTL_MEMBER(E, presentation_delay_s))},
       {{"retransmissions", Dimension::count, "(the preset's RTN)", 0, 30, {},
         "RTN: each SDU is sent up to RTN + 1 times"},
        number<E>(BTL_MEMBER(E, retransmissions))},
       {{"max_transport_latency", Dimension::time, "(the preset's)", 5e-3, 4, {},
         "upper bound on the transport latency the controller must meet"},
        number<E>(BTL_MEMBER(E, max_transport_latency_s))},
       {{"subevents", Dimension::count, "(controller policy, U)", 1, 31, {},
         "NSE: subevents per stream per ISO event (default: RTN + 1 or what fits the interval)"},
        number<E>(BTL_MEMBER(E, subevents))},
       {{"flush_timeout", Dimension::count, "(controller policy, U)", 1, 255, {},
         "FT (CIS): events a payload may be sent in before it is flushed"},
        number<E>(BTL_MEMBER(E, flush_timeout))},
       {{"adv_interval", Dimension::time, "100 ms", 0.02, 10.24, {},
         "auracast: extended advertising interval of the broadcast (U; plus advDelay 0-10 ms per event)"},
        number<E>(BTL_MEMBER(E, adv_interval_s))},
       {{"pa_interval", Dimension::time, "100 ms", 7.5e-3, 81.91875, {},
         "auracast: periodic advertising interval; each AUX_SYNC_IND carries the BIGInfo (U)"},
        number<E>(BTL_MEMBER(E, pa_interval_s))}}};
  return t;
}

const Section<WifiSpec>& wifi_section()
{
  using W = WifiSpec;
  static const Section<W> t{
      "scenario.wifi",
      "Scenario: Wi-Fi multi-room (topology kind wifi_multiroom; SimGrid's Wi-Fi model, docs/models.md)",
      {{list_decl("access_point", Dimension::length, 2, "[0, 0]", "x, y of the access point (numbers are metres)"), {}},
       {{"tx_power", Dimension::power, "20 dBm", -10, 30, {}, "transmit power of the access point and stations (U)"},
        number<W>(BTL_MEMBER(W, tx_power_dbm))},
       {{"chunk", Dimension::time, "20 ms", 1e-3, 1, {}, "audio carried by each message to each speaker (U)"},
        number<W>(BTL_MEMBER(W, chunk_s))},
       {{"group_buffer", Dimension::time, "75 ms", 1e-3, 5, {}, "capture to rendering, common to the group (U)"},
        number<W>(BTL_MEMBER(W, group_buffer_s))},
       {{"time_error", Dimension::time, "1 ms", 0, 1, {}, "each speaker's network-clock error: uniform +/- this (U)"},
        number<W>(BTL_MEMBER(W, time_error_s))},
       {{"background_flows", Dimension::count, "0", 0, 50, {}, "other stations' saturating transfers on the channel"},
        number<W>(BTL_MEMBER(W, background_flows))},
       {{"background_mcs", Dimension::count, "7", 0, 7, {}, "802.11n MCS of the background stations"},
        number<W>(BTL_MEMBER(W, background_mcs))},
       {{"latency", Dimension::time, "1 ms", 0, 1, {}, "per message through the access point (U)"},
        number<W>(BTL_MEMBER(W, latency_s))}}};
  return t;
}

const Section<OutputSpec>& output_section()
{
  using O = OutputSpec;
  static const Section<O> t{
      "scenario.output",
      "Scenario: output",
      {{text_decl("file", "(none)", "HDF5 result file: one per run, holding every replication"),
        text<O>(BTL_MEMBER(O, file))},
       {choice_decl("timeseries", "false", kBool, "record every frame's arrival (memory grows with duration)"),
        flag<O>(BTL_MEMBER(O, timeseries))},
       {text_decl("trace", "(none)", "Chrome/Perfetto trace-event JSON of replication 0 (open in ui.perfetto.dev or chrome://tracing)"),
        text<O>(BTL_MEMBER(O, trace))},
       {text_decl("pcap", "(none)", "pcap of replication 0's delivered ACL packets (HCI H4 with direction, Wireshark/tshark), in the trace window"),
        text<O>(BTL_MEMBER(O, pcap))},
       {{"trace_from", Dimension::time, "0 s", 0, 1e7, {}, "start of the trace's window"},
        number<O>(BTL_MEMBER(O, trace_from_s))},
       {{"trace_for", Dimension::time, "10 s", 1e-3, 3600, {}, "length of the trace's window (bounds the file: ~2 MB per 10 s of the flagship)"},
        number<O>(BTL_MEMBER(O, trace_for_s))}}};
  return t;
}

const Section<FormationSpec>& formation_section()
{
  using F = FormationSpec;
  static const Section<F> t{
      "scenario.formation",
      "Scenario (or preset file): link formation from power-on; times per docs/references.md [bt-timers]",
      {{{"inquiry", Dimension::time, "2.56 s", 0.01, 61.44, {}, "link mode: length of each inquiry phase (one train repetition, 2.56 s)"},
        number<F>(BTL_MEMBER(F, link_mode.inquiry_s))},
       {{"scan", Dimension::time, "2.56 s", 0.01, 61.44, {}, "link mode: length of each scan phase"},
        number<F>(BTL_MEMBER(F, link_mode.scan_s))},
       {{"jitter", Dimension::time, "0 s", 0, 60, {}, "link mode: uniform random extra length of every phase"},
        number<F>(BTL_MEMBER(F, link_mode.jitter_s))},
       {{"link_timeout", Dimension::time, "60 s", 0.1, 3600, {}, "speakers give up linking this long after boot"},
        number<F>(BTL_MEMBER(F, link_mode.timeout_s))},
       {{"inquiry_scan_interval", Dimension::time, "1.28 s", 0.01125, 2.56, {}, "inquiry scan interval (spec 2.56 s, Android 1.28 s)"},
        number<F>(BTL_MEMBER(F, inquiry_scan_interval_s))},
       {{"page_scan_interval", Dimension::time, "1.28 s", 0.01125, 2.56, {}, "page scan interval (R1: 1.28 s)"},
        number<F>(BTL_MEMBER(F, page_scan_interval_s))},
       {{"scan_window", Dimension::time, "11.25 ms", 0.010625, 2.56, {}, "inquiry and page scan window"},
        number<F>(BTL_MEMBER(F, scan_window_s))},
       {choice_decl("inquiry_response", "v1.2", {"v1.1", "v1.2"},
                    "how a scanner answers an inquiry: v1.1 backs off 0-1023 slots and answers at a later window; v1.2 "
                    "and later answer the first ID (Peterson et al. 2006)"),
        choice<F>(BTL_MEMBER(F, inquiry_response),
                  std::vector<std::pair<std::string, InquiryResponse>>{{"v1.1", InquiryResponse::v1_1}, {"v1.2", InquiryResponse::v1_2}})},
       {choice_decl("scan_type", "standard", {"standard", "interlaced"},
                    "inquiry and page scan: standard, or interlaced (a second window on the other train's channel, v1.2+)"),
        choice<F>(BTL_MEMBER(F, interlaced_scan), std::vector<std::pair<std::string, bool>>{{"standard", false}, {"interlaced", true}})},
       {choice_decl("page_scan_mode", "R1", {"R0", "R1", "R2"},
                    "page scan repetition: the pager repeats a train 10 ms (R0), 1.28 s (R1) or 2.56 s (R2) before switching"),
        choice<F>(BTL_MEMBER(F, page_scan_mode),
                  std::vector<std::pair<std::string, PageScanMode>>{{"R0", PageScanMode::r0}, {"R1", PageScanMode::r1}, {"R2", PageScanMode::r2}})},
       {{"page_attempts", Dimension::count, "3", 1, 100, {}, "pages of 5.12 s (Page_Timeout) before the source gives up a speaker"},
        number<F>(BTL_MEMBER(F, page_attempts))},
       {{"role_switch", Dimension::time, "30 ms", 0, 10, {}, "LMP role switch when the wrong side paged (assumption, U)"},
        number<F>(BTL_MEMBER(F, role_switch_s))},
       {{"profile_setup", Dimension::time, "300 ms", 0, 30, {}, "A2DP/AVDTP signalling after the ACL is up (assumption, U)"},
        number<F>(BTL_MEMBER(F, profile_setup_s))},
       {choice_decl("speaker_link", "true", kBool, "whether speakers can link to each other (false: Sonos in Bluetooth mode)"),
        flag<F>(BTL_MEMBER(F, speaker_link))}}};
  return t;
}

const Section<Preset>& preset_section()
{
  static const Section<Preset> t{
      "preset",
      "Preset file (scenarios/presets/NAME.yaml): a system's link formation, handshake and host rules",
      {{text_decl("preset", "", "the preset's name (= file name)"), {}},
       {text_decl("description", "", "what the system is, and the sources of its numbers"), {}},
       {text_decl("brand", "generic", "brand given to speakers that do not set one"), text<Preset>(BTL_MEMBER(Preset, brand))},
       {choice_decl("topology", "any", kinds_or_any(), "the topology kind the system builds (a scenario with another kind is an error)"),
        text<Preset>(BTL_MEMBER(Preset, topology))},
       {map_decl("formation", "link formation defaults (keys of scenario.formation)", "(defaults)"), {}},
       {map_decl("compatibility", "who may link with whom (see preset.compatibility)", "(same brand)"), {}},
       {map_decl("handshake", "firmware handshake between speakers (see preset.handshake)", "(none: mono)"), {}},
       {map_decl("source", "defaults for the source device (keys of scenario.devices.NAME)", "(none)"), {}},
       {map_decl("speaker", "defaults for speaker devices (keys of scenario.devices.NAME)", "(none)"), {}}}};
  return t;
}

const Section<Compatibility>& compatibility_section()
{
  using C = Compatibility;
  static const Section<C> t{
      "preset.compatibility",
      "Preset: compatibility rules between two speakers",
      {{choice_decl("same_brand", "true", kBool, "both speakers must have the same brand"), flag<C>(BTL_MEMBER(C, same_brand))},
       {text_decl("min_version", "(any)", "lowest firmware version allowed, e.g. 4.2.1"), version<C>(BTL_MEMBER(C, min_version), "4.2.1")},
       {text_decl("max_version", "(any)", "firmware must be below this version, e.g. 5 (v2.x-v4.x: min 2, max 5)"),
        version<C>(BTL_MEMBER(C, max_version), "4.2.1")},
       {choice_decl("version_must_match", "false", kBool, "both firmware versions must be equal"),
        flag<C>(BTL_MEMBER(C, version_must_match))}}};
  return t;
}

const Section<HandshakeFamily>& handshake_section()
{
  using H = HandshakeFamily;
  static const Section<H> t{
      "preset.handshake",
      "Preset: the firmware handshake after the baseband link is up",
      {{{"processing", Dimension::time, "5 ms", 0, 10, {}, "firmware turnaround per message"}, number<H>(BTL_MEMBER(H, processing_s))},
       {map_decl("messages", "message name: size in bytes (carried in DM1 packets)"), {}},
       {text_decl("start", "", "first state"), text<H>(BTL_MEMBER(H, start))},
       {map_decl("states", "state name: { send, timeout, retries, next, on_fail, check, on_incompatible }"), {}}}};
  return t;
}

const Section<HandshakeState>& handshake_state_section()
{
  using H = HandshakeState;
  static const Section<H> t{
      "preset.handshake.states.NAME",
      "Preset: one handshake state (send a message, wait for the answer)",
      {{text_decl("send", "", "message sent in this state (declared under messages)"), text<H>(BTL_MEMBER(H, send))},
       {{"timeout", Dimension::time, "", 1e-4, 60, {}, "wait for the answer before resending"},
        [](H& h, const CheckedValue& v) {
          h.timeout_s = v.number;
          return std::string();
        }},
       {{"retries", Dimension::count, "0", 0, 100, {}, "resends after the first attempt"}, number<H>(BTL_MEMBER(H, retries))},
       {text_decl("next", "", "state or outcome (stereo, mono, failed) after an answer"), text<H>(BTL_MEMBER(H, next))},
       {text_decl("on_fail", "failed", "state or outcome when every attempt timed out"), text<H>(BTL_MEMBER(H, on_fail))},
       {choice_decl("check", "none", {"none", "compatibility"},
                    "compatibility: apply the preset's rules to the answer (capability/version exchange)"),
        choice<H>(BTL_MEMBER(H, check_compatibility), std::vector<std::pair<std::string, bool>>{{"none", false}, {"compatibility", true}})},
       {text_decl("on_incompatible", "failed", "state or outcome when the rules refuse the pair"),
        text<H>(BTL_MEMBER(H, on_incompatible))}}};
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
