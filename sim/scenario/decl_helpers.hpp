// Helpers of the declaration files (sim/scenario/declarations*.cpp): declarations of maps, text, lists and
// choices, and setters for versions and keys that store nothing.
#pragma once

#include "models/formation/handshake.hpp"
#include "sim/scenario/bind.hpp"

#include <string>
#include <vector>

namespace btlinksim::decl {

inline constexpr double kBig = 1e300;

inline ParamDecl map_decl(const std::string& name, const std::string& help, const std::string& def = "")
{
  ParamDecl d{name, Dimension::dimensionless, def, -kBig, kBig, {}, help};
  d.kind = ValueKind::map;
  return d;
}
inline ParamDecl text_decl(const std::string& name, const std::string& def, const std::string& help)
{
  ParamDecl d{name, Dimension::dimensionless, def, -kBig, kBig, {}, help};
  d.kind = ValueKind::text;
  return d;
}
inline ParamDecl list_decl(const std::string& name, Dimension dim, int len, const std::string& def, const std::string& help)
{
  ParamDecl d{name, dim, def, -1e7, 1e7, {}, help};
  d.kind        = ValueKind::list;
  d.list_length = len;
  return d;
}
inline ParamDecl choice_decl(const std::string& name, const std::string& def, std::vector<std::string> choices,
                             const std::string& help)
{
  return ParamDecl{name, Dimension::dimensionless, def, -kBig, kBig, std::move(choices), help};
}
inline const std::vector<std::string> kBool{"true", "false"};

// A setter that stores nothing: the key only selects (e.g. a model with one choice).
template <class T> Setter<T> nothing()
{
  return [](T&, const CheckedValue&) { return std::string(); };
}
// A firmware version "4.2.1" in a text member.
template <class T, class Ref> Setter<T> version(Ref ref, const std::string& example)
{
  return [ref, example](T& t, const CheckedValue& v) {
    ref(t) = v.word;
    return valid_version(v.word) ? std::string()
                                 : "'" + v.word + "' is not a version; write numbers separated by dots, e.g. " + example;
  };
}

}  // namespace btlinksim::decl
