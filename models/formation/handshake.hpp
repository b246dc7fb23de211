// Firmware handshakes between speakers, as declarative protocol families (scenarios/presets/*.yaml), and the
// state machine that runs one. Pure (no engine, no YAML): the loader fills a HandshakeFamily, validate() lists
// its problems, HandshakeMachine is stepped by the simulator's formation actor with the fate of each message.
//
// A family is a set of messages (name, size) and states. Each state sends one message and waits for the peer's
// answer: success -> `next`; no answer within `timeout` -> resend, up to `retries` times, then `on_fail`.
// A state may `check: compatibility` (the capability/version exchange): when the two speakers' brands or
// firmware versions violate the family's rules it goes to `on_incompatible` instead of `next`. Targets are
// states or the outcomes stereo, mono, failed. Retries are counted, so transitions must not form a cycle.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

enum class HandshakeOutcome { stereo, mono, failed };
const char* to_string(HandshakeOutcome o);
std::optional<HandshakeOutcome> outcome_from_string(const std::string& s);

struct HandshakeMessage {
  std::string name;
  int bytes = 0;
};

struct HandshakeState {
  std::string name;
  std::string send;              // a declared message
  std::optional<double> timeout_s;  // required (validate() reports a missing one)
  int retries = 0;
  std::string next, on_fail;     // state names or outcomes
  bool check_compatibility = false;
  std::string on_incompatible;   // required when check_compatibility
};

// Rules of who may link with whom.
struct Compatibility {
  bool same_brand = true;          // "JBL only"
  std::string min_version;         // "" = any
  std::string max_version;         // "" = any (exclusive upper bound of the major version range, e.g. "5")
  bool version_must_match = false;
};

// Versions "4.2.1" compare component by component (missing components are 0). Malformed -> nullopt.
std::optional<int> compare_versions(const std::string& a, const std::string& b);
bool valid_version(const std::string& v);
// Why two speakers may not link (nullopt: they may).
std::optional<std::string> incompatibility(const Compatibility& c, const std::string& brand_a,
                                           const std::string& version_a, const std::string& brand_b,
                                           const std::string& version_b);

struct HandshakeFamily {
  std::string name;
  std::vector<HandshakeMessage> messages;
  std::vector<HandshakeState> states;
  std::string start;
  double processing_s = 0.005;  // firmware turnaround per message

  const HandshakeState* state(const std::string& n) const;
  const HandshakeMessage* message(const std::string& n) const;
};

// A problem of a family: the state (index, -1 for the family) and field it concerns, and what to do.
struct FamilyProblem {
  int state = -1;
  std::string field;
  std::string message;
};
std::vector<FamilyProblem> validate(const HandshakeFamily& f);

// One run of a (valid) family. The driver asks what to send, waits, and reports the fate of the exchange.
class HandshakeMachine {
public:
  HandshakeMachine(const HandshakeFamily& f, std::optional<std::string> incompatible_reason);
  bool done() const { return outcome_.has_value(); }
  const HandshakeState& current() const { return *state_; }
  // The message of the current state is answered (ok) or not; returns how long that took: the exchange time
  // of request + answer + processing if ok, the state's timeout if not.
  double step(bool ok, double exchange_s);
  HandshakeOutcome outcome() const { return *outcome_; }
  const std::string& reason() const { return reason_; }
  int retries() const { return retries_total_; }
  int messages() const { return messages_; }

private:
  void go(const std::string& target, const std::string& why);
  const HandshakeFamily& f_;
  std::optional<std::string> incompatible_;
  const HandshakeState* state_ = nullptr;
  int attempts_in_state_ = 0, retries_total_ = 0, messages_ = 0;
  std::optional<HandshakeOutcome> outcome_;
  std::string reason_;
};

}  // namespace btlinksim
