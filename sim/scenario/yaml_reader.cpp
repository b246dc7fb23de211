#include "sim/scenario/yaml_reader.hpp"

#include <cstdio>

#include <cerrno>
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string_view>

#include "sim/common/asan.hpp"

namespace btlinksim {

Location YamlReader::loc(const YAML::Node& n) const
{
  const YAML::Mark m = n.Mark();
  if (m.line < 0)
    return {};
  return {m.line + 1, m.column + 1};
}

static std::string at_text(Location l) { return std::to_string(l.line) + ":" + std::to_string(l.column); }

Fields YamlReader::fields(const YAML::Node& map, const ParamTable& t, const std::string& path)
{
  Fields out;
  if (!map.IsMap()) {
    error(map, path + " must be a map of keys (key: value)");
    return out;
  }
  std::string allowed;
  for (const auto& p : t.params)
    allowed += (allowed.empty() ? "" : ", ") + p.name;
  std::map<std::string, Location> first;
  for (const auto& kv : map) {
    const YAML::Node k = kv.first, v = kv.second;
    const std::string key = k.Scalar();
    if (auto [it, fresh] = first.emplace(key, loc(k)); !fresh) {
      error(k, "key '" + key + "' in " + path + " is given twice (first at " + at_text(it->second) +
                   "); keep one of them");
      continue;
    }
    const ParamDecl* d = t.find(key);
    if (!d) {
      error(k, "unknown key '" + key + "' in " + path + "; allowed keys: " + allowed);
      continue;
    }
    const bool want_map = d->kind == ValueKind::map, want_list = d->kind == ValueKind::list;
    if (want_map && !v.IsMap())
      error(v, path + "." + key + " must be a map (key: value lines)");
    else if (want_list && !v.IsSequence())
      error(v, path + "." + key + " must be a list, e.g. [a, b]");
    else if (!want_map && !want_list && !v.IsScalar())
      error(v, path + "." + key + " must be a single value (" + d->unit_text() + "), not a " +
                   (v.IsMap() ? "map" : v.IsSequence() ? "list" : "null"));
    else
      out[key] = v;
  }
  for (const auto& p : t.params)
    if (p.default_text.empty() && !first.count(p.name))
      error(map, path + " lacks required key '" + p.name + "' (" + p.unit_text() + "): " + p.help);
  return out;
}

std::vector<std::pair<YAML::Node, YAML::Node>> YamlReader::named_entries(const YAML::Node& map, const std::string& what)
{
  std::vector<std::pair<YAML::Node, YAML::Node>> out;
  std::map<std::string, Location> first;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string name = it->first.Scalar();
    if (auto [f, fresh] = first.emplace(name, loc(it->first)); !fresh) {
      error(it->first, what + " '" + name + "' is declared twice (first at " + at_text(f->second) +
                           "); give each a different name");
      continue;
    }
    out.emplace_back(it->first, it->second);
  }
  return out;
}

std::optional<CheckedValue> YamlReader::value(const Fields& f, const ParamTable& t, const std::string& key,
                                              const std::string& path)
{
  const ParamDecl* d = t.find(key);
  if (!d)
    throw std::logic_error("key '" + key + "' is not declared in " + t.name);
  auto it = f.find(key);
  if (d->kind == ValueKind::text) {  // free text: no parsing, no range
    if (it != f.end())
      return CheckedValue{0, it->second.Scalar(), ""};
    return d->has_plain_default() ? std::optional<CheckedValue>(CheckedValue{0, d->default_text, ""}) : std::nullopt;
  }
  if (it == f.end()) {
    if (d->has_plain_default())
      return check_param_value(*d, d->default_text, false);
    return std::nullopt;
  }
  CheckedValue v = check_param_value(*d, it->second.Scalar(), true);
  if (!v.ok()) {
    error(it->second, path + "." + key + ": " + v.error);
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<double>> YamlReader::numbers(const YAML::Node& list, Dimension dim, size_t n,
                                                       const std::string& path, const char* example)
{
  if (!list.IsSequence() || list.size() != n) {
    error(list, path + " must have " + std::to_string(n) + " values, e.g. " + example);
    return std::nullopt;
  }
  std::vector<double> out(n);
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    ParsedQuantity q = parse_quantity(list[i].IsScalar() ? list[i].Scalar() : "", dim, false);
    if (!list[i].IsScalar() || !q.ok()) {
      error(list[i], path + ": " + (list[i].IsScalar() ? q.error : "expected a number"));
      ok = false;
    } else {
      out[i] = q.value;
    }
  }
  return ok ? std::optional<std::vector<double>>(out) : std::nullopt;
}

void YamlReader::check_present(const Fields& f, const ParamTable& t, const std::string& path)
{
  for (const auto& [k, v] : f)
    if (t.find(k)->kind != ValueKind::map && t.find(k)->kind != ValueKind::list)
      value(f, t, k, path);
}

namespace {
// YAML 1.2 §5.4: CR LF, CR and LF are each one line break. yaml-cpp and the scan below see LF only, so that a file
// saved with Windows (CR LF) or classic Mac (CR) line ends reads as it does with LF; lines and columns are unchanged.
std::string normalise_line_breaks(const std::string& text)
{
  if (text.find('\r') == std::string::npos)
    return text;
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r')
      out += text[i];
    else if (i + 1 >= text.size() || text[i + 1] != '\n')
      out += '\n';
  }
  return out;
}

// yaml-cpp 0.7 (Debian 12; also 0.8 in Debian 13) never returns -- it allocates until the machine runs out of
// memory, 24 GB in 50 s -- from some malformed documents the fuzzer found: a ',' that begins a line outside any
// [ ] or { }, or something other than ':' after a quoted scalar or a closed [ ] / { } (`,a: b`, `"a",b`,
// `[a], b`, `""""`). Upstream: jbeder/yaml-cpp#1040 (open since 2021), fixed by PRs #1318/#1319 (2024), after
// the 0.8.0 release. This scan finds where such a document goes wrong, cheaply; what it finds is only a
// suspicion, confirmed by the bounded parse (yaml_parses_in_bounds) before anything is refused, so a valid
// document (a plain scalar continued on a line that begins with ',') is never refused because of the scan.
// It skips quoted scalars (with their escapes), comments, node properties (an anchor &a or tag !t before a
// node) and the content of block scalars (| and >).
std::optional<Location> suspicious_for_yaml_cpp(const std::string& text)
{
  int depth = 0, line = 0;
  char quote       = 0;   // inside a quoted scalar (it may span lines)
  int block_parent = -1;  // inside a block scalar: the indentation of the line that began it; -1: outside
  for (size_t pos = 0; pos <= text.size(); ++line) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    const std::string_view l(text.data() + pos, end - pos);
    pos = end + 1;
    const size_t first = l.find_first_not_of(' ');
    const bool blank   = l.find_first_not_of(" \t") == std::string_view::npos;
    if (!quote && block_parent >= 0 && (blank || static_cast<int>(first) > block_parent))
      continue;  // block scalar content is text, whatever it holds
    block_parent    = -1;
    char prev       = '\n';   // the last character that is not a space on this line ('\n': none yet)
    bool after_node = false;  // a quoted scalar or [ ] / { } just ended at depth 0
    for (size_t j = 0; j < l.size(); ++j) {
      const char c  = l[j];
      const Location here{line + 1, static_cast<int>(j) + 1};
      if (quote) {
        if (quote == '"' && c == '\\')
          ++j;  // an escape: the next character is content
        else if (quote == '\'' && c == '\'' && j + 1 < l.size() && l[j + 1] == '\'')
          ++j;  // '' is a quote inside a single-quoted scalar
        else if (c == quote) {
          quote      = 0;
          prev       = c;
          after_node = depth == 0;
        }
        continue;
      }
      if (c == ' ' || c == '\t')
        continue;
      if (c == '#' && (j == 0 || l[j - 1] == ' ' || l[j - 1] == '\t'))
        break;  // a comment ends the line
      const bool node_start = prev == '\n' || prev == ':' || prev == '-' || prev == '[' || prev == '{' || prev == ',' || prev == '?';
      if (c == ',' && depth == 0 && prev == '\n')
        return here;
      // After a complete quoted scalar or [ ] / { } at depth 0 only ':' (it was a key), a comment or the end of
      // the line may follow in YAML; yaml-cpp hangs on some of what else can (`"a",b`, `"""`).
      if (after_node && c != ':')
        return here;
      after_node = false;
      if (node_start && (c == '&' || c == '!')) {  // an anchor or a tag: the node itself begins after it
        while (j + 1 < l.size() && std::string_view(" \t,[]{}").find(l[j + 1]) == std::string_view::npos)
          ++j;
        continue;
      }
      if (node_start && depth == 0 && (c == '|' || c == '>')) {  // a block scalar: its header ends the line
        block_parent = first == std::string_view::npos ? 0 : static_cast<int>(first);
        break;
      }
      if ((c == '\'' || c == '"') && node_start)
        quote = c;
      else if ((c == '[' || c == '{') && node_start)
        ++depth;
      else if ((c == ']' || c == '}') && depth > 0)
        after_node = --depth == 0;
      prev = c;
    }
  }
  return std::nullopt;
}

// Whether yaml-cpp parses `text` (to a tree or to a syntax error) within 5 s and 2 GiB, tried in a forked
// process (~1 ms).
bool yaml_parses_in_bounds(const std::string& text)
{
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0)
    return true;  // cannot probe: parse in process as before
  if (pid == 0) {
    signal(SIGALRM, SIG_DFL);  // the bound must end the probe even where a handler was installed (libFuzzer's)
    alarm(5);
#if !BTL_ASAN  // ASan reserves terabytes of address space: only the time bounds it there
    const rlimit mem{2UL << 30, 2UL << 30};
    setrlimit(RLIMIT_AS, &mem);
#endif
    try {
      (void)YAML::LoadAll(text);
    } catch (const YAML::Exception&) {  // a syntax error: parsed, the real parse will report it
    } catch (...) {                     // out of the bounded memory
      _exit(3);
    }
    _exit(0);
  }
  // A signal handler installed without SA_RESTART (libFuzzer's SIGALRM watchdog) interrupts the wait: a status
  // left at 0 then read as "parsed" while the probe still ran (the fuzz build went on to parse in process and hung)
  int status = 0;
  pid_t got  = -1;
  do
    got = waitpid(pid, &status, 0);
  while (got < 0 && errno == EINTR);
  if (got != pid) {  // cannot learn the probe's outcome: end it, parse in process as without a probe
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return true;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// YAML admits no C0 control character but tab, line feed and carriage return (YAML 1.2 §5.1); yaml-cpp hangs on
// some (a NUL before a ',': found by the fuzzer). A scenario is UTF-8 (YAML 1.2 §5.2): bytes that are not (a
// Latin-1 'é' from an old editor) are refused here, where they can be located, rather than stored.
std::optional<Diagnostic> not_utf8_text(const std::string& text, const std::string& file)
{
  int line = 1, col = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    ++col;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", u);
    if (u == '\n') {
      ++line;
      col = 0;
    } else if ((u < 0x20 && u != '\t') || u == 0x7f) {
      return Diagnostic{{line, col}, std::string("the file holds the control character ") + hex +
                                         "; a scenario is UTF-8 text: remove it (a binary file given by mistake?)",
                        file};
    } else if (u >= 0x80) {  // a UTF-8 sequence: lead byte, then 1-3 continuation bytes (RFC 3629 §4)
      const size_t n = u >= 0xc2 && u <= 0xdf ? 2 : u >= 0xe0 && u <= 0xef ? 3 : u >= 0xf0 && u <= 0xf4 ? 4 : 0;
      bool ok        = n > 0 && i + n <= text.size();
      for (size_t k = 1; ok && k < n; ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        ok           = c >= 0x80 && c <= 0xbf;
      }
      if (ok && n >= 3) {  // no overlong form, no surrogate, nothing above U+10FFFF
        const auto c = static_cast<unsigned char>(text[i + 1]);
        ok = !(u == 0xe0 && c < 0xa0) && !(u == 0xed && c > 0x9f) && !(u == 0xf0 && c < 0x90) && !(u == 0xf4 && c > 0x8f);
      }
      if (!ok)
        return Diagnostic{{line, col}, std::string("the byte ") + hex + " is not UTF-8 text (a Latin-1 or Windows-1252 "
                                           "character?); save the file as UTF-8",
                          file};
      i += n - 1;
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<YAML::Node> parse_single_document(const std::string& raw, const std::string& file,
                                                std::vector<Diagnostic>& errors, YamlProbe probe)
{
  const std::string text = normalise_line_breaks(raw);
  if (auto bad = not_utf8_text(text, file)) {
    errors.push_back(*bad);
    return std::nullopt;
  }
  const auto suspect = suspicious_for_yaml_cpp(text);
  const Diagnostic suspect_error{suspect.value_or(Location{1, 1}),
                                 "YAML syntax: outside [ ] or { } a line cannot start with ',', and after a quoted value or a "
                                 "closed [ ] / { } only ':' or a comment may follow; remove what follows, or put the list in [ ]",
                                 file};
  if ((suspect || probe == YamlProbe::always) && !yaml_parses_in_bounds(text)) {
    if (suspect)
      errors.push_back(suspect_error);
    else
      errors.push_back({{1, 1},
                        "YAML syntax: the YAML parser (yaml-cpp 0.7) does not finish this file within 5 s and 2 GiB, "
                        "which it does only on malformed YAML: look for a stray ',' , quote, '&' or '*' outside [ ] / { } "
                        "and check the file with a YAML linter",
                        file});
    return std::nullopt;
  }
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {  // yaml-cpp's own error; on the scan's line, with the scan's hint
    const Location at{e.mark.line + 1, e.mark.column + 1};
    const bool hint = suspect && suspect->line == at.line;
    errors.push_back({at, "YAML syntax: " + e.msg + "; fix the syntax" +
                              (hint ? std::string(" (outside [ ] or { } a line cannot start with ',', and after a quoted value or "
                                                  "a closed [ ] / { } only ':' or a comment may follow)")
                                    : std::string()),
                      file});
    return std::nullopt;
  }
  if (docs.size() > 1) {
    const YAML::Mark m = docs[1].Mark();
    errors.push_back({m.line < 0 ? Location{} : Location{m.line + 1, m.column + 1},
                      "a second YAML document starts here (after a '---' line); a file holds one: remove the '---' and what follows, or "
                      "put it in a file of its own",
                      file});
    return std::nullopt;
  }
  return docs.empty() ? YAML::Node() : docs.front();
}

Fields overlay(Fields base, const Fields& top)
{
  for (const auto& [k, v] : top)
    base[k] = v;
  return base;
}

}  // namespace btlinksim
