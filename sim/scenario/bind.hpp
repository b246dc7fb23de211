// A declared section: the parameter table (name, unit, default, range, help per key: models/core/params.hpp)
// and, per key, the setter that fills the struct member it declares. A generic reader (apply_section) fills a
// section's struct from checked values -- the given one, else the declared plain default -- so defaults come
// only from the declarations. Keys whose value is a map, a list or has a derived default are read by the
// section's own code (setter empty); sections_are_bound() lists them and a test checks each is read.
#pragma once

#include "models/core/params.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace btlinksim {

// Fills the member from a checked value; returns an error message ("" = ok) for checks beyond unit and range.
template <class T> using Setter = std::function<std::string(T&, const CheckedValue&)>;

template <class T> struct Binding {
  ParamDecl decl;
  Setter<T> set;  // empty: read by the section's own code
};

template <class T> class Section {
public:
  Section(std::string name, std::string title, std::vector<Binding<T>> bindings)
      : table_{std::move(name), std::move(title), {}}
  {
    for (auto& b : bindings) {
      table_.params.push_back(b.decl);
      setters_.push_back(std::move(b.set));
    }
  }
  const ParamTable& table() const { return table_; }
  const Setter<T>& setter(size_t i) const { return setters_[i]; }
  // Keys without a setter (read by hand).
  std::vector<std::string> unbound() const
  {
    std::vector<std::string> n;
    for (size_t i = 0; i < setters_.size(); ++i)
      if (!setters_[i])
        n.push_back(table_.params[i].name);
    return n;
  }

private:
  ParamTable table_;
  std::vector<Setter<T>> setters_;
};

// Applies every bound key in declaration order: value_of(decl) gives its checked value (given or default) or
// nullopt (absent without a plain default, or invalid: reported by value_of). on_error gets a setter's error.
template <class T>
void apply_section(const Section<T>& sec, T& target,
                   const std::function<std::optional<CheckedValue>(const ParamDecl&)>& value_of,
                   const std::function<void(const ParamDecl&, const std::string&)>& on_error)
{
  const auto& params = sec.table().params;
  for (size_t i = 0; i < params.size(); ++i) {
    if (!sec.setter(i))
      continue;
    if (auto v = value_of(params[i])) {
      const std::string err = sec.setter(i)(target, *v);
      if (!err.empty())
        on_error(params[i], err);
    }
  }
}

// Setters for the usual member kinds. `ref` maps the struct to the member (a lambda returning a reference),
// so nested members bind as easily as direct ones.
template <class T, class Ref> Setter<T> number(Ref ref)
{
  return [ref](T& t, const CheckedValue& v) {
    auto& m = ref(t);
    m       = static_cast<std::remove_reference_t<decltype(m)>>(v.number);
    return std::string();
  };
}
template <class T, class Ref> Setter<T> flag(Ref ref)
{
  return [ref](T& t, const CheckedValue& v) {
    ref(t) = v.word == "true";
    return std::string();
  };
}
template <class T, class Ref> Setter<T> text(Ref ref)
{
  return [ref](T& t, const CheckedValue& v) {
    ref(t) = v.word;
    return std::string();
  };
}
// A choice word mapped to a value of the member's type.
template <class T, class Ref, class V> Setter<T> choice(Ref ref, std::vector<std::pair<std::string, V>> map)
{
  return [ref, map](T& t, const CheckedValue& v) {
    for (const auto& [w, x] : map)
      if (w == v.word)
        ref(t) = x;
    return std::string();
  };
}

#define BTL_MEMBER(T, m) [](T& t) -> auto& { return t.m; }

}  // namespace btlinksim
