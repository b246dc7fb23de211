// Declarations (keys and output columns), the loader's defaults and checks: no engine is run here.
#include "models/radio/link.hpp"
#include "sim/cli/commands.hpp"
#include "sim/output/columns.hpp"
#include "sim/common/sha256.hpp"
#include "sim/output/hdf5_writer.hpp"
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace btlinksim;

TEST_CASE("every declared scalar key fills a member or is read by its section's own code", "[declarations]")
{
  // The scalar keys read by hand: the codec and bit rate make one Codec together; the preset name selects a
  // file; the topology kind selects a strategy, the source and the bridge a device; a preset's own name and description.
  const std::set<std::string> by_hand{"scenario.preset",     "scenario.audio.codec",   "scenario.audio.bitrate",
                                      "scenario.topology.kind", "scenario.topology.source", "scenario.topology.bridge", "preset.preset",
                                      "preset.description"};
  std::set<std::string> found;
  for (const auto& k : section_keys())
    for (const auto& name : k.unbound) {
      const ParamDecl* d = k.table->find(name);
      REQUIRE(d);
      if (d->kind == ValueKind::map || d->kind == ValueKind::list)
        continue;  // read by the section's own code
      const std::string key = k.table->name + "." + name;
      INFO(key << " has no setter and is not among the keys read by hand");
      CHECK(by_hand.count(key) == 1);
      found.insert(key);
    }
  CHECK(found == by_hand);
}

TEST_CASE("every plain default is a valid value of its own declaration", "[declarations]")
{
  for (const auto* t : cli::all_param_tables())
    for (const auto& p : t->params)
      if (p.kind == ValueKind::scalar && p.has_plain_default()) {
        INFO(t->name << "." << p.name << " = " << p.default_text);
        CHECK(check_param_value(p, p.default_text, false).ok());
      }
}

TEST_CASE("defaults come from the declarations: specification values", "[declarations]")
{
  const LoadResult r = load_scenario_text("duration: 1 s\npreset: jbl_partyboost\ndevices:\n  phone: { role: source }\n"
                                          "  a: { role: speaker, position: [2, 0] }\n"
                                          "topology: { kind: relay, chain: [phone, a] }\n",
                                          BTLINKSIM_SOURCE_DIR "/scenarios/x.yaml");
  INFO(r.format_errors());
  REQUIRE(r.scenario);
  const Scenario& s = *r.scenario;
  // Link_Supervision_Timeout default 0x7D00 slots of 625 us = 20 s [codetd-lsto]; T_poll 40 slots = 25 ms;
  // scan window 18 slots = 11.25 ms; a Class 2 radio transmits +4 dBm at most [sig-radio].
  CHECK(s.connection.supervision_timeout_s == Approx(0x7D00 * kSlot_s));
  CHECK(s.connection.poll_interval_s == Approx(40 * kSlot_s));
  CHECK(s.formation.scan_window_s == Approx(18 * kSlot_s));
  CHECK(s.devices[1].radio.tx_power_dbm == 4.0);
  CHECK(s.audio.packet_type == AclType::edr2_dh5);
  CHECK(s.audio.sync == SyncMode::ttp);  // the relay kind's default
  CHECK(s.replications == 1);
  CHECK(s.formation.preset_path == BTLINKSIM_SOURCE_DIR "/scenarios/presets/jbl_partyboost.yaml");
}

TEST_CASE("a wall can make a link fail the link criterion: a located warning", "[declarations][channel]")
{
  // Class 2 (+4 dBm), n = 3, PL(1 m) = 20 log10(4 pi / lambda) = 40.2 dB at 2.44 GHz, 2-DH5 sensitivity -90 dBm:
  // at 30 m the median is 4 - 40.2 - 30 log10(30) = -80.5 dBm, above the -86.9 dBm its packets need (sensitivity +
  // 3.1 dB packet term, tests/unit/test_link_criterion.cpp); three heavy walls (3 x 6.9 dB COST 231) take it to
  // -101.2 dBm. The scenario still loads: the check warns (docs/models.md, "When a link holds").
  const std::string head = "duration: 1 s\nenvironment:\n  path_loss: { model: log_distance, exponent: 3.0 }\n";
  const std::string rest = "devices:\n  phone: { role: source, position: [0, 0] }\n  spk: { role: speaker, position: [30, 0] }\n"
                           "topology: { kind: single, sinks: [spk] }\n";
  const LoadResult open = load_scenario_text(head + rest, "open.yaml");
  REQUIRE(open.errors.empty());
  CHECK(open.scenario->warnings.empty());
  const std::string walls = "  walls:\n    - { from: [5, -5], to: [5, 5], type: heavy }\n"
                            "    - { from: [10, -5], to: [10, 5], type: heavy }\n    - { from: [15, -5], to: [15, 5], type: heavy }\n";
  const LoadResult r = load_scenario_text(head + walls + rest, "walled.yaml");
  REQUIRE(r.errors.empty());
  const auto& w = r.scenario->warnings;
  REQUIRE(w.size() == 1);
  CHECK(w[0].where.line == 11);  // at the sink's name in topology.sinks
  CHECK_THAT(w[0].message, Catch::Contains("will not hold") && Catch::Contains("-101.2 dBm at 30.0 m") &&
                               Catch::Contains("walls and floors 20.7 dB") && Catch::Contains("-86.9 dBm"));
  CHECK_THAT(r.format_warnings(), Catch::StartsWith("walled.yaml:11:"));
}

TEST_CASE("a result row must give every declared column once", "[declarations][outputs]")
{
  const TableDecl& d3 = replications_columns();
  ResultTable t       = make_table(d3);
  add_row(t, d3, "", {{"packet_hops", 7}, {"sim_end_s", 1.5}, {"wall_s", 0.25}});
  CHECK(t.at("wall_s", 0) == 0.25);
  CHECK(t.units[t.column("sim_end_s")] == "s");
  CHECK_THROWS_AS(add_row(t, d3, "x", {{"sim_end_s", 1}, {"wall_s", 1}, {"packet_hop", 2}}), std::logic_error);
  CHECK_THROWS_AS(add_row(t, d3, "x", {{"sim_end_s", 1}, {"wall_s", 1}}), std::logic_error);
  CHECK_THROWS_AS(add_row(t, d3, "x", {{"sim_end_s", 1}, {"sim_end_s", 2}, {"packet_hops", 1}}), std::logic_error);
  // A refused row leaves the table as it was: one row, every column that long.
  REQUIRE(t.row_names.size() == 1);
  for (const auto& c : t.values)
    CHECK(c.size() == 1);
  // Rows from one call site (its names matched once, then by their addresses) land in their columns, in any order
  // of the names; the same names for another declaration are matched again (and refused where undeclared).
  for (int k = 1; k <= 3; ++k)
    add_row(t, d3, "r" + std::to_string(k), {{"wall_s", 10.0 * k}, {"packet_hops", 100.0 * k}, {"sim_end_s", 1000.0 * k}});
  REQUIRE(t.row_names.size() == 4);
  CHECK(t.row_names[3] == "r3");
  for (size_t row = 1; row <= 3; ++row) {
    CHECK(t.at("wall_s", row) == 10.0 * static_cast<double>(row));
    CHECK(t.at("packet_hops", row) == 100.0 * static_cast<double>(row));
    CHECK(t.at("sim_end_s", row) == 1000.0 * static_cast<double>(row));
  }
  const TableDecl other{"other", "a table declared like /replications, its columns in another order",
                        {d3.columns[2], d3.columns[0], d3.columns[1]}, {}};
  ResultTable u = make_table(other);
  for (int k = 0; k < 2; ++k)
    add_row(u, other, "", {{"wall_s", 1.0}, {"packet_hops", 2.0}, {"sim_end_s", 3.0}});
  CHECK(u.at("wall_s", 1) == 1.0);
  CHECK(u.at("packet_hops", 1) == 2.0);
  CHECK(u.at("sim_end_s", 1) == 3.0);
  CHECK_THROWS_AS(add_row(u, links_columns(), "", {{"wall_s", 1.0}, {"packet_hops", 2.0}, {"sim_end_s", 3.0}}),
                  std::logic_error);
  for (const auto* d : output_tables())
    for (const auto& c : d->columns)
      CHECK_FALSE(c.meaning.empty());
}

TEST_CASE("SHA-256 of the scenario text is the FIPS 180-4 digest", "[outputs]")
{
  // FIPS 180-4 / NIST example: SHA-256("abc").
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("RF presets fill a device's radio and its own keys override them", "[declarations][rf]")
{
  const std::string yaml = "duration: 1 s\ndevices:\n"
                           "  phone: { role: source, position: [0, 0], radio: { rf: phone_in_hand } }\n"
                           "  a: { role: speaker, position: [5, 0], radio: { rf: small_speaker } }\n"
                           "  b: { role: speaker, position: [0, 5], radio: { rf: small_speaker, tx_power: 0 dBm, body_loss: 2 dB } }\n"
                           "  c: { role: speaker, position: [5, 5], radio: { rf: small_speaker, sensitivity: -95 dBm } }\n"
                           "  d: { role: speaker, position: [3, 3] }\n"
                           "topology: { kind: dual_stream, sinks: [a, b, c, d] }\n"
                           "audio: { packet_type: DH5 }\n";
  const LoadResult r = load_scenario_text(yaml, "rf.yaml");
  REQUIRE(r.errors.empty());
  const Scenario& s = *r.scenario;
  const auto& phone = s.devices[0].radio;
  CHECK(phone.rf == "phone_in_hand");
  CHECK(phone.tx_power_dbm == 4.0);
  CHECK(phone.antenna_gain_db == -3.0);
  CHECK(phone.body_loss_db == 3.0);
  CHECK(phone.losses_db() == 3.0);
  const auto& a = s.devices[1].radio;
  CHECK(a.tx_power_dbm == 10.0);
  CHECK(a.antenna_gain_db == -2.0);
  CHECK(a.losses_db() == 1.0);
  CHECK(link_receiver(s, 1, Phy::br).sensitivity_dbm == -93.0);    // the preset's BR figure (CC2564MODN)
  CHECK(link_receiver(s, 1, Phy::edr2m).sensitivity_dbm == -90.0); // none given: typical
  const auto& b = s.devices[2].radio;  // own keys override the preset's
  CHECK(b.tx_power_dbm == 0.0);
  CHECK(b.losses_db() == 1.0 + 2.0);
  CHECK(link_receiver(s, 3, Phy::br).sensitivity_dbm == -95.0);    // the scenario's own sensitivity (audio PHY: BR)
  const auto& d = s.devices[4].radio;  // no preset: the ideal end, as before presets existed
  CHECK(d.rf == "ideal");
  CHECK(d.tx_power_dbm == 4.0);
  CHECK(d.antenna_gain_db == 0.0);
  CHECK(d.losses_db() == 0.0);
  // The channel sees every loss: phone (4 dBm - 3 dBi - 3 dB hand) to a (-2 dBi - 1 dB): 9 dB below the ideal ends.
  const ChannelSpec c = channel_spec(s);
  CHECK(c.ends[0].antenna_gain_db - c.ends[0].cable_loss_db == -6.0);
  CHECK(c.ends[1].antenna_gain_db - c.ends[1].cable_loss_db == -3.0);
  // An unknown preset is a located error naming the choices.
  const LoadResult bad = load_scenario_text("duration: 1 s\ndevices:\n  phone: { role: source, radio: { rf: brick } }\n"
                                            "  a: { role: speaker, position: [1, 0] }\ntopology: { kind: single, sinks: [a] }\n",
                                            "bad.yaml");
  REQUIRE(!bad.errors.empty());
  CHECK_THAT(bad.format_errors(), Catch::Contains("bad.yaml:3:") && Catch::Contains("phone_in_hand"));
}

TEST_CASE("a product's sink buffer sets the playout delay and playout_delay beside it wins", "[declarations][buffer]")
{
  const std::string head = "duration: 1 s\ndevices:\n  phone: { role: source }\n  a: { role: speaker, position: [2, 0] }\n"
                           "topology: { kind: single, sinks: [a] }\n";
  auto delay = [&](const std::string& audio) {
    const LoadResult r = load_scenario_text(head + audio, "b.yaml");
    REQUIRE(r.errors.empty());
    return r.scenario->audio.playout_delay_s;
  };
  CHECK(delay("") == 0.150);  // no buffer: the assumed default (U)
  // Cypress KBA228264: 50-116 ms; Qualcomm ADK latency_config.h: 150 / 200 / 300 ms.
  CHECK(delay("audio: { buffer: a2dp_sink_min }\n") == 0.050);
  CHECK(delay("audio: { buffer: a2dp_sink_max }\n") == 0.116);
  CHECK(delay("audio: { buffer: tws_slave }\n") == 0.150);
  CHECK(delay("audio: { buffer: tws_mirroring }\n") == 0.200);
  CHECK(delay("audio: { buffer: tws_forwarding }\n") == 0.300);
  CHECK(delay("audio: { buffer: tws_forwarding, playout_delay: 80 ms }\n") == Approx(0.080));
  const LoadResult bad = load_scenario_text(head + "audio: { buffer: huge }\n", "b.yaml");
  REQUIRE(!bad.errors.empty());
  CHECK_THAT(bad.format_errors(), Catch::Contains("b.yaml:6:") && Catch::Contains("tws_forwarding"));
}

TEST_CASE("device_index finds the device of a name, also after the devices change", "[loader]")
{
  const LoadResult r = load_scenario_text("duration: 1 s\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
                                          "  a: { role: speaker, position: [1, 0] }\n  b: { role: speaker, position: [2, 0] }\n"
                                          "topology: { kind: relay, chain: [phone, a, b] }\n",
                                          "index.yaml");
  REQUIRE(r.errors.empty());
  Scenario s = *r.scenario;
  CHECK(s.device_index("phone") == 0);
  CHECK(s.device_index("a") == 1);
  CHECK(s.device_index("b") == 2);
  CHECK(s.device_index("c") == -1);
  CHECK(s.device("b") == &s.devices[2]);
  s.devices[2].name = "c";  // renamed after lookups: the index must not answer from before
  CHECK(s.device_index("b") == -1);
  CHECK(s.device_index("c") == 2);
  std::swap(s.devices[0], s.devices[1]);
  CHECK(s.device_index("a") == 0);
  CHECK(s.device_index("phone") == 1);
  s.devices.push_back(s.devices[1]);  // a second "phone": the first is the one found
  s.devices.back().name = "d";
  CHECK(s.device_index("d") == 3);
  s.devices.back().name = "phone";
  CHECK(s.device_index("phone") == 1);
  const Scenario copy = s;  // a copy answers for its own devices
  CHECK(copy.device_index("c") == 2);
  CHECK(copy.device("c") == &copy.devices[2]);
}

TEST_CASE("the received-power check of a broadcast judges each receiver by its own radio", "[loader]")
{
  // Two receivers at the same distance; the second's sensitivity is 30 dB worse, so only its link cannot hold
  // (the packet sensitivity is computed once per distinct receiver: a wrong key would judge both alike).
  const auto text = [](const char* first, const char* second) {
    return std::string("duration: 1 s\nenvironment: { path_loss: { model: log_distance, exponent: 3.0 } }\ndevices:\n"
                       "  tx: { role: source, radio: { class: 2 }, position: [0, 0] }\n"
                       "  r1: { role: speaker, position: [8, 0], channel: left, radio: { sensitivity: ") +
           first + " } }\n  r2: { role: speaker, position: [0, 8], channel: right, radio: { sensitivity: " + second +
           " } }\ntopology: { kind: auracast, sinks: [r1, r2] }\nle_audio: { preset: \"48_2_1\", phy: le2m }\n";
  };
  const auto warned = [](const LoadResult& r, const std::string& link) {
    for (const auto& w : r.scenario->warnings)
      if (w.message.find("link " + link + " will not hold") != std::string::npos)
        return true;
    return false;
  };
  const LoadResult both = load_scenario_text(text("-95 dBm", "-65 dBm"), "both.yaml");
  REQUIRE(both.errors.empty());
  CHECK_FALSE(warned(both, "tx -> r1"));
  CHECK(warned(both, "tx -> r2"));
  const LoadResult swapped = load_scenario_text(text("-65 dBm", "-95 dBm"), "swapped.yaml");
  REQUIRE(swapped.errors.empty());
  CHECK(warned(swapped, "tx -> r1"));
  CHECK_FALSE(warned(swapped, "tx -> r2"));
}
