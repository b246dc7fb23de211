// What the channel between devices depends on, as value types: the environment (path loss, shadowing, fading,
// walls, interferers) and each device as a radio end (power and gains, position over time, floor, body). The
// scenario loader builds one (sim/scenario); models/channel/channel_field.hpp evaluates it over time.
#pragma once

#include "models/channel/geometry.hpp"
#include "models/channel/propagation.hpp"
#include "models/radio/link_budget.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace btlinksim {

enum class FadingKind { none, rayleigh, rician };

struct InterfererSpec {
  std::string name;
  enum class Kind { wifi, piconet } kind = Kind::wifi;
  Point position;
  int floor          = 0;
  double power_dbm   = 20;    // Wi-Fi AP/phone EIRP 20 dBm; a piconet: its class
  int wifi_channel   = 6;
  double duty        = 0.5;   // fraction of time on the air
  int packet_slots   = 5;     // piconet: slots per packet (DH5/2-DH5)
};

struct EnvironmentSpec {
  PathLossModel path_loss = LogDistance{};
  double shadowing_sigma_db = 0;
  double shadowing_decorrelation_m = 5;  // Gudmundson distance (assumption, U; see docs/channel.md)
  double shadowing_time_constant_s = std::numeric_limits<double>::infinity();  // static room: never redrawn
  FadingKind fading         = FadingKind::none;
  double rician_k_db        = 6.0;
  double coherence_time_s   = 0;  // 0: fading independent per attempt (each hops to a new channel)
  double channel_step_s     = 0.01;  // sampling period of the slow channel (positions, body, shadowing)
  std::vector<Wall> walls;
  std::vector<InterfererSpec> interferers;
};

// Random-waypoint movement of a device, drawn per replication.
struct RandomWalkSpec {
  bool enabled = false;
  Room room;
  double speed_min_m_s = 0.5, speed_max_m_s = 1.5, pause_s = 2;
};

// A person blocking a device's links on and off (two-state Markov).
struct BodySpec {
  bool enabled = false;
  double loss_db = 15, mean_clear_s = 10, mean_blocked_s = 2;  // docs/references.md [body] (D)
};

// One device as the channel sees it.
struct ChannelEnd {
  std::string name;               // names its random streams
  double tx_power_dbm    = 4;
  double antenna_gain_db = 0;     // tx and rx
  double cable_loss_db   = 0;     // tx and rx
  Point start;                    // position at t = 0
  int floor = 0;
  std::vector<Waypoint> waypoints;  // empty: fixed at start unless random_walk
  RandomWalkSpec random_walk;
  BodySpec body;
};

struct ChannelSpec {
  EnvironmentSpec environment;
  std::vector<ChannelEnd> ends;
  std::uint64_t seed = 1;
  double horizon_s   = 0;  // trajectories are drawn up to here
};

// The one median received power of a link (no fading, shadowing or body): tx power and gains, path loss at the
// distance between the two points, walls crossed by the line of sight and the floors between the ends.
// The simulator's channel, the topology check and the range search all use it.
double median_rx_dbm(const ChannelSpec& c, int tx, int rx, Point at_tx, Point at_rx);
// The same chain for any two ends (an interferer or a Wi-Fi access point is no device of the scenario): every
// median received power of the simulator is computed here.
double median_rx_dbm(const EnvironmentSpec& e, const LinkEnds& ends, Point at_tx, Point at_rx, int floors_between);

}  // namespace btlinksim
