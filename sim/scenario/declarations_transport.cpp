// Declarations of the transports' own sections: le_audio (LE Audio isochronous streams) and wifi (Wi-Fi
// multi-room).
#include "sim/scenario/declarations.hpp"

#include "sim/scenario/decl_helpers.hpp"

namespace btlinksim {

using namespace decl;

const Section<LeAudioSpec>& le_audio_section()
{
  using E = LeAudioSpec;
  const std::vector<std::pair<std::string, Phy>> phys{
      {"le1m", Phy::le1m}, {"le2m", Phy::le2m}, {"le_coded_s2", Phy::le_coded_s2}, {"le_coded_s8", Phy::le_coded_s8}};
  std::vector<std::string> phy_names;
  for (const auto& p : phys)
    phy_names.push_back(p.first);
  static const Section<E> t{
      "scenario.le_audio",
      "Scenario: LE Audio isochronous streams (topology kinds le_audio_cis and auracast; docs/models.md, LE Audio)",
      {{choice_decl("preset", "48_2_1", bap_preset_names(),
                    "BAP codec and QoS setting SETTING_QOS (QoS 1 low latency, 2 high reliability): LC3 frame and "
                    "octets, retransmissions, maximum transport latency, presentation delay (docs/references.md [le-audio])"),
        text<E>(BTL_MEMBER(E, preset))},
       {choice_decl("phy", "le2m", phy_names, "LE PHY of the isochronous PDUs"), choice<E>(BTL_MEMBER(E, phy), phys)},
       {{"presentation_delay", Dimension::time, "(the preset's, 40 ms)", 0, 4, {},
         "delay from the SDU synchronisation reference to rendering, common to all sinks"},
        number<E>(BTL_MEMBER(E, presentation_delay_s))},
       {{"retransmissions", Dimension::count, "(the preset's RTN)", 0, 30, {},
         "RTN: each SDU is sent up to RTN + 1 times"},
        number<E>(BTL_MEMBER(E, retransmissions))},
       {{"max_transport_latency", Dimension::time, "(the preset's)", 5e-3, 4, {},
         "upper bound on the transport latency the controller must meet"},
        number<E>(BTL_MEMBER(E, max_transport_latency_s))},
       {{"subevents", Dimension::count, "(controller policy, U)", 1, 31, {},
         "NSE: subevents per stream per ISO event (default: RTN + 1 or what fits the interval)"},
        number<E>(BTL_MEMBER(E, subevents))},
       {{"flush_timeout", Dimension::count, "(controller policy, U)", 1, 255, {},
         "FT (CIS): events a payload may be sent in before it is flushed"},
        number<E>(BTL_MEMBER(E, flush_timeout))},
       {{"adv_interval", Dimension::time, "100 ms", 0.02, 10.24, {},
         "auracast: extended advertising interval of the broadcast (U; plus advDelay 0-10 ms per event)"},
        number<E>(BTL_MEMBER(E, adv_interval_s))},
       {{"pa_interval", Dimension::time, "100 ms", 7.5e-3, 81.91875, {},
         "auracast: periodic advertising interval; each AUX_SYNC_IND carries the BIGInfo (U)"},
        number<E>(BTL_MEMBER(E, pa_interval_s))}}};
  return t;
}

const Section<WifiSpec>& wifi_section()
{
  using W = WifiSpec;
  static const Section<W> t{
      "scenario.wifi",
      "Scenario: Wi-Fi multi-room (topology kind wifi_multiroom; SimGrid's Wi-Fi model or ns-3's 802.11, docs/models.md)",
      {{list_decl("access_point", Dimension::length, 2, "[0, 0]", "x, y of the access point (numbers are metres)"), {}},
       {{"tx_power", Dimension::power, "20 dBm", -10, 30, {}, "transmit power of the access point and stations (U)"},
        number<W>(BTL_MEMBER(W, tx_power_dbm))},
       {{"chunk", Dimension::time, "20 ms", 1e-3, 1, {}, "audio carried by each message to each speaker (U)"},
        number<W>(BTL_MEMBER(W, chunk_s))},
       {{"group_buffer", Dimension::time, "75 ms", 1e-3, 5, {}, "capture to rendering, common to the group (U)"},
        number<W>(BTL_MEMBER(W, group_buffer_s))},
       {{"time_error", Dimension::time, "1 ms", 0, 1, {}, "each speaker's network-clock error: uniform +/- this (U)"},
        number<W>(BTL_MEMBER(W, time_error_s))},
       {{"background_flows", Dimension::count, "0", 0, 50, {}, "other stations' saturating transfers on the channel (flow: station pairs through the access point; "
         "packet: stations sending 1,500-octet frames to the access point)"},
        number<W>(BTL_MEMBER(W, background_flows))},
       {{"background_mcs", Dimension::count, "7", 0, 7, {}, "802.11n MCS of the background stations"},
        number<W>(BTL_MEMBER(W, background_mcs))},
       {{"latency", Dimension::time, "1 ms", 0, 1, {}, "per message through the access point (U)"},
        number<W>(BTL_MEMBER(W, latency_s))},
       {choice_decl("network", "flow", {"flow", "packet"},
                    "flow: SimGrid's Wi-Fi model (air time shared, no collisions or retries); packet: an 802.11n BSS "
                    "in ns-3, frame by frame (CSMA/CA, collisions, retries, queues; docs/models.md)"),
        choice<W>(BTL_MEMBER(W, network), std::vector<std::pair<std::string, W::Network>>{
                                              {"flow", W::Network::flow}, {"packet", W::Network::packet}})}}};
  return t;
}

}  // namespace btlinksim
