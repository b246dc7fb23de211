// Declarations of a device's keys: the device itself (and the devices' defaults), its radio (with the RF
// presets), its movement, the body near it, a wired output, and its power draw.
#include "sim/scenario/declarations.hpp"

#include "sim/scenario/decl_helpers.hpp"
#include "models/radio/radio.hpp"
#include "models/radio/rf_preset.hpp"

namespace btlinksim {

using namespace decl;

namespace {
std::vector<Binding<DeviceSpec>> device_bindings()
{
  using D = DeviceSpec;
  return {
      {choice_decl("role", "", {"source", "speaker"}, "what the device is"),
       choice<D>(BTL_MEMBER(D, role), std::vector<std::pair<std::string, Role>>{{"source", Role::source}, {"speaker", Role::speaker}})},
      {map_decl("radio", "radio (scenario.devices.NAME.radio)", "(class 2)"), {}},
      {list_decl("position", Dimension::length, 2, "[0, 0]", "x, y position (numbers are metres)"), {}},
      {{"floor", Dimension::count, "0", 0, 50, {}, "storey; floors between two devices add COST 231 floor loss"},
       number<D>(BTL_MEMBER(D, floor))},
      {list_decl("waypoints", Dimension::dimensionless, 0, "(none: fixed)",
                 "movement: [[t_s, x_m, y_m], ...], linear between points; the first is the start"),
       {}},
      {map_decl("mobility", "random-waypoint movement (scenario.devices.NAME.mobility)", "(none)"), {}},
      {map_decl("body", "a person blocking this device's links (scenario.devices.NAME.body)", "(none)"), {}},
      {map_decl("wire", "bridge output: its cable/USB path and clock (scenario.devices.NAME.wire)", "(bridge defaults)"), {}},
      {map_decl("power", "power profile: currents, supply, battery (scenario.devices.NAME.power)", "(the PHY's default)"), {}},
      {{"clock_drift", Dimension::drift, "0 ppm", -500, 500, {}, "clock error of the device (+ runs fast)"},
       number<D>(BTL_MEMBER(D, clock_drift_ppm))},
      {choice_decl("channel", "stereo", {"left", "right", "mono", "stereo"}, "audio channel the speaker renders"),
       text<D>(BTL_MEMBER(D, channel))},
      {{"max_links", Dimension::count, "7", 1, 7, {}, "ACL links the device accepts (7 active slaves per piconet)"},
       number<D>(BTL_MEMBER(D, max_links))},
      {{"power_on", Dimension::time, "0 s", 0, 1e6, {}, "when the device is switched on (formation)"},
       number<D>(BTL_MEMBER(D, power_on_s))},
      {{"boot", Dimension::time, "2 s", 0, 600, {}, "power-on to radio ready (formation; assumption, U)"},
       number<D>(BTL_MEMBER(D, boot_s))},
      {{"boot_jitter", Dimension::time, "0 s", 0, 600, {}, "uniform random extra boot time per replication"},
       number<D>(BTL_MEMBER(D, boot_jitter_s))},
      {text_decl("firmware", "1.0", "firmware version, e.g. 4.2.1 (compatibility rules)"),
       version<D>(BTL_MEMBER(D, firmware), "4.2.1")},
      {text_decl("brand", "(preset brand)", "brand, for same-brand-only families"), text<D>(BTL_MEMBER(D, brand))},
      {{"encoder_tick", Dimension::time, "20 ms", 0, 1, {},
        "source: the A2DP encoder runs every tick and sends every complete frame (Android 20 ms [android-sbc]; 0 = per frame)"},
       number<D>(BTL_MEMBER(D, encoder_tick_s))},
      {{"host_buffer", Dimension::time, "0 s", 0, 2, {}, "source: OS/mixer buffering before the encoder (U: no published figure)"},
       number<D>(BTL_MEMBER(D, host_buffer_s))},
      {{"output_delay", Dimension::time, "0 s", 0, 2, {}, "sink: decoder output to sound, the speaker's DSP and DAC (U)"},
       number<D>(BTL_MEMBER(D, output_delay_s))},
      {{"forward_delay", Dimension::time, "0 s", 0, 2, {},
        "relay: a packet is held this long before it is re-transmitted (forwarding buffer; U, Qualcomm TWS keeps >= 50 ms [qc-latency-cfg])"},
       number<D>(BTL_MEMBER(D, forward_delay_s))},
      {{"scatternet_period", Dimension::time, "0 s", 0, 10, {},
        "relay: its time is split between the phone's piconet and its own over this period (rendezvous scheduling; "
        "0 = ideal, in both whenever the radio is free; U)"},
       number<D>(BTL_MEMBER(D, scatternet_period_s))},
      {{"scatternet_share", Dimension::fraction, "0.5", 0.05, 0.95, {}, "relay: share of the period spent in the phone's piconet (U)"},
       number<D>(BTL_MEMBER(D, scatternet_share))},
      {{"scatternet_guard", Dimension::time, "0 s", 0, 0.1, {},
        "relay: end of each stay lost to re-synchronising to the other piconet (U)"},
       number<D>(BTL_MEMBER(D, scatternet_guard_s))},
      {{"audio_links", Dimension::count, "7", 1, 7, {}, "source: A2DP streams the host keeps at once (Echo: 1)"},
       number<D>(BTL_MEMBER(D, audio_links))},
      {choice_decl("audio_link_policy", "keep_first", {"keep_first", "most_recent"},
                   "source at its audio_links limit: refuse the newcomer, or displace the oldest (Echo)"),
       choice<D>(BTL_MEMBER(D, audio_most_recent), std::vector<std::pair<std::string, bool>>{{"keep_first", false}, {"most_recent", true}})}};
}
}  // namespace

const Section<DeviceSpec>& device_section()
{
  static const Section<DeviceSpec> t{"scenario.devices.NAME", "Scenario: one device (key = its name)", device_bindings()};
  return t;
}

const Section<DeviceSpec>& device_defaults_section()
{
  static const Section<DeviceSpec> t = [] {
    auto b = device_bindings();
    b.erase(b.begin());  // role: the scenario gives it
    return Section<DeviceSpec>{"scenario.devices.NAME", "Scenario: one device (key = its name)", b};
  }();
  return t;
}

const Section<RadioSpec>& radio_section()
{
  using R = RadioSpec;
  static const Section<R> t{
      "scenario.devices.NAME.radio",
      "Scenario: a device's radio",
      {{choice_decl("rf", "ideal", rf_preset_names(),
                    "RF preset the other keys start from (docs/models.md, Device RF presets): ideal (class 2, 0 dBi, no "
                    "loss), phone_in_hand, small_speaker, party_speaker; any key given here overrides it"),
        [](R& r, const CheckedValue& v) {
          const RfPreset* p  = rf_preset(v.word);
          r.rf               = p->name;
          r.tx_power_dbm     = p->tx_power_dbm;
          r.antenna_gain_db  = p->antenna_gain_db;
          r.cable_loss_db    = p->cable_loss_db;
          r.body_loss_db     = p->body_loss_db;
          r.phy_sensitivity_dbm = p->sensitivity_dbm;
          return std::string();
        }},
       {choice_decl("class", "(the rf preset's: 2)", {"1", "1.5", "2", "3"}, "power class: 1 +20 dBm, 1.5 +10 dBm, 2 +4 dBm, 3 0 dBm (sets tx_power)"),
        [](R& r, const CheckedValue& v) {
          r.tx_power_dbm = class_max_tx_power_dbm(*power_class_from_string(v.word));
          return std::string();
        }},
       {{"tx_power", Dimension::power, "(class maximum)", -40, 30, {}, "transmit power; overrides class"},
        number<R>(BTL_MEMBER(R, tx_power_dbm))},
       {{"antenna_gain", Dimension::level, "(the rf preset's: 0 dB)", -20, 20, {}, "antenna gain (tx and rx)"},
        number<R>(BTL_MEMBER(R, antenna_gain_db))},
       {{"cable_loss", Dimension::level, "(the rf preset's: 0 dB)", 0, 40, {}, "feed, matching or enclosure loss (tx and rx)"},
        number<R>(BTL_MEMBER(R, cable_loss_db))},
       {{"body_loss", Dimension::level, "(the rf preset's: 0 dB)", 0, 40, {}, "loss in the hand or body at the device (tx and rx)"},
        number<R>(BTL_MEMBER(R, body_loss_db))},
       {{"noise_figure", Dimension::level, "7 dB", 0, 30, {}, "receiver noise figure"},
        number<R>(BTL_MEMBER(R, noise_figure_db))},
       {{"sensitivity", Dimension::power, "(the rf preset's, else typical for the audio packet's PHY)", -120, -20, {},
         "receiver sensitivity for the audio packet type's PHY"},
        [](R& r, const CheckedValue& v) {
          r.sensitivity_dbm = v.number;
          return std::string();
        }}}};
  return t;
}

const Section<RandomWalkSpec>& mobility_section()
{
  using R = RandomWalkSpec;
  static const Section<R> t{
      "scenario.devices.NAME.mobility",
      "Scenario: random-waypoint movement of a device (Camp, Boleng & Davies 2002)",
      {{choice_decl("model", "random_waypoint", {"random_waypoint"}, "mobility model"), nothing<R>()},
       {list_decl("room", Dimension::length, 4, "", "[x0, y0, x1, y1]: the rectangle destinations are drawn in"), {}},
       {{"speed_min", Dimension::speed, "0.5 m/s", 0.01, 50, {}, "lowest walking speed"}, number<R>(BTL_MEMBER(R, speed_min_m_s))},
       {{"speed_max", Dimension::speed, "1.5 m/s", 0.01, 50, {}, "highest walking speed"}, number<R>(BTL_MEMBER(R, speed_max_m_s))},
       {{"pause", Dimension::time, "2 s", 0, 3600, {}, "pause at each destination"}, number<R>(BTL_MEMBER(R, pause_s))}}};
  return t;
}

const Section<BodySpec>& body_section()
{
  using B = BodySpec;
  static const Section<B> t{
      "scenario.devices.NAME.body",
      "Scenario: a person's body blocking the device's links, on and off (two-state Markov, docs/references.md [body])",
      {{{"loss", Dimension::level, "15 dB", 0, 60, {}, "extra loss while blocked (10-20 dB, D)"}, number<B>(BTL_MEMBER(B, loss_db))},
       {{"mean_clear", Dimension::time, "10 s", 0.01, 1e6, {}, "mean time unblocked (exponential)"},
        number<B>(BTL_MEMBER(B, mean_clear_s))},
       {{"mean_blocked", Dimension::time, "2 s", 0.01, 1e6, {}, "mean time blocked (exponential; 1-5 s, D)"},
        number<B>(BTL_MEMBER(B, mean_blocked_s))}}};
  return t;
}

const Section<WireSpec>& wire_section()
{
  using W = WireSpec;
  static const Section<W> t{
      "scenario.devices.NAME.wire",
      "Scenario: a bridge output's wired path and clock domain (topology kind bridge; values are assumptions, U)",
      {{{"latency", Dimension::time, "0 s", 0, 1, {}, "fixed delay from the bridge's output to this speaker's input (cable, DSP, USB)"},
        number<W>(BTL_MEMBER(W, latency_s))},
       {{"jitter", Dimension::time, "0 s", 0, 0.1, {}, "uniform extra delay of each frame on the path (USB scheduling; U)"},
        number<W>(BTL_MEMBER(W, jitter_s))},
       {choice_decl("clock", "bridge", {"bridge", "own"},
                    "the DAC's clock: the bridge's (splitter, AV receiver: one clock) or its own crystal (USB DAC: the "
                    "device's clock_drift)"),
        choice<W>(BTL_MEMBER(W, own_clock), std::vector<std::pair<std::string, bool>>{{"bridge", false}, {"own", true}})},
       {{"buffer", Dimension::time, "10 ms", 0, 2, {}, "the output's buffer: it renders a frame this long after the first arrives (U)"},
        number<W>(BTL_MEMBER(W, buffer_s))}}};
  return t;
}

const Section<PowerSpec>& power_section()
{
  using P = PowerSpec;
  static const Section<P> t{
      "scenario.devices.NAME.power",
      "Scenario: the device's power profile for energy and battery life (models/radio/power.hpp; docs/models.md, Energy)",
      {{{"tx_current", Dimension::current, "(77 mA BR/EDR, 7.1 mA LE)", 0, 10, {}, "current while transmitting"},
        number<P>(BTL_MEMBER(P, tx_a))},
       {{"rx_current", Dimension::current, "(40.5 mA BR/EDR, 6.5 mA LE)", 0, 10, {}, "current while receiving"},
        number<P>(BTL_MEMBER(P, rx_a))},
       {{"idle_current", Dimension::current, "(1 mA BR/EDR, 2 uA LE)", 0, 10, {}, "radio current between its exchanges"},
        number<P>(BTL_MEMBER(P, idle_a))},
       {{"supply", Dimension::voltage, "(3.6 V BR/EDR, 3 V LE)", 0.5, 60, {}, "supply voltage the currents are drawn at"},
        number<P>(BTL_MEMBER(P, supply_v))},
       {{"other_current", Dimension::current, "0 A", 0, 100, {}, "the rest of the device (amplifier, DSP), always on"},
        number<P>(BTL_MEMBER(P, other_a))},
       {{"battery", Dimension::charge, "(none)", 0, 1e9, {}, "battery capacity, e.g. 3000 mAh: gives battery_h"},
        number<P>(BTL_MEMBER(P, battery_c))}}};
  return t;
}

}  // namespace btlinksim
