// Link formation (issue 4): actors that sleep through boot, inquiry, page and the firmware handshake. The host
// pages each of its speakers and sets up A2DP (within its audio-link limit); each speaker pair in link mode
// alternates inquiry and scan until one discovers the other, pages it, switches roles and runs the handshake.
#pragma once

#include "models/formation/handshake.hpp"
#include "sim/engine/formation_record.hpp"
#include "sim/engine/reconnection.hpp"
#include "sim/engine/run.hpp"

#include <simgrid/s4u/ConditionVariable.hpp>
#include <simgrid/s4u/Mutex.hpp>

#include <deque>
#include <optional>
#include <utility>
#include <limits>
#include <string>
#include <vector>

namespace btlinksim {

class FormationActors {
public:
  explicit FormationActors(Run& run);
  // Every link starts down; starts the speaker-pair actors, then the host actor on the source.
  void start(int source);
  const std::deque<FormationRecord>& records() const { return records_; }

private:
  // One speaker in link mode: when it inquires and scans, whether its channel is in its partner's train A, and
  // its scan phases.
  struct LinkModeEnd {
    ActivitySchedule schedule;
    ScanChannelTrains trains;
    ScanParams inquiry_scan, page_scan;
  };
  LinkModeEnd link_mode_end(int device, int partner, double ready_s);
  void link_mode_energy(int device, const LinkModeEnd& end, double from_s, double to_s);
  void host_actor(int src);
  void speaker_pair_actor(int a, int b, size_t k);
  std::pair<HandshakeOutcome, std::string> run_handshake(int a, int b, FormationRecord& rec,
                                                         const std::optional<std::string>& incompatible, RngStream& rng);

  Run& run_;
  const Scenario& s_;
  int rep_;
  std::deque<FormationRecord> records_;  // deque: actors hold references while others append
  std::vector<size_t> pair_records_, host_records_;
  int pairs_pending_ = -1;
  simgrid::s4u::ConditionVariablePtr pair_done_;
  simgrid::s4u::MutexPtr pair_mutex_;
};

}  // namespace btlinksim
