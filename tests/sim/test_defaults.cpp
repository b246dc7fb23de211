// The declaration is a key's only default (issue 24): a struct's member initialiser must give what the key's
// declared default gives, or a struct built in code (not by the loader) would run with another value. Checked
// by applying each declared plain default to a freshly built struct and comparing its bytes before and after
// (numbers within 1e-12 relative: "20 ms" is 20 x 1e-3 in floating point). The scenario's own structs are checked;
// the path-loss parameters and a wall are models/ value types (PathLossParams, Wall) filled only by the loader,
// their zeros meaning "not given", so they are not.
#include "sim/scenario/declarations.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

using namespace btlinksim;

namespace {
bool same_bytes(const unsigned char* a, const unsigned char* b, size_t n)
{
  for (size_t o = 0; o + 8 <= n; o += 8) {
    if (std::memcmp(a + o, b + o, 8) == 0)
      continue;
    double x, y;
    std::memcpy(&x, a + o, 8);
    std::memcpy(&y, b + o, 8);
    if (!(std::isnormal(x) && std::isnormal(y) && std::abs(x - y) <= 1e-12 * std::abs(x)))
      return false;
  }
  return std::memcmp(a + n / 8 * 8, b + n / 8 * 8, n % 8) == 0;
}

template <class T> std::vector<std::string> differing(const Section<T>& sec)
{
  std::vector<std::string> out;
  const auto& params = sec.table().params;
  for (size_t i = 0; i < params.size(); ++i) {
    const ParamDecl& p = params[i];
    if (!sec.setter(i) || p.kind != ValueKind::scalar || !p.has_plain_default())
      continue;
    const CheckedValue v = check_param_value(p, p.default_text, false);
    REQUIRE(v.ok());
    T t{};
    const auto* bytes = reinterpret_cast<const unsigned char*>(&t);  // the object representation, read in place
    const std::vector<unsigned char> before(bytes, bytes + sizeof(T));
    sec.setter(i)(t, v);
    const std::vector<unsigned char> after(bytes, bytes + sizeof(T));
    if (!same_bytes(before.data(), after.data(), sizeof(T)))
      out.push_back(sec.table().name + "." + p.name + " = " + p.default_text);
  }
  return out;
}
}  // namespace

TEST_CASE("member initialisers give what the declared defaults give", "[declarations]")
{
  std::vector<std::string> bad;
  auto add = [&](const std::vector<std::string>& d) { bad.insert(bad.end(), d.begin(), d.end()); };
  add(differing(top_section()));
  add(differing(environment_section()));
  add(differing(fading_section()));
  add(differing(shadowing_section()));
  add(differing(interferer_section()));
  add(differing(connection_section()));
  add(differing(device_section()));
  add(differing(radio_section()));
  add(differing(mobility_section()));
  add(differing(body_section()));
  add(differing(wire_section()));
  add(differing(power_section()));
  add(differing(topology_section()));
  add(differing(audio_section()));
  add(differing(le_audio_section()));
  add(differing(wifi_section()));
  add(differing(output_section()));
  add(differing(formation_section()));
  std::string list;
  for (const auto& b : bad)
    list += "\n  " + b;
  INFO("keys whose member initialiser differs from the declared default:" << list);
  CHECK(bad.empty());
}
