#include "models/formation/handshake.hpp"

#include <functional>
#include <map>
#include <sstream>

namespace btlinksim {

const char* to_string(HandshakeOutcome o)
{
  switch (o) {
    case HandshakeOutcome::stereo: return "stereo";
    case HandshakeOutcome::mono: return "mono";
    case HandshakeOutcome::failed: return "failed";
  }
  return "?";
}

std::optional<HandshakeOutcome> outcome_from_string(const std::string& s)
{
  if (s == "stereo")
    return HandshakeOutcome::stereo;
  if (s == "mono")
    return HandshakeOutcome::mono;
  if (s == "failed")
    return HandshakeOutcome::failed;
  return std::nullopt;
}

namespace {
std::optional<std::vector<long>> parse_version(const std::string& v)
{
  std::vector<long> parts;
  std::stringstream ss(v);
  std::string item;
  if (v.empty())
    return std::nullopt;
  while (std::getline(ss, item, '.')) {
    if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 9)
      return std::nullopt;
    parts.push_back(std::stol(item));
  }
  if (v.back() == '.')
    return std::nullopt;
  return parts;
}
}  // namespace

bool valid_version(const std::string& v) { return parse_version(v).has_value(); }

std::optional<int> compare_versions(const std::string& a, const std::string& b)
{
  auto pa = parse_version(a), pb = parse_version(b);
  if (!pa || !pb)
    return std::nullopt;
  for (size_t i = 0; i < std::max(pa->size(), pb->size()); ++i) {
    const long x = i < pa->size() ? (*pa)[i] : 0, y = i < pb->size() ? (*pb)[i] : 0;
    if (x != y)
      return x < y ? -1 : 1;
  }
  return 0;
}

std::optional<std::string> incompatibility(const Compatibility& c, const std::string& brand_a,
                                           const std::string& version_a, const std::string& brand_b,
                                           const std::string& version_b)
{
  if (c.same_brand && brand_a != brand_b)
    return "brand mismatch: " + brand_a + " vs " + brand_b + " (this family links its own brand only)";
  for (const auto* v : {&version_a, &version_b}) {
    if (!c.min_version.empty() && compare_versions(*v, c.min_version).value_or(-1) < 0)
      return "firmware " + *v + " below the minimum " + c.min_version;
    if (!c.max_version.empty() && compare_versions(*v, c.max_version).value_or(1) >= 0)
      return "firmware " + *v + " not below " + c.max_version;
  }
  if (c.version_must_match && compare_versions(version_a, version_b).value_or(1) != 0)
    return "firmware versions differ: " + version_a + " vs " + version_b + " (this family needs equal versions)";
  return std::nullopt;
}

const HandshakeState* HandshakeFamily::state(const std::string& n) const
{
  for (const auto& s : states)
    if (s.name == n)
      return &s;
  return nullptr;
}

const HandshakeMessage* HandshakeFamily::message(const std::string& n) const
{
  for (const auto& m : messages)
    if (m.name == n)
      return &m;
  return nullptr;
}

std::vector<FamilyProblem> validate(const HandshakeFamily& f)
{
  std::vector<FamilyProblem> out;
  std::string names;
  for (const auto& m : f.messages)
    names += (names.empty() ? "" : ", ") + m.name;
  auto target_ok = [&](const std::string& t) { return outcome_from_string(t) || f.state(t); };
  if (f.states.empty())
    out.push_back({-1, "states", "a handshake needs at least one state"});
  if (!f.start.empty() && !f.state(f.start))
    out.push_back({-1, "start", "start state '" + f.start + "' is not defined; name one of the states"});
  for (size_t i = 0; i < f.states.size(); ++i) {
    const auto& s = f.states[i];
    const int k   = static_cast<int>(i);
    if (!f.message(s.send))
      out.push_back({k, "send", "state '" + s.name + "' sends unknown message '" + s.send + "'; declare it under messages (" + names + ")"});
    if (!s.timeout_s)
      out.push_back({k, "timeout", "state '" + s.name + "' lacks a timeout; add e.g. timeout: 500 ms"});
    for (const auto& [field, t] : {std::pair<const char*, const std::string&>{"next", s.next}, {"on_fail", s.on_fail}})
      if (!target_ok(t))
        out.push_back({k, field, "state '" + s.name + "': " + field + " '" + t + "' is neither a state nor stereo/mono/failed"});
    if (s.check_compatibility && !target_ok(s.on_incompatible))
      out.push_back({k, "on_incompatible", "state '" + s.name + "' checks compatibility but on_incompatible '" +
                                               s.on_incompatible + "' is neither a state nor stereo/mono/failed"});
    for (size_t j = 0; j < i; ++j)
      if (f.states[j].name == s.name)
        out.push_back({k, "name", "state '" + s.name + "' is defined twice"});
  }
  // Cycles: depth-first search over next / on_fail / on_incompatible (white/grey/black colouring).
  std::map<std::string, int> colour;
  std::function<bool(const HandshakeState&, std::vector<std::string>&)> dfs =
      [&](const HandshakeState& s, std::vector<std::string>& path) {
        colour[s.name] = 1;
        path.push_back(s.name);
        for (const std::string* t : {&s.next, &s.on_fail, &s.on_incompatible}) {
          const HandshakeState* n = f.state(*t);
          if (!n)
            continue;
          if (colour[n->name] == 1) {
            std::string loop;
            bool on = false;
            for (const auto& p : path) {
              on = on || p == n->name;
              if (on)
                loop += p + " -> ";
            }
            out.push_back({static_cast<int>(n - f.states.data()), "next",
                           "cycle in the handshake state machine: " + loop + n->name +
                               "; use retries for repetition and end every path in stereo, mono or failed"});
            return true;
          }
          if (colour[n->name] == 0 && dfs(*n, path))
            return true;
        }
        colour[s.name] = 2;
        path.pop_back();
        return false;
      };
  for (const auto& s : f.states) {
    std::vector<std::string> path;
    if (colour[s.name] == 0 && dfs(s, path))
      break;
  }
  return out;
}

HandshakeMachine::HandshakeMachine(const HandshakeFamily& f, std::optional<std::string> incompatible_reason)
    : f_(f), incompatible_(std::move(incompatible_reason)), state_(f.state(f.start))
{
  if (!state_)
    go("failed", "handshake has no start state");
}

void HandshakeMachine::go(const std::string& target, const std::string& why)
{
  attempts_in_state_ = 0;
  if (auto o = outcome_from_string(target)) {
    outcome_ = *o;
    reason_  = why;
    return;
  }
  state_ = f_.state(target);
}

double HandshakeMachine::step(bool ok, double exchange_s)
{
  const HandshakeState& s = *state_;
  ++messages_;
  if (ok) {
    const double took = 2 * exchange_s + f_.processing_s;  // request and answer, each one exchange
    if (s.check_compatibility && incompatible_)
      go(s.on_incompatible, "incompatible in '" + s.name + "': " + *incompatible_);
    else
      go(s.next, "completed");
    return took;
  }
  if (attempts_in_state_ < s.retries) {
    ++attempts_in_state_;
    ++retries_total_;
  } else {
    go(s.on_fail, "no answer to '" + s.send + "' in state '" + s.name + "' after " + std::to_string(s.retries + 1) +
                      " attempts");
  }
  return s.timeout_s.value_or(0);
}

}  // namespace btlinksim
