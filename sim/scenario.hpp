// Scenario: the resolved, validated content of a YAML scenario file, and the loader that builds it.
// Every key is declared once (scenario_tables()) with unit, default, range and help; the loader reports every
// problem at once as "file:line:column: what is wrong; what to do".
#pragma once

#include "models/codec.hpp"
#include "models/link.hpp"
#include "models/link_budget.hpp"
#include "models/params.hpp"
#include "models/playout.hpp"
#include "models/radio.hpp"

#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

struct Location {
  int line = 0, column = 0;  // 1-based; 0 = unknown
};

struct Diagnostic {
  Location where;
  std::string message;
};

enum class Role { source, speaker };
enum class TopologyKind { relay, dual_stream, single };
enum class FadingKind { none, rayleigh, rician };

struct RadioSpec {
  double tx_power_dbm       = 4.0;
  double antenna_gain_db    = 0.0;
  double cable_loss_db      = 0.0;
  double noise_figure_db    = kDefaultNoiseFigure_db;
  std::optional<double> sensitivity_dbm;  // for the audio packet type's PHY; default typical
};

struct DeviceSpec {
  std::string name;
  Role role = Role::speaker;
  RadioSpec radio;
  double x_m = 0, y_m = 0;
  double clock_drift_ppm = 0;
  std::string channel    = "stereo";
  int max_links          = 7;  // active slaves per piconet [mpirical-piconet]
  Location where;
};

struct EnvironmentSpec {
  PathLossModel path_loss = LogDistance{};
  double shadowing_sigma_db = 0;
  FadingKind fading         = FadingKind::none;
  double rician_k_db        = 6.0;
};

struct TopologySpec {
  TopologyKind kind = TopologyKind::relay;
  std::vector<std::string> chain;  // relay: source first
  std::vector<std::string> sinks;  // dual_stream / single
  std::string source;
  std::vector<Location> chain_where, sinks_where;
  Location where;
};

struct AudioSpec {
  Codec codec           = make_sbc(53);
  AclType packet_type   = AclType::edr2_dh5;
  double playout_delay_s = 0.150;
  SyncMode sync         = SyncMode::ttp;
  double flush_timeout_s = 0;  // 0: never flush (Android A2DP default [android-bta-av-cfg])
  int tx_queue_limit     = 20;
};

struct OutputSpec {
  std::string file;  // empty: no HDF5 output
  bool timeseries = false;
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
  OutputSpec output;

  const DeviceSpec* device(const std::string& name) const;
  int device_index(const std::string& name) const;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  std::vector<Diagnostic> errors;
  std::string file;
  // "file:line:column: message" lines, one per error.
  std::string format_errors() const;
};

LoadResult load_scenario_file(const std::string& path);
LoadResult load_scenario_text(const std::string& text, const std::string& file_name);

// Every declared table of the scenario format (top level, environment, devices, radio, topology, audio, output).
std::vector<const ParamTable*> scenario_tables();

// The links the topology asks for (transmitter, receiver), in order: relay hops along the chain,
// or source -> each sink.
std::vector<std::pair<int, int>> topology_links(const Scenario& s);
// Median received power and the receiver used on a link (for checks and the simulator).
LinkEnds link_ends(const Scenario& s, int tx, int rx);
Receiver link_receiver(const Scenario& s, int rx, Phy phy);
double distance_m(const DeviceSpec& a, const DeviceSpec& b);

}  // namespace btlinksim
