// Wi-Fi multi-room transport (topology kind wifi_multiroom): the platform is a SimGrid Wi-Fi zone -- one air
// link shared by the stations at their own 802.11n rates (models/wifi/wifi.hpp), its access point a router --
// and the audio is real SimGrid communications: every `chunk` of audio the source sends each speaker its own
// unicast message (detached), each speaker's receiver actor takes it when it arrives; background stations keep
// saturating transfers going. Unlike the Bluetooth transports, the engine's network model decides the times:
// contention from more speakers or background traffic slows every transfer.
//
// With `wifi.network: packet` the network is an 802.11n BSS in ns-3 instead (sim/engine/ns3_bss.hpp), simulated
// before the engine runs -- the messages are open loop, so their deliveries do not depend on the rest of the run
// -- and each speaker's receiver replays its deliveries and losses (retry limit: channel; queue or lifetime:
// air_time) at their times.
#pragma once

#include "sim/engine/transport.hpp"

#include <cstdint>
#include <deque>
#include <string>

namespace btlinksim {

class WifiTransport : public Transport {
public:
  // Sets the run's end (after the group's buffer) and marks it without Bluetooth exchanges.
  explicit WifiTransport(Run& run);
  // Creates the hosts (run.hosts, one per device) in a Wi-Fi zone, plus the background stations.
  void create_platform() override;
  // Starts the source, the speakers' receivers and the background transfers.
  void start() override;
  // Network-time sinks: the group's buffer, each speaker off by its clock error.
  SinkTiming sink_timing(size_t sink) const override;
  // Bytes of one chunk's message: the stream's bit rate over the chunk plus IP/UDP/RTP headers (40 B, U).
  std::uint64_t chunk_bytes() const;
  int frames_per_chunk() const;

private:
  struct Chunk {
    std::int64_t first;
    int frames;
    double sent_s;
  };
  // Every chunk of the run with the time the source sends it (its last frame captured, through its host buffer).
  std::vector<Chunk> plan_chunks() const;
  void source_actor();
  void start_flow();
  void start_packet();
  std::deque<Chunk> chunks_;  // owned here: detached messages point into it (stable addresses)
  std::vector<std::string> background_;  // background station pairs: tx, rx, tx, rx, ...
};

}  // namespace btlinksim
