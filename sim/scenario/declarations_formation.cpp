// Declarations of how links form and hold: formation (inquiry, page, handshake), the preset files (their
// compatibility and handshake families and states), and the connection once formed (supervision, reconnection,
// AFH).
#include "sim/scenario/declarations.hpp"

#include "sim/scenario/decl_helpers.hpp"
#include "sim/scenario/topology_kind.hpp"

namespace btlinksim {

using namespace decl;

namespace {
std::vector<std::string> kinds_or_any()
{
  auto k = topology_kind_names();
  k.push_back("any");
  return k;
}
}  // namespace

const Section<FormationSpec>& formation_section()
{
  using F = FormationSpec;
  static const Section<F> t{
      "scenario.formation",
      "Scenario (or preset file): link formation from power-on; times per docs/references.md [bt-timers]",
      {{{"inquiry", Dimension::time, "2.56 s", 0.01, 61.44, {}, "link mode: length of each inquiry phase (one train repetition, 2.56 s)"},
        number<F>(BTL_MEMBER(F, link_mode.inquiry_s))},
       {{"scan", Dimension::time, "2.56 s", 0.01, 61.44, {}, "link mode: length of each scan phase"},
        number<F>(BTL_MEMBER(F, link_mode.scan_s))},
       {{"jitter", Dimension::time, "0 s", 0, 60, {}, "link mode: uniform random extra length of every phase"},
        number<F>(BTL_MEMBER(F, link_mode.jitter_s))},
       {{"link_timeout", Dimension::time, "60 s", 0.1, 3600, {}, "speakers give up linking this long after boot"},
        number<F>(BTL_MEMBER(F, link_mode.timeout_s))},
       {{"inquiry_scan_interval", Dimension::time, "1.28 s", 0.01125, 2.56, {}, "inquiry scan interval (spec 2.56 s, Android 1.28 s)"},
        number<F>(BTL_MEMBER(F, inquiry_scan_interval_s))},
       {{"page_scan_interval", Dimension::time, "1.28 s", 0.01125, 2.56, {}, "page scan interval (R1: 1.28 s)"},
        number<F>(BTL_MEMBER(F, page_scan_interval_s))},
       {{"scan_window", Dimension::time, "11.25 ms", 0.010625, 2.56, {}, "inquiry and page scan window"},
        number<F>(BTL_MEMBER(F, scan_window_s))},
       {choice_decl("inquiry_response", "v1.2", {"v1.1", "v1.2"},
                    "how a scanner answers an inquiry: v1.1 backs off 0-1023 slots and answers at a later window; v1.2 "
                    "and later answer the first ID (Peterson et al. 2006)"),
        choice<F>(BTL_MEMBER(F, inquiry_response),
                  std::vector<std::pair<std::string, InquiryResponse>>{{"v1.1", InquiryResponse::v1_1}, {"v1.2", InquiryResponse::v1_2}})},
       {choice_decl("scan_type", "standard", {"standard", "interlaced"},
                    "inquiry and page scan: standard, or interlaced (a second window on the other train's channel, v1.2+)"),
        choice<F>(BTL_MEMBER(F, interlaced_scan), std::vector<std::pair<std::string, bool>>{{"standard", false}, {"interlaced", true}})},
       {choice_decl("page_scan_mode", "R1", {"R0", "R1", "R2"},
                    "page scan repetition: the pager repeats a train 10 ms (R0), 1.28 s (R1) or 2.56 s (R2) before switching"),
        choice<F>(BTL_MEMBER(F, page_scan_mode),
                  std::vector<std::pair<std::string, PageScanMode>>{{"R0", PageScanMode::r0}, {"R1", PageScanMode::r1}, {"R2", PageScanMode::r2}})},
       {{"page_attempts", Dimension::count, "3", 1, 100, {}, "pages of 5.12 s (Page_Timeout) before the source gives up a speaker"},
        number<F>(BTL_MEMBER(F, page_attempts))},
       {{"role_switch", Dimension::time, "30 ms", 0, 10, {}, "LMP role switch when the wrong side paged (assumption, U)"},
        number<F>(BTL_MEMBER(F, role_switch_s))},
       {{"profile_setup", Dimension::time, "300 ms", 0, 30, {}, "A2DP/AVDTP signalling after the ACL is up (assumption, U)"},
        number<F>(BTL_MEMBER(F, profile_setup_s))},
       {choice_decl("speaker_link", "true", kBool, "whether speakers can link to each other (false: Sonos in Bluetooth mode)"),
        flag<F>(BTL_MEMBER(F, speaker_link))},
       {{"le_scan_interval", Dimension::time, "60 ms", 0.0025, 10.24, {},
         "le_audio_cis: the central's scan interval while connecting (Android's fast scan, docs/references.md [android-le])"},
        number<F>(BTL_MEMBER(F, le.scan_interval_s))},
       {{"le_scan_window", Dimension::time, "30 ms", 0.0025, 10.24, {},
         "le_audio_cis: the central's scan window (at most le_scan_interval; [android-le])"},
        number<F>(BTL_MEMBER(F, le.scan_window_s))},
       {{"le_conn_interval", Dimension::time, "15 ms", 0.0075, 4, {},
         "le_audio_cis: LE ACL connection interval ([android-le]; 7.5 ms to 4 s, [le-ll])"},
        number<F>(BTL_MEMBER(F, le.conn_interval_s))},
       {{"le_supervision_timeout", Dimension::time, "5 s", 0.1, 32, {},
         "le_audio_cis: connSupervisionTimeout of the LE ACL and of its CIS ([android-le]; 100 ms to 32 s, [le-ll])"},
        number<F>(BTL_MEMBER(F, le.supervision_timeout_s))},
       {{"le_setup_exchanges", Dimension::count, "20", 0, 1000, {},
         "le_audio_cis: request/response pairs after connecting: encryption, GATT discovery, ASE set-up (U)"},
        number<F>(BTL_MEMBER(F, le.setup_exchanges))},
       {{"le_reconnect_exchanges", Dimension::count, "8", 0, 1000, {},
         "le_audio_cis: the same after a lost connection, with the bond and the GATT cache (U)"},
        number<F>(BTL_MEMBER(F, le.reconnect_exchanges))}}};
  return t;
}

const Section<Preset>& preset_section()
{
  static const Section<Preset> t{
      "preset",
      "Preset file (scenarios/presets/NAME.yaml): a system's link formation, handshake and host rules",
      {{text_decl("preset", "", "the preset's name (= file name)"), {}},
       {text_decl("description", "", "what the system is, and the sources of its numbers"), {}},
       {text_decl("brand", "generic", "brand given to speakers that do not set one"), text<Preset>(BTL_MEMBER(Preset, brand))},
       {choice_decl("topology", "any", kinds_or_any(), "the topology kind the system builds (a scenario with another kind is an error)"),
        text<Preset>(BTL_MEMBER(Preset, topology))},
       {map_decl("formation", "link formation defaults (keys of scenario.formation)", "(defaults)"), {}},
       {map_decl("compatibility", "who may link with whom (see preset.compatibility)", "(same brand)"), {}},
       {map_decl("handshake", "firmware handshake between speakers (see preset.handshake)", "(none: mono)"), {}},
       {map_decl("source", "defaults for the source device (keys of scenario.devices.NAME)", "(none)"), {}},
       {map_decl("speaker", "defaults for speaker devices (keys of scenario.devices.NAME)", "(none)"), {}}}};
  return t;
}

const Section<Compatibility>& compatibility_section()
{
  using C = Compatibility;
  static const Section<C> t{
      "preset.compatibility",
      "Preset: compatibility rules between two speakers",
      {{choice_decl("same_brand", "true", kBool, "both speakers must have the same brand"), flag<C>(BTL_MEMBER(C, same_brand))},
       {text_decl("min_version", "(any)", "lowest firmware version allowed, e.g. 4.2.1"), version<C>(BTL_MEMBER(C, min_version), "4.2.1")},
       {text_decl("max_version", "(any)", "firmware must be below this version, e.g. 5 (v2.x-v4.x: min 2, max 5)"),
        version<C>(BTL_MEMBER(C, max_version), "4.2.1")},
       {choice_decl("version_must_match", "false", kBool, "both firmware versions must be equal"),
        flag<C>(BTL_MEMBER(C, version_must_match))}}};
  return t;
}

const Section<HandshakeFamily>& handshake_section()
{
  using H = HandshakeFamily;
  static const Section<H> t{
      "preset.handshake",
      "Preset: the firmware handshake after the baseband link is up",
      {{{"processing", Dimension::time, "5 ms", 0, 10, {}, "firmware turnaround per message"}, number<H>(BTL_MEMBER(H, processing_s))},
       {map_decl("messages", "message name: size in bytes (carried in DM1 packets)"), {}},
       {text_decl("start", "", "first state"), text<H>(BTL_MEMBER(H, start))},
       {map_decl("states", "state name: { send, timeout, retries, next, on_fail, check, on_incompatible }"), {}}}};
  return t;
}

const Section<HandshakeState>& handshake_state_section()
{
  using H = HandshakeState;
  static const Section<H> t{
      "preset.handshake.states.NAME",
      "Preset: one handshake state (send a message, wait for the answer)",
      {{text_decl("send", "", "message sent in this state (declared under messages)"), text<H>(BTL_MEMBER(H, send))},
       {{"timeout", Dimension::time, "", 1e-4, 60, {}, "wait for the answer before resending"},
        [](H& h, const CheckedValue& v) {
          h.timeout_s = v.number;
          return std::string();
        }},
       {{"retries", Dimension::count, "0", 0, 100, {}, "resends after the first attempt"}, number<H>(BTL_MEMBER(H, retries))},
       {text_decl("next", "", "state or outcome (stereo, mono, failed) after an answer"), text<H>(BTL_MEMBER(H, next))},
       {text_decl("on_fail", "failed", "state or outcome when every attempt timed out"), text<H>(BTL_MEMBER(H, on_fail))},
       {choice_decl("check", "none", {"none", "compatibility"},
                    "compatibility: apply the preset's rules to the answer (capability/version exchange)"),
        choice<H>(BTL_MEMBER(H, check_compatibility), std::vector<std::pair<std::string, bool>>{{"none", false}, {"compatibility", true}})},
       {text_decl("on_incompatible", "failed", "state or outcome when the rules refuse the pair"),
        text<H>(BTL_MEMBER(H, on_incompatible))}}};
  return t;
}

const Section<ConnectionSpec>& connection_section()
{
  using C = ConnectionSpec;
  static const Section<C> t{
      "scenario.connection",
      "Scenario: connections once formed: supervision, reconnection, adaptive frequency hopping",
      {{{"supervision_timeout", Dimension::time, "20 s", 0, 40.9, {},
         "Link_Supervision_Timeout: no packet received for this long drops the link (default 0x7D00 = 20 s "
         "[codetd-lsto]; phones often 2-5 s); 0 = never"},
        number<C>(BTL_MEMBER(C, supervision_timeout_s))},
       {{"poll_interval", Dimension::time, "25 ms", 1.25e-3, 1, {},
         "T_poll: the master polls an idle link this often (40 slots, common default [contreras-tpoll])"},
        number<C>(BTL_MEMBER(C, poll_interval_s))},
       {choice_decl("reconnect", "true", kBool, "page the peer again after a supervision timeout"),
        flag<C>(BTL_MEMBER(C, reconnect))},
       {{"reconnect_attempts", Dimension::count, "0", 0, 1e6, {}, "pages of 5.12 s before giving up; 0 = until the end"},
        number<C>(BTL_MEMBER(C, reconnect_attempts))},
       {choice_decl("afh", "false", kBool, "adaptive frequency hopping: the master drops bad channels (>= 20 kept)"),
        flag<C>(BTL_MEMBER(C, afh))},
       {{"afh_assessment", Dimension::time, "1 s", 0.01, 60, {}, "AFH channel classification window (U)"},
        number<C>(BTL_MEMBER(C, afh_params.assessment_s))},
       {{"afh_update_delay", Dimension::time, "60 ms", 0, 10, {},
         "classification to new hop set in use (LMP_set_AFH instant, >= 96 slots; U)"},
        number<C>(BTL_MEMBER(C, afh_params.update_delay_s))},
       {{"afh_bad_per", Dimension::fraction, "0.5", 0.01, 1, {}, "failure fraction above which a channel is bad (U)"},
        number<C>(BTL_MEMBER(C, afh_params.bad_per))},
       {{"afh_recheck", Dimension::time, "30 s", 0.1, 3600, {}, "a bad channel is tried again after this long (U)"},
        number<C>(BTL_MEMBER(C, afh_params.recheck_s))}}};
  return t;
}

}  // namespace btlinksim
