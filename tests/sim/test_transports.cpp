// A transport is one interface (sim/scenario/transport_kind.hpp, sim/engine/transport.hpp): each topology kind
// names its transport, each transport checks what it offers, and the outages a reconnection signals are kept by
// a collector. Numbers worked by hand.
#include "sim/engine/collectors.hpp"
#include "sim/scenario/topology_kind.hpp"
#include "sim/scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>

using namespace btlinksim;

TEST_CASE("each topology kind names its transport", "[transport]")
{
  const std::map<std::string, std::string> expected{
      {"relay", "acl"},          {"dual_stream", "acl"}, {"single", "acl"}, {"bridge", "acl"}, {"snoop", "acl"},
      {"le_audio_cis", "cis"},   {"auracast", "bis"},    {"wifi_multiroom", "wifi"}};
  REQUIRE(topology_kinds().size() == expected.size());
  for (const auto* k : topology_kinds())
    CHECK(k->transport().name() == expected.at(k->name()));
  // What each transport says of itself: BR/EDR answers in BR, LE in the stream's PHY; ACL packets and LE Audio's
  // ISO SDUs go to pcap, Wi-Fi has no HCI traffic; Wi-Fi's air is the network model's.
  CHECK(acl_transport_kind().captures_pcap());
  CHECK(cis_transport_kind().captures_pcap());
  CHECK(bis_transport_kind().captures_pcap());
  CHECK_FALSE(wifi_transport_kind().captures_pcap());
  CHECK_FALSE(wifi_transport_kind().bluetooth_air());
  CHECK(bis_transport_kind().bluetooth_air());
}

TEST_CASE("a transport refuses the sink synchronisation it does not offer", "[transport]")
{
  std::map<std::string, std::vector<SyncMode>> refused;
  for (const auto* t : {&acl_transport_kind(), &cis_transport_kind(), &wifi_transport_kind()})
    for (SyncMode m : {SyncMode::free_running, SyncMode::ttp, SyncMode::presentation_delay, SyncMode::network_time,
                       SyncMode::piconet_clock})
      t->check_sync(m, Location{}, [&](Location, const std::string&) { refused[t->name()].push_back(m); });
  // ACL: ttp, piconet_clock, free_running; LE: presentation_delay, free_running; Wi-Fi: network_time, free_running.
  CHECK(refused["acl"] == std::vector<SyncMode>{SyncMode::presentation_delay, SyncMode::network_time});
  CHECK(refused["cis"] == std::vector<SyncMode>{SyncMode::ttp, SyncMode::network_time, SyncMode::piconet_clock});
  CHECK(refused["wifi"] == std::vector<SyncMode>{SyncMode::ttp, SyncMode::presentation_delay, SyncMode::piconet_clock});
}

TEST_CASE("the ACL transport bounds the links a device takes part in by max_links", "[transport]")
{
  // Relay phone -> a -> b: a receives one link and sends one, 2 in all; max_links 1 refuses it, 2 accepts it.
  auto text = [](int max_links) {
    return "duration: 1 s\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
           "  a: { role: speaker, position: [1, 0], max_links: " + std::to_string(max_links) + " }\n"
           "  b: { role: speaker, position: [2, 0] }\ntopology: { kind: relay, chain: [phone, a, b] }\n";
  };
  const LoadResult bad = load_scenario_text(text(1), "bad.yaml");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].message.find("device 'a' needs 2 links but allows 1 (max_links)") != std::string::npos);
  CHECK(load_scenario_text(text(2), "ok.yaml").errors.empty());
}

TEST_CASE("outages are kept from the reconnection's signals", "[transport]")
{
  Signals s;
  OutageCollector c({"phone->a", "a->b"});
  c.connect(s);
  s.on_link_down(0, 2.0, 1.6);  // lost at 2 s, nothing acknowledged since 1.6 s
  s.on_link_down(1, 5.0, 4.5);  // never back
  s.on_paged(0, 3);
  s.on_link_up(0, 17.6);
  s.on_link_down(0, 20.0, 19.0);  // lost again, not back before the end
  REQUIRE(c.outages.size() == 3);
  CHECK(c.outages[0].link == "phone->a");
  CHECK(c.outages[0].pages == 3);
  CHECK(c.outages[0].duration_s(30.0) == Approx(15.6));
  CHECK(c.outages[1].link == "a->b");
  CHECK(std::isnan(c.outages[1].up_s));
  CHECK(c.outages[1].duration_s(30.0) == 25.0);
  CHECK(c.outages[2].pages == 0);
  CHECK(c.outages[2].duration_s(30.0) == 10.0);
}
