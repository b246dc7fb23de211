#include "models/iso/iso.hpp"
#include "models/radio/link.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace btlinksim;

TEST_CASE("BAP presets carry the BAP v1.0 table values", "[iso]")
{
  // docs/references.md [le-audio] (BAP v1.0 Tables 5.2 / 6.4): 48_2 is 10 ms / 100 octets; unicast RTN 5 / 20 ms
  // (QoS 1) and 13 / 95 ms (QoS 2); broadcast 4 / 20 ms and 4 / 65 ms; presentation delay 40 ms.
  const auto p = find_bap_preset("48_2_1");
  REQUIRE(p);
  CHECK(p->setting->frame_s == 0.010);
  CHECK(p->setting->octets == 100);
  CHECK(p->qos(false).rtn == 5);
  CHECK(p->qos(false).max_transport_latency_s == Approx(0.020));
  CHECK(p->qos(true).rtn == 4);
  CHECK(p->setting->presentation_delay_s == Approx(0.040));
  const auto hr = find_bap_preset("48_2_2");
  REQUIRE(hr);
  CHECK(hr->qos(false).rtn == 13);
  CHECK(hr->qos(false).max_transport_latency_s == Approx(0.095));
  CHECK(hr->qos(true).max_transport_latency_s == Approx(0.065));
  CHECK(find_bap_preset("48_6_1")->setting->octets == 155);
  CHECK_FALSE(find_bap_preset("48_2"));
  CHECK_FALSE(find_bap_preset("48_7_1"));
  CHECK(bap_preset_names().size() == 18);
}

TEST_CASE("two CISes of 48_2_1 on LE 2M: timing worked by hand", "[iso]")
{
  // Data PDU: preamble 2 + access address 4 + header 2 + (100 octets + MIC 4) + CRC 3 = 115 octets = 920 bits at
  // 2 Mb/s = 460 us; the peripheral's empty PDU 2 + 4 + 2 + 3 = 11 octets = 44 us. Subevent: 460 + T_IFS 150 + 44
  // + T_MSS 150 = 804 us. Two CISes fit floor((10 ms + 0.15 ms) / (2 x 0.804 ms)) = 6 subevents each, and RTN 5
  // wants 6 transmissions: NSE 6, FT 1. CIG_Sync_Delay = 2 x 6 x 0.804 - 0.15 = 9.498 ms; transport latency
  // (Core Vol 6 Part G §3.2.2, unframed) = 9.498 + 1 x 10 - 10 = 9.498 ms <= 20 ms.
  const auto p = find_bap_preset("48_2_1");
  const IsoGroupConfig c = choose_iso(false, 2, Phy::le2m, 0.010, 100, p->qos(false));
  CHECK(c.nse == 6);
  CHECK(c.ft == 1);
  const IsoTiming t = iso_timing(c);
  CHECK(t.pdu_air_s == Approx(460e-6).epsilon(1e-12));
  CHECK(t.ack_air_s == Approx(44e-6).epsilon(1e-12));
  CHECK(t.sub_interval_s == Approx(804e-6).epsilon(1e-12));
  CHECK(t.group_sync_delay_s == Approx(9.498e-3).epsilon(1e-12));
  CHECK(t.transport_latency_s == Approx(9.498e-3).epsilon(1e-12));
  CHECK(t.sync_reference_after_anchor_s == Approx(9.498e-3).epsilon(1e-12));
}

TEST_CASE("high reliability spreads RTN over events: FT = ceil(attempts / NSE)", "[iso]")
{
  // 48_2_2 unicast: RTN 13 -> 14 transmissions; 6 fit one event (as above) -> FT = ceil(14 / 6) = 3.
  // Transport latency = 9.498 + 3 x 10 - 10 = 29.498 ms <= 95 ms; the SDU synchronisation reference is
  // CIG_Sync_Delay + (FT - 1) ISO_Interval = 29.498 ms after the CIG reference anchor.
  const auto p = find_bap_preset("48_2_2");
  const IsoGroupConfig c = choose_iso(false, 2, Phy::le2m, 0.010, 100, p->qos(false));
  CHECK(c.nse == 6);
  CHECK(c.ft == 3);
  CHECK(iso_timing(c).transport_latency_s == Approx(29.498e-3).epsilon(1e-12));
  CHECK(iso_timing(c).sync_reference_after_anchor_s == Approx(29.498e-3).epsilon(1e-12));
  // The latency bound cuts FT: with 15 ms allowed, FT <= floor((15 - 9.498 + 10) / 10) = 1.
  const IsoGroupConfig cut = choose_iso(false, 2, Phy::le2m, 0.010, 100, {13, 0.015});
  CHECK(cut.ft == 1);
  // And no FT meets 5 ms when the CIG alone takes 9.5 ms.
  CHECK_THROWS_AS(choose_iso(false, 2, Phy::le2m, 0.010, 100, {5, 0.005}), std::invalid_argument);
}

TEST_CASE("a BIG sends every copy in its own event: BIG_Sync_Delay and transport latency by hand", "[iso]")
{
  // BIS PDU (no MIC): 2 + 4 + 2 + 100 + 3 = 111 octets = 444 us; subevent 444 + T_MSS 150 = 594 us; RTN 4 -> NSE 5
  // (8 would fit); BIG_Sync_Delay = 2 x 5 x 0.594 - 0.15 = 5.79 ms; with PTO = 0 the transport latency
  // BIG_Sync_Delay + (0 + 1) ISO - SDU = 5.79 ms, and the synchronisation reference is anchor + BIG_Sync_Delay.
  const auto p = find_bap_preset("48_2_1");
  const IsoGroupConfig c = choose_iso(true, 2, Phy::le2m, 0.010, 100, p->qos(true));
  CHECK(c.nse == 5);
  CHECK(c.ft == 1);
  const IsoTiming t = iso_timing(c);
  CHECK(t.pdu_air_s == Approx(444e-6).epsilon(1e-12));
  CHECK(t.ack_air_s == 0);
  CHECK(t.sub_interval_s == Approx(594e-6).epsilon(1e-12));
  CHECK(t.group_sync_delay_s == Approx(5.79e-3).epsilon(1e-12));
  CHECK(t.transport_latency_s == Approx(5.79e-3).epsilon(1e-12));
}

TEST_CASE("streams that do not fit the ISO interval are refused with what to change", "[iso]")
{
  // 31 CISes of 48_6 on LE 1M: a 159-octet PDU is 1.352 ms, a subevent 1.732 ms; 31 cannot share 10 ms.
  CHECK_THROWS_WITH(choose_iso(false, 31, Phy::le1m, 0.010, 155, {5, 0.020}), Catch::Contains("do not fit"));
  // A stereo 48_6 SDU (2 x 155 octets + MIC) exceeds the 251-octet PDU payload.
  CHECK_THROWS_WITH(choose_iso(false, 2, Phy::le2m, 0.010, 310, {5, 0.020}), Catch::Contains("251"));
  // A given NSE beyond what fits is refused too.
  CHECK_THROWS_AS(choose_iso(false, 2, Phy::le2m, 0.010, 100, {5, 0.020}, 7), std::invalid_argument);
  CHECK(choose_iso(false, 2, Phy::le2m, 0.010, 100, {5, 0.020}, 2, 2).ft == 2);
}

TEST_CASE("CIS payloads: oldest first, flushed after FT events, acknowledged ones leave", "[iso]")
{
  CisPayloads q(2);  // FT = 2: payload p may be sent in events p and p + 1
  CHECK(q.begin_event(0, true).empty());
  CHECK(*q.current() == 0);
  CHECK(q.begin_event(1, true).empty());  // payload 0 still inside its window (0 + 2 - 1 = 1)
  CHECK(*q.current() == 0);               // the older one first
  q.acknowledged();
  CHECK(*q.current() == 1);
  CHECK(q.begin_event(2, true).empty());
  CHECK(*q.current() == 1);
  const auto flushed = q.begin_event(3, false);  // payload 1's window ended with event 2
  REQUIRE(flushed.size() == 1);
  CHECK(flushed[0] == 1);
  CHECK(*q.current() == 2);
  q.acknowledged();
  CHECK_FALSE(q.current());  // nothing pending: the CIS is silent
  CHECK(q.pending().empty());
  CisPayloads one(1);  // FT = 1: what is not acknowledged in its own event is flushed at the next
  one.begin_event(5, true);
  CHECK(one.begin_event(6, true) == std::vector<std::int64_t>{5});
}

TEST_CASE("a scanner hears the first periodic event at or after it starts that it receives", "[iso]")
{
  const PeriodicEvents e{0.030, 0.100};  // events at 0.03, 0.13, 0.23, ...
  auto none = [](std::int64_t) { return 0.0; };
  CHECK(first_heard(e, 0.25, none, [](std::int64_t) { return true; }) == Approx(0.33));
  CHECK(first_heard(e, 0.25, none, [](std::int64_t n) { return n != 3; }) == Approx(0.43));
  CHECK(first_heard(e, 0.0, none, [](std::int64_t) { return true; }) == Approx(0.03));
  // Never heard before the horizon: +infinity (a sink out of range never syncs, and the search ends).
  CHECK(std::isinf(first_heard(e, 0.0, none, [](std::int64_t) { return false; }, 10.0)));
  // advDelay moves an event later: event 3 at 0.33 + 8 ms = 0.338 still counts for a scanner from 0.335.
  CHECK(first_heard(e, 0.335, [](std::int64_t) { return 0.008; }, [](std::int64_t) { return true; }) == Approx(0.338));
}
