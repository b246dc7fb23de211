// Scenario: the resolved, validated content of a YAML scenario file, and the loader that builds it.
// Every key is declared once (scenario_tables()) with unit, default, range and help; the loader reports every
// problem at once as "file:line:column: what is wrong; what to do".
#pragma once

#include "models/audio/codec.hpp"
#include "models/channel/channel_spec.hpp"
#include "models/channel/interference.hpp"
#include "models/formation/formation.hpp"
#include "models/formation/handshake.hpp"
#include "models/formation/le_formation.hpp"
#include "models/radio/link.hpp"
#include "models/radio/link_budget.hpp"
#include "models/core/params.hpp"
#include "models/audio/playout.hpp"
#include "models/radio/radio.hpp"
#include "models/radio/power.hpp"
#include "models/iso/iso.hpp"

#include <limits>
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace btlinksim {

struct Location {
  int line = 0, column = 0;  // 1-based; 0 = unknown
};

struct Diagnostic {
  Location where;
  std::string message;
  std::string file = "";  // empty: the scenario file; else e.g. the preset file the problem is in
};
// "FILE:LINE:COLUMN: MESSAGE\n", or "FILE: MESSAGE\n" for a problem of the whole file (no location).
std::string format_diagnostic(const std::string& file, Location where, const std::string& message);

// Whether yaml-cpp's parse of a text is first tried in a bounded child process (sim/scenario/yaml_reader.hpp):
// always for a file a user gives, only when the pre-scan finds something suspicious for text btlinksim wrote.
enum class YamlProbe { always, if_suspicious };

enum class Role { source, speaker };

struct RadioSpec {
  std::string rf            = "ideal";  // the RF preset the values below start from (models/radio/rf_preset.hpp)
  double tx_power_dbm       = 4.0;
  double antenna_gain_db    = 0.0;
  double cable_loss_db      = 0.0;
  double body_loss_db       = 0.0;  // the hand or body at the device (tx and rx)
  double noise_figure_db    = kDefaultNoiseFigure_db;
  std::optional<double> sensitivity_dbm;  // for the audio packet type's PHY; default the preset's, else typical
  std::array<std::optional<double>, 7> phy_sensitivity_dbm;  // the preset's, per PHY (all_phys() order)
  double losses_db() const { return cable_loss_db + body_loss_db; }
};

// A wired output of a bridge (topology kind bridge): the cable or USB path from the bridge's audio output to
// this speaker, and whose clock the speaker's DAC runs on.
struct WireSpec {
  double latency_s = 0;     // fixed path delay: cable, DSP, USB transfer
  double jitter_s  = 0;     // uniform extra delay per frame (USB scheduling, U)
  bool own_clock   = false;  // a DAC with its own crystal (clock_drift) instead of the bridge's (splitter, AVR)
  double buffer_s  = 0.010;  // the output's buffer before rendering (U)
};

// The device's power profile (models/radio/power.hpp): unset values come from the default profile of the PHY
// family in use (BR/EDR: CC256x, LE: nRF52832); battery: none = no battery-life figure.
struct PowerSpec {
  std::optional<double> tx_a, rx_a, idle_a, supply_v;
  double other_a = 0;
  std::optional<double> battery_c;
};

struct DeviceSpec {
  std::string name;
  Role role = Role::speaker;
  RadioSpec radio;
  double x_m = 0, y_m = 0;  // position at t = 0
  int floor    = 0;          // storey (floors between two devices: the difference)
  std::vector<Waypoint> waypoints;  // empty: fixed at (x, y) unless random_walk
  RandomWalkSpec random_walk;       // random waypoint, drawn per replication
  BodySpec body;
  double clock_drift_ppm = 0;
  std::string channel    = "stereo";
  int max_links          = 7;  // active slaves per piconet [mpirical-piconet]
  // Link formation (used when the scenario has a preset or a formation section)
  double power_on_s    = 0;
  double boot_s        = 2;  // power-on to radio ready (assumption, U)
  double boot_jitter_s = 0;  // U(0, jitter) added per replication
  std::string firmware = "1.0";
  std::string brand    = "generic";
  // Audio pipeline stages (models/audio/pipeline.hpp); defaults: the declarations
  double encoder_tick_s  = 0.020;  // source: the encoder runs every tick (the declared default: Android 20 ms)
  double host_buffer_s   = 0;  // source: OS/mixer buffering before the encoder
  double output_delay_s  = 0;  // sink: decoder output to sound (DSP, DAC)
  double forward_delay_s = 0;  // relay: hold before re-transmitting a packet
  double scatternet_period_s = 0, scatternet_share = 0.5, scatternet_guard_s = 0;  // relay: time split (U)
  int audio_links      = 7;      // host: A2DP streams the source keeps at once
  bool audio_most_recent = false;  // host at its audio-link limit: the newest displaces the oldest (Echo)
  WireSpec wire;                   // bridge outputs only
  PowerSpec power;
  Location where;
};

// The connection once formed: supervision, reconnection, adaptive frequency hopping.
struct ConnectionSpec {
  double supervision_timeout_s = 20.0;  // Link_Supervision_Timeout default 0x7D00 [codetd-lsto]; 0 = disabled
  double poll_interval_s       = 0.025;  // T_poll 40 slots when no data is queued [sig-baseband] (U)
  bool reconnect               = true;
  int reconnect_attempts       = 0;  // pages of 5.12 s; 0 = until the end of the run
  bool afh                     = false;
  AfhParams afh_params;
};

class TopologyKind;  // sim/scenario/topology_kind.hpp: one strategy per kind (relay, dual_stream, single, ...)

// The topology as written: the kind and the device lists the kind reads.
struct TopologySpec {
  const TopologyKind* kind = nullptr;
  std::vector<std::string> chain;  // relay: source first
  std::vector<std::string> sinks;  // dual_stream / single
  std::string bridge;              // bridge: the Bluetooth sink that feeds the outputs by wire
  std::vector<std::string> outputs;  // bridge: the speakers fed by wire
  std::string source;
  std::vector<Location> chain_where, sinks_where, outputs_where;
  Location where, kind_where, chain_at, sinks_at, bridge_at, outputs_at;  // the topology map, its kind value, the chain and sinks lists
};

// The topology resolved once by the loader (the kind's resolve()) and used everywhere: each link's ends and
// where the scenario names its receiver, what its receiver re-transmits on, the sinks, the speaker pairs that
// form in link mode.
// audio: carries the stream; snoop: the receiver overhears another link (snoop kind, no exchanges of its own);
// repair: the snooped link's receiver re-sends what the snooper missed.
enum class LinkRole { audio, snoop, repair };
struct TopologyLink {
  int tx = -1, rx = -1;
  int next = -1;  // the link the receiver re-transmits on (relay), else -1
  int sink = -1;  // the receiver's sink index, else -1
  LinkRole role = LinkRole::audio;
  std::vector<int> snooped_by;  // audio link: the snoop links that overhear it
  int repair     = -1;  // snoop link: the repair link for what it missed
  Location where;
};
struct ResolvedTopology {
  int source = -1;
  std::vector<TopologyLink> links;                // in order (the link index)
  std::vector<int> sinks;                         // device of each sink, in sink order
  std::vector<int> wired_from;                    // per sink: the sink that feeds it by wire (bridge), else -1
  std::vector<std::pair<int, int>> speaker_pairs;  // speaker links formed in link mode: (master side, other)
  bool host_waits_for_pairs = false;              // the source adds its later speakers once the pairs formed
  std::string member_list;                        // the key a speaker is listed under ("chain", "sinks")
  int link_between(int tx, int rx) const;          // index, or -1
};

struct AudioSpec {
  Codec codec           = make_sbc(53);
  AclType packet_type   = AclType::edr2_dh5;
  double playout_delay_s = 0.150;
  SyncMode sync         = SyncMode::ttp;
  double flush_timeout_s = 0;  // 0: never flush (Android A2DP default [android-bta-av-cfg])
  double repair_window_s = 0.05;  // snoop: how long the primary keeps re-sending a packet the snooper missed (U)
  int tx_queue_limit     = 20;
  JitterBuffer jitter_buffer;  // defaults: the declarations
  Location jitter_buffer_where;
};

// Link formation: the devices start unlinked at power-on (issue 4). Disabled: every link is up at t = 0.
struct FormationSpec {
  bool enabled = false;
  std::string preset;  // preset name ("" = none)
  std::string preset_path;  // the preset file read
  std::string preset_topology = "any";
  LinkModePolicy link_mode;
  double inquiry_scan_interval_s = 1.28;  // Android default; spec 2.56 s (docs/references.md [bt-timers])
  double page_scan_interval_s    = 1.28;
  double scan_window_s           = 0.01125;
  InquiryResponse inquiry_response = InquiryResponse::v1_2;  // defaults: the declarations
  bool interlaced_scan             = false;
  PageScanMode page_scan_mode      = PageScanMode::r1;
  int page_attempts              = 3;
  double role_switch_s           = 0.03;  // U
  double profile_setup_s         = 0.3;   // A2DP/AVDTP signalling after the ACL is up (U)
  bool speaker_link              = true;  // speakers link to each other (relay hop, stereo pair)
  Compatibility compatibility;
  std::optional<HandshakeFamily> handshake;  // none: speakers link without a firmware handshake (mono)
  LeFormationParams le;  // le_audio_cis: advertising, connection, set-up and CIS creation
};

// LE Audio isochronous streams (topology kinds le_audio_cis and auracast; models/iso/iso.hpp).
struct LeAudioSpec {
  std::string preset = "48_2_1";  // BAP setting and QoS
  Phy phy            = Phy::le2m;
  std::optional<double> presentation_delay_s, max_transport_latency_s;  // default: the preset's
  std::optional<int> retransmissions, subevents, flush_timeout;         // default: preset / controller policy
  double adv_interval_s = 0.1;  // auracast: extended advertising interval (U)
  double pa_interval_s  = 0.1;  // auracast: periodic advertising interval, BIGInfo in each AUX_SYNC_IND (U)
  Location where;
};

// The isochronous group an LE Audio transport resolves le_audio to (sim/scenario/transports/iso.cpp).
struct IsoGroup {
  IsoGroupConfig group;
  IsoTiming timing;
  double presentation_delay_s = 0;  // le_audio.presentation_delay, or the preset's
  std::vector<int> stream_of_sink;  // CIS: its own; BIS: the stream of the sink's audio channel
  std::vector<std::string> stream_names;
};

// Wi-Fi multi-room (topology kind wifi_multiroom; models/wifi/wifi.hpp, sim/engine/wifi_transport.hpp).
struct WifiSpec {
  double ap_x_m = 0, ap_y_m = 0;  // the access point
  double tx_power_dbm   = 20;     // of the access point and the stations (U: a typical 2.4 GHz router)
  double chunk_s        = 0.020;  // audio per unicast message to each speaker (U)
  double group_buffer_s = 0.075;  // capture to rendering, common to the group (U)
  double time_error_s   = 1e-3;   // each speaker's network-time error: uniform +/- this (U)
  int background_flows  = 0;      // other stations' saturating transfers sharing the channel
  int background_mcs    = 7;
  double latency_s      = 1e-3;   // per message through the access point (U)
  // flow: SimGrid's Wi-Fi zone (air time shared, no collisions or retries); packet: an 802.11n BSS in ns-3
  // (CSMA/CA, collisions, retries, queues; sim/engine/ns3_bss.hpp).
  enum class Network { flow, packet } network = Network::flow;
  Location where;
};

struct OutputSpec {
  std::string file;  // empty: no HDF5 output (`file: none`, or not given: the commands that write apply the default)
  bool file_given = false;  // the scenario names output.file (or none)
  bool timeseries = false;
  std::string trace;             // Chrome/Perfetto trace-event JSON of replication 0 (empty: none)
  std::string pcap;              // HCI H4 capture of replication 0's ACL packets (empty: none)
  double trace_from_s = 0;       // the trace's window
  double trace_for_s  = 10;
  Location trace_where;
  Location where;    // of output.file
};

struct Scenario {
  std::string file;
  std::string title;
  std::string text;  // the file's text, for provenance
  double duration_s = 60;
  std::uint64_t seed = 1;
  int replications = 1;
  EnvironmentSpec environment;
  std::vector<DeviceSpec> devices;
  TopologySpec topology;
  AudioSpec audio;
  FormationSpec formation;
  ConnectionSpec connection;
  LeAudioSpec le_audio;
  WifiSpec wifi;
  OutputSpec output;
  // What the checks found that does not stop a run (a link below the criterion's received power, a radio over its
  // air time): located, printed as warnings; errors with --strict (sim/scenario/link_check.hpp).
  std::vector<Diagnostic> warnings;
  // What the loader derives from the input once it is valid, apart from what the file says: the topology kind's
  // links, sinks and speaker pairs, and an LE Audio transport's group. Nothing in a file sets it.
  struct Resolved {
    ResolvedTopology topo;
    IsoGroup iso;
  } resolved;

  const DeviceSpec* device(const std::string& name) const;
  // The first device of that name, or -1. Through a name -> index map, built on first use and again when a name
  // is not found where it says (every hit is checked against devices[i].name; a miss searches): a 5,000-receiver
  // broadcast looks names up thousands of times while it loads.
  int device_index(const std::string& name) const;

private:
  mutable std::unordered_map<std::string, int> device_index_;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  std::vector<Diagnostic> errors;
  std::string file;
  // "file:line:column: message" lines, one per error.
  std::string format_errors() const;
  // "file:line:column: warning: message" lines, one per warning of the scenario.
  std::string format_warnings() const;
};

LoadResult load_scenario_file(const std::string& path);
LoadResult load_scenario_text(const std::string& text, const std::string& file_name,
                              YamlProbe probe = YamlProbe::if_suspicious);

// Every declared table of the scenario format (top level, environment, devices, radio, topology, audio, output,
// formation) and of preset files (preset, compatibility, handshake, handshake state): sim/scenario/declarations.
std::vector<const ParamTable*> scenario_tables();
// Directories searched for `preset: NAME` (NAME.yaml): the scenario's own presets/ folder, then the installed one.
std::vector<std::string> preset_dirs(const std::string& scenario_file);

// The channel the devices see (environment and each device as a radio end), for ChannelField and the checks.
ChannelSpec channel_spec(const Scenario& s);
// The PHY audio is sent in (the transport's, sim/scenario/transport_kind.hpp).
Phy audio_phy(const Scenario& s);
// A device's received power from the Wi-Fi access point (the channel's path loss and walls at wifi.tx_power;
// sim/scenario/transports/wifi.cpp).
double wifi_rx_dbm(const Scenario& s, int device);
// A device's power profile: its power section over the transport's default.
PowerProfile power_profile(const Scenario& s, int device);
// The receiver used on a link (for checks and the simulator).
Receiver link_receiver(const Scenario& s, int rx, Phy phy);
double distance_m(const DeviceSpec& a, const DeviceSpec& b);

}  // namespace btlinksim
