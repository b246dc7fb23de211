// A Wireshark capture of replication 0 (output.pcap), in the trace window: every ACL packet delivered on a link,
// as the sender's host hands it to its controller, timestamped at the simulated end of the exchange that
// delivered it. Link type 201, LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR: a 4-byte direction (0 sent), the H4 type
// (0x02 ACL data), the ACL header (connection handle = link index + 1, PB = first automatically flushable
// packet), the L2CAP basic header (dynamic channel 0x0041) and the A2DP media packet: RTP header (version 2,
// payload type 96, sequence number per link, timestamp in samples), the SBC media payload header (number of
// frames) and the frames (each starting with the SBC syncword 0x9C; the coded bits are not simulated, zeros).
// Why HCI and not the BR/EDR baseband link type (255): Wireshark decodes HCI, ACL and L2CAP fully from the
// packets alone, while the baseband type needs per-packet radio metadata (access-code, header and payload
// error flags) to be useful; the ARQ retransmissions the baseband would show are in the trace
// (output.trace) and the links table instead.
// LE Audio kinds (issue 27): every SDU each sink's controller hands its host, as an HCI ISO Data packet (H4 type
// 0x05, direction received; handle = link index + 1, a complete SDU without Time_Stamp, sequence number = frame
// index, the LC3 frame), and each SDU lost on the air as an ISO packet with Packet_Status_Flag 0b10 and no data,
// at its frame's capture time + the transport latency.
#pragma once

#include "sim/engine/run.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace btlinksim {

class PcapCollector {
public:
  explicit PcapCollector(const Run& run);
  void connect(Signals& s);
  // Writes the file atomically; throws std::runtime_error if it cannot.
  void write(const std::string& path) const;

private:
  struct Packet {
    double t;
    std::vector<std::uint8_t> bytes;  // from the H4 type on
    bool received;                    // controller to host
  };
  void iso_sdu(int link, std::int64_t frame, double t, bool received);
  const Run& run_;
  double from_s_, to_s_;
  std::vector<std::uint16_t> seq_;  // RTP sequence number per link
  std::vector<Packet> packets_;
};

}  // namespace btlinksim
