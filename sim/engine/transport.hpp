// A transport, the engine's half: how audio crosses from the source to the sinks in one run. One implementation
// per transport -- ACL with ARQ (acl_transport.hpp), LE isochronous streams (iso_transport.hpp), Wi-Fi
// multi-room (wifi_transport.hpp) -- each owning its platform, its actors and how its sinks keep time. The
// loader's half (sim/scenario/transport_kind.hpp) is what the topology kind returns; its name() finds this one
// (make_transport, transport.cpp: one line per transport).
#pragma once

#include "sim/engine/formation_record.hpp"
#include "sim/engine/run.hpp"

#include <deque>

#include <memory>

namespace btlinksim {

// How one sink renders: its mode, its delay after capture (source-clock seconds) and its own error.
struct SinkTiming {
  SyncMode mode   = SyncMode::free_running;
  double delay_s  = 0;
  double offset_s = 0;
};

// The RF channel an exchange was sent on: its index in its band plan and its centre frequency.
struct ExchangeChannel {
  int index   = -1;  // BR/EDR: k of 2402 + k MHz; LE: the data channel 0..36; -1: not modelled
  double mhz  = 0;
};

class Transport {
public:
  virtual ~Transport() = default;
  Transport(const Transport&)            = delete;
  Transport& operator=(const Transport&) = delete;
  // The platform: one host per device in run.hosts (a zone without links unless the transport has a network).
  virtual void create_platform() { run_.create_hosts(); }
  // Starts the source's actor and whatever else carries the audio.
  virtual void start() = 0;
  // How sink i renders. By default the scenario's audio.sync, after the playout delay, with the error of a
  // time-to-play sink tracking the piconet clock; each transport adds its own mechanisms.
  virtual SinkTiming sink_timing(size_t sink) const;
  // The channel of link's exchange that starts at start_s, asked as it is signalled (on_exchange) or for an
  // exchange of a run of clean ones (on_clean_exchanges). By default none (the trace then shows none).
  virtual ExchangeChannel exchange_channel(int /*link*/, double /*start_s*/) const { return {}; }
  // A transport that forms its own links (LE Audio CIS with a formation section): the formation table's rows.
  virtual const std::deque<FormationRecord>* formation_records() const { return nullptr; }

protected:
  explicit Transport(Run& run) : run_(run) {}
  Run& run_;
};

// The engine's transport for the scenario's (transport_of(run.s).name()); the run's end and attempt settings
// are the transport's from here on.
std::unique_ptr<Transport> make_transport(Run& run);

}  // namespace btlinksim
