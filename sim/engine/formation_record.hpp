// One row of the formation table: what link formation produced for one link (BR/EDR: sim/engine/formation_actors;
// LE Audio CIS: sim/engine/le_link_formation).
#pragma once

#include "models/formation/handshake.hpp"

#include <limits>
#include <string>

namespace btlinksim {

// What link formation produced for one link (or the speakers' stereo-pair control link).
struct FormationRecord {
  std::string name;
  double start_s = 0;  // both ends ready
  double up_s    = std::numeric_limits<double>::quiet_NaN();
  double discovered_s = std::numeric_limits<double>::quiet_NaN();
  double handshake_s  = std::numeric_limits<double>::quiet_NaN();  // duration of the handshake
  double down_s       = std::numeric_limits<double>::quiet_NaN();
  int retries = 0, messages = 0;
  HandshakeOutcome outcome = HandshakeOutcome::failed;
  std::string reason = "not attempted";
};

}  // namespace btlinksim
