// Reading declared sections out of YAML with located errors: every problem becomes "file:line:column: what is
// wrong; what to do", all of them collected (nothing stops at the first). Unknown and duplicate keys, wrong
// value shapes and missing required keys are found here; values are checked against their declarations.
#pragma once

#include "sim/scenario/bind.hpp"
#include "sim/scenario/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace btlinksim {

using Fields = std::map<std::string, YAML::Node>;

class YamlReader {
public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}
  const std::string& file() const { return file_; }
  std::vector<Diagnostic> errors;

  Location loc(const YAML::Node& n) const;
  void error(const YAML::Node& n, const std::string& msg) { errors.push_back({loc(n), msg, file_}); }
  void error(Location l, const std::string& msg) { errors.push_back({l, msg, file_}); }

  // The keys of a map, each checked against the table: unknown keys, keys given twice, values of the wrong
  // shape and missing required keys are errors.
  Fields fields(const YAML::Node& map, const ParamTable& t, const std::string& path);
  // The fields of the optional map `key` of `parent` (none when it is absent), as fields() checks them.
  Fields section(const Fields& parent, const std::string& key, const ParamTable& t, const std::string& path)
  {
    return parent.count(key) ? fields(parent.at(key), t, path) : Fields{};
  }
  // The entries of a map whose keys are names (devices, handshake messages and states): a name given twice is
  // an error at both places; returns the entries in file order, each name once.
  std::vector<std::pair<YAML::Node, YAML::Node>> named_entries(const YAML::Node& map, const std::string& what);

  // Scalar value of a declared parameter (the given one, else its plain default); nullopt if absent without a
  // default or invalid (reported). An undeclared key is a programming error: std::logic_error.
  std::optional<CheckedValue> value(const Fields& f, const ParamTable& t, const std::string& key, const std::string& path);
  // A list of exactly n quantities of `dim` (plain numbers are in the canonical unit), e.g. a position.
  std::optional<std::vector<double>> numbers(const YAML::Node& list, Dimension dim, size_t n, const std::string& path,
                                             const char* example);

  // Fills every bound key of a section from the map's fields (declared defaults for absent keys).
  template <class T> void read(const Section<T>& sec, const Fields& f, T& target, const std::string& path)
  {
    apply_section<T>(
        sec, target, [&](const ParamDecl& d) { return value(f, sec.table(), d.name, path); },
        [&](const ParamDecl& d, const std::string& err) {
          auto it = f.find(d.name);
          error(it != f.end() ? loc(it->second) : Location{}, path + "." + d.name + ": " + err);
        });
  }
  // Checks the present scalar keys of a map (a preset's defaults, validated in the preset's own file).
  void check_present(const Fields& f, const ParamTable& t, const std::string& path);

private:
  std::string file_;
};

// The single YAML document of a text: line breaks normalised (CR LF and CR read as LF), bytes that are not UTF-8
// text refused, a syntax error or a second document (after ---) a located error. yaml-cpp 0.7 loops, allocating
// without end, on some malformed input: the parse is first tried in a forked process bounded to 5 s and 2 GiB
// (~1 ms), always for a user's file (YamlProbe::always) and otherwise when a scan finds what such input has.
std::optional<YAML::Node> parse_single_document(const std::string& text, const std::string& file,
                                                std::vector<Diagnostic>& errors, YamlProbe probe);
// Overlays `top` on `base` (a preset's defaults under the scenario's own keys).
Fields overlay(Fields base, const Fields& top);

}  // namespace btlinksim
