// Packet-level 802.11 through ns-3 (Debian's libns3 3.37): one infrastructure BSS simulated ahead of a run --
// DCF contention, collisions, retries, the access point's queue and rate control are ns-3's (its validated
// Wi-Fi model, docs/references.md [ns3-wifi]) -- and what the run needs of it returned as values: when each
// audio message reached each speaker, or why it did not. The audio is open loop (every message is sent at a
// time fixed by the source's capture clock whatever happened before), so simulating the BSS first and
// replaying its deliveries into the SimGrid run (sim/engine/wifi_transport.hpp) is exact.
//
// The network (docs/models.md, "Wi-Fi multi-room"):
//   - an access point and its stations on one 20 MHz channel; when the last station has associated the background
//     traffic starts, and 100 ms later (U) the audio: that is run time 0;
//   - received powers from a loss matrix: each station's loss to the access point is the scenario's, every other
//     pair `default_loss_db` (all stations hear one another: no hidden stations, U);
//   - the source station sends each speaker its own message through the access point (two hops on the air);
//   - background stations keep their queue non-empty (saturation) with `background_bytes` frames to the access
//     point, at a fixed MCS;
//   - no A-MPDU aggregation (each MPDU is acknowledged on its own: the DCF that Bianchi's model describes, U).
// Only ns-3 headers are included by the implementation; the rest of sim/ sees these value types.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace btlinksim {

struct BssStation {
  std::string name;
  double loss_db = 60;  // path loss to (and from) the access point
};

// Why a message never reached its speaker (ns-3's WifiMacDropReason, folded): the air failed every try
// (retry limit), or the network was too busy to send it (queue full or the MPDU's lifetime over).
enum class BssDrop : std::uint8_t { none, retry_limit, congestion };

struct BssSpec {
  enum class Phy { ht_2_4ghz, erp_ofdm };  // 802.11n HT 20 MHz at 2.4 GHz; 802.11g ERP-OFDM (validation)
  Phy phy = Phy::ht_2_4ghz;
  double tx_power_dbm = 20;
  std::vector<BssStation> stations;  // the source and the speakers, in device order
  int source = 0;                    // index into stations
  std::vector<int> speakers;         // indices into stations, in sink order
  std::vector<double> send_times_s;  // one message to every speaker at each (run time)
  std::uint32_t message_bytes = 0;
  // Rate of the source and speakers: "" for ideal rate control (ns-3's IdealWifiManager, U), else a fixed ns-3
  // mode name ("HtMcs7", "ErpOfdmRate54Mbps").
  std::string station_mode;
  int background = 0;
  std::string background_mode = "HtMcs7";
  std::uint32_t background_bytes = 1500;
  double default_loss_db  = 50;   // between any two devices the loss matrix does not name (U)
  double background_loss_db = 50;  // background stations to the access point (U: close enough for any MCS)
  double max_association_s = 30;   // ns-3 time by which every station must have associated
  double duration_s = 10;          // run time simulated
  std::uint32_t ns3_seed = 1;      // ns-3's RngSeedManager seed and run
  std::uint64_t ns3_run  = 1;
};

struct BssResult {
  // [speaker][message]: run time the speaker's socket received it, or NaN; why not, for the NaNs.
  std::vector<std::vector<double>> delivered_s;
  std::vector<std::vector<BssDrop>> dropped;
  // [speaker][message]: its transmissions on the air, every try, by hop: source -> access point, access point ->
  // speaker ({1, 1} for a message delivered at each hop's first try; {7, 0} lost at the first hop's retry limit).
  std::vector<std::vector<std::array<std::uint16_t, 2>>> transmissions;
  // Background payload bytes the access point received in run time [0, duration): per background station.
  std::vector<std::uint64_t> background_rx_bytes;
  std::uint64_t retries = 0;          // MPDU retransmissions of every station (ns-3's "MpduResponseTimeout")
  std::uint64_t events  = 0;          // ns-3 events executed
  // Stations that had not associated by max_association_s (then nothing was sent), by name; empty: all did.
  std::vector<std::string> unassociated;
  double associated_s = 0;  // ns-3 time of the last station's association
  double start_s      = 0;  // ns-3 time of run time 0 (associated_s + 100 ms)
};

// Runs the BSS in ns-3 (this process's ns-3 simulator, destroyed before return). Deterministic for a spec.
BssResult simulate_bss(const BssSpec& spec);

}  // namespace btlinksim
