// The world of one replication: the platform's hosts, each device's half-duplex radio and slot grid, the links
// with their PHY, queue and supervision state, the channel, and the signals. Built before the actors start;
// the parts of the engine (transport, reconnection, formation actors, collectors) share it.
#pragma once

#include "models/baseband/acl_queue.hpp"
#include "models/baseband/airtime.hpp"
#include "models/baseband/attempt_phy.hpp"
#include "models/baseband/scatternet.hpp"
#include "models/baseband/supervision.hpp"
#include "models/channel/channel_field.hpp"
#include "models/formation/formation.hpp"
#include "models/radio/power.hpp"
#include "sim/engine/signals.hpp"
#include "sim/scenario/scenario.hpp"

#include <simgrid/forward.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace btlinksim {

// One radio link of the topology in one run. A relay chain's packet passes every link in turn, so what a
// packet-hop reads and writes comes first, in the object's first kHotBytes (64-byte aligned: four cache lines,
// the ones AclTransport prefetches for the next hop); names and the rest of the PHY follow (docs/performance.md,
// "The 1,000-speaker chain per hop").
struct alignas(64) LinkState {
  LinkState(const Scenario& s, int rep, int index, ChannelField& field);
  int index = 0, tx = 0, rx = 0;
  int next  = -1;  // relay: the link the receiver re-transmits on
  int sink  = -1;  // the receiver's sink index
  LinkRole role = LinkRole::audio;
  double flush_s = 0;          // give up a packet after this long in ARQ (0: never); a repair link's window
  double forward_delay_s = 0;  // the receiver's, when it relays
  AclQueue queue;
  LinkSupervision sup;
  std::vector<int> snooped_by;  // audio link: the snoop links overhearing it
  int repair = -1;              // snoop link: where what it missed is re-sent
  LinkPhy phy;                  // its static-channel attempt state first (LinkPhy)
  // Cold: set-up, logging and the tables.
  std::string name;
  double distance_m = 0;  // at t = 0
  // The hot part's size: up to the end of the PHY's static-channel attempt state.
  static constexpr std::size_t kHotBytes = 256;
};

struct Run {
  Run(const Scenario& s, int rep);
  // Creates one host per device on a SimGrid zone (after the engine exists); with `runs_actors`, only for the
  // devices it marks, the others' hosts null (a broadcast's thousands of receivers run no actor).
  void create_hosts(const std::vector<char>* runs_actors = nullptr);
  // The hop sequence of the piconet whose central is device `central` (its address and clock).
  HopSequence hop_sequence(int central) const;

  const Scenario& s;
  int rep;
  double end_s;  // audio duration + playout delay
  // The ACL source's own time (the ready time of the packet it carries). It may run ahead of SimGrid's clock
  // while no other actor exists (AclTransport::source_actor); sync_clock() catches the clock up before an
  // actor is started or anything else looks at the clock.
  double source_now_s = 0;
  void sync_clock();
  ChannelField field;
  AttemptSetting attempt;
  std::vector<simgrid::s4u::Host*> hosts;
  std::vector<RadioTimeline> radios;
  std::vector<SlotGrid> grids;
  std::vector<HopClock> clocks;  // each device's native clock as the inquiry and page hopping sees it
  std::vector<PresenceSchedule> presence;  // relay nodes' time split between two piconets (inactive elsewhere)
  std::vector<std::unique_ptr<LinkState>> links;  // by index; actors hold references
  int frames_per_packet     = 1;
  std::int64_t total_frames = 0;
  long long hops            = 0;  // packet-hops simulated
  std::vector<double> tx_s, rx_s;  // per device: time transmitting and receiving (energy)
  // Formation: `d` scans with these windows over [from, to), or sends an inquiry/page train over it.
  void scanning(int d, const ScanParams& p, double from_s, double to_s)
  {
    rx_s[d] += scan_window_time_s(p.interval_s, p.window_s, p.phase_s, from_s, std::min(to_s, end_s));
  }
  void train(int d, double from_s, double to_s)
  {
    const double len = std::max(0.0, std::min(to_s, end_s) - from_s);
    tx_s[d] += train_tx_s(len);
    rx_s[d] += train_rx_s(len);
  }
  // One exchange's air: `tx` sends `packet_s` and `rx` receives it; `rx` answers (`answer_s`) only what it
  // received, and `tx` listens for the answer either way.
  void air(int tx, int rx, double packet_s, double answer_s, bool answered)
  {
    tx_s[tx] += packet_s;
    rx_s[rx] += packet_s;
    rx_s[tx] += answer_s;
    if (answered)
      tx_s[rx] += answer_s;
  }
  Signals signals;

  // Power-on + boot (+ jitter drawn per replication) of a device.
  double ready_s(int device) const;
  // Probability that a short control packet (ID/FHS/DM1 of `bytes`) gets through at the link's median power.
  double control_ok(int tx, int rx, int bytes, double t);
  // A device's scan schedule of the given interval, at a phase drawn for `purpose`.
  ScanParams scan_of(int device, double interval_s, const char* purpose) const;
  // Whether `scanner`'s channel is in `other`'s train A: `other` inquires, or pages without the scanner's clock.
  ScanChannelTrains trains(int scanner, int other) const { return ScanChannelTrains(clocks[scanner], clocks[other]); }
  // How long a pager repeats one train before switching (the scanner's page scan mode).
  double page_train_repetition() const { return page_train_repetition_s(s.formation.page_scan_mode); }
  LinkState* link_between(int tx, int rx);

  // Every actor of a run starts here. An exception escaping its body (SimGrid would abort the process) ends
  // the run instead: the first such fault is kept, every other actor is killed, and run_replication reports
  // the run as failed with the fault's message.
  simgrid::s4u::ActorPtr spawn(const std::string& name, simgrid::s4u::Host* host, std::function<void()> body);
  // Records a fault (the first one wins) and stops the simulation; from an actor or the engine's callbacks.
  void fail(const std::string& why);
  std::string fault;  // empty: the run went as modelled
};

}  // namespace btlinksim
