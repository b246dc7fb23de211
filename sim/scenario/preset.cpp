#include "sim/scenario/preset.hpp"
#include "sim/scenario/input_file.hpp"

#include "sim/scenario/declarations.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace btlinksim {

namespace {

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(const std::string& a, const std::string& b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0]           = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag   = up;
    }
  }
  return row[b.size()];
}

// "unknown preset" with the folders searched, a near miss (at most 2 edits) and the known names.
void report_unknown(const std::string& name, const YAML::Node& where, YamlReader& L)
{
  std::string dirs;
  std::set<std::string> known;
  for (const auto& d : preset_dirs(L.file())) {
    dirs += (dirs.empty() ? "" : ", ") + d;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(d, ec))
      if (e.path().extension() == ".yaml")
        known.insert(e.path().stem().string());
  }
  std::string list, best;
  std::size_t best_d = 3;
  for (const auto& k : known) {
    list += (list.empty() ? "" : ", ") + k;
    if (const std::size_t dist = edit_distance(name, k); dist < best_d) {
      best_d = dist;
      best   = k;
    }
  }
  L.error(where, "unknown preset '" + name + "' (no " + name + ".yaml in " + dirs + "); " +
                     (best.empty() ? "" : "did you mean '" + best + "'? ") + "known presets: " +
                     (list.empty() ? "(none)" : list) + "; or write one in a presets/ folder next to the scenario");
}

// The handshake of a preset: messages, states, then the family's structural checks, each located.
HandshakeFamily read_handshake(YamlReader& P, const Fields& top, const std::string& name)
{
  const Fields h = P.fields(top.at("handshake"), handshake_section().table(), "preset.handshake");
  HandshakeFamily fam;
  fam.name = name;
  P.read(handshake_section(), h, fam, "preset.handshake");
  if (h.count("messages"))
    for (const auto& [k, v] : P.named_entries(h.at("messages"), "handshake message")) {
      ParsedQuantity q = parse_quantity(v.IsScalar() ? v.Scalar() : "", Dimension::count, false);
      if (!v.IsScalar() || !q.ok() || q.value < 1 || q.value > 1021)
        P.error(v, "preset.handshake.messages." + k.Scalar() + ": give the message size in bytes, 1 to 1021");
      fam.messages.push_back({k.Scalar(), static_cast<int>(q.ok() ? q.value : 1)});
    }
  std::vector<Fields> state_fields;
  std::vector<YAML::Node> state_nodes;
  if (h.count("states"))
    for (const auto& [k, v] : P.named_entries(h.at("states"), "handshake state")) {
      const std::string sp = "preset.handshake.states." + k.Scalar();
      const Fields f       = P.fields(v, handshake_state_section().table(), sp);
      HandshakeState st;
      st.name = k.Scalar();
      P.read(handshake_state_section(), f, st, sp);
      fam.states.push_back(st);
      state_fields.push_back(f);
      state_nodes.push_back(k);
    }
  // Structural problems (unknown message, bad target, cycle...) are reported alongside any value errors, so
  // one run shows every fault; a missing timeout was already reported as a missing required key.
  for (const auto& pb : validate(fam)) {
    if (pb.state >= 0 && pb.field == "timeout" && !state_fields[pb.state].count("timeout"))
      continue;
    const YAML::Node at = pb.state < 0 ? (h.count(pb.field) ? h.at(pb.field) : top.at("handshake"))
                          : state_fields[pb.state].count(pb.field) ? state_fields[pb.state].at(pb.field)
                                                                   : state_nodes[pb.state];
    P.error(at, "preset.handshake: " + pb.message);
  }
  return fam;
}

}  // namespace

std::optional<Preset> load_preset(const std::string& name, const YAML::Node& where, YamlReader& L)
{
  std::string path;
  for (const auto& d : preset_dirs(L.file()))
    if (std::ifstream(d + "/" + name + ".yaml")) {
      path = d + "/" + name + ".yaml";
      break;
    }
  if (path.empty()) {
    report_unknown(name, where, L);
    return std::nullopt;
  }
  YamlReader P(path);
  std::string why;
  const auto text = read_input_file(path, "preset", why);
  if (!text) {
    L.error(where, "preset '" + name + "' (" + path + "): " + why);
    return std::nullopt;
  }
  const auto root = parse_single_document(*text, path, L.errors, YamlProbe::always);
  if (!root)
    return std::nullopt;
  Preset pr;
  pr.name = name;
  pr.path = path;
  const Fields top = P.fields(*root, preset_section().table(), "preset");
  if (top.count("preset") && top.at("preset").Scalar() != name)
    P.error(top.at("preset"), "preset name '" + top.at("preset").Scalar() + "' differs from the file name '" + name +
                                  "'; make them equal");
  P.read(preset_section(), top, pr, "preset");
  if (top.count("formation")) {
    pr.formation = P.fields(top.at("formation"), formation_section().table(), "preset.formation");
    P.check_present(pr.formation, formation_section().table(), "preset.formation");
  }
  for (auto [key, dst] : {std::pair<const char*, Fields*>{"source", &pr.source}, {"speaker", &pr.speaker}})
    if (top.count(key)) {
      *dst = P.fields(top.at(key), device_defaults_section().table(), std::string("preset.") + key);
      P.check_present(*dst, device_defaults_section().table(), std::string("preset.") + key);
    }
  if (top.count("compatibility")) {
    const Fields c = P.fields(top.at("compatibility"), compatibility_section().table(), "preset.compatibility");
    P.read(compatibility_section(), c, pr.compatibility, "preset.compatibility");
  }
  if (top.count("handshake"))
    pr.handshake = read_handshake(P, top, name);
  const bool ok = P.errors.empty();
  L.errors.insert(L.errors.end(), P.errors.begin(), P.errors.end());
  if (!ok)
    return std::nullopt;
  return pr;
}

}  // namespace btlinksim
