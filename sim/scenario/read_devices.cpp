// devices: each device's own keys over its preset role defaults, its radio, position and movement.
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/sections.hpp"

namespace btlinksim {

namespace {

void read_waypoints(YamlReader& L, const Fields& f, const std::string& p, DeviceSpec& d)
{
  if (f.count("position"))
    L.error(f.at("position"), p + ": give either position or waypoints (the first waypoint is the start)");
  if (f.count("mobility"))
    L.error(f.at("mobility"), p + ": give either waypoints or mobility, not both");
  const YAML::Node& w = f.at("waypoints");
  double last_t       = 0;
  for (size_t i = 0; i < w.size(); ++i)
    if (auto v = L.numbers(w[i], Dimension::dimensionless, 3, p + ".waypoints", "[[0, 1, 0], [30, 12, 0]] (t_s, x_m, y_m)")) {
      if ((*v)[0] < last_t || (*v)[0] < 0)
        L.error(w[i], p + ".waypoints: times must start at 0 or later and never decrease; sort the points by time");
      last_t = (*v)[0];
      d.waypoints.push_back({(*v)[0], {(*v)[1], (*v)[2]}});
    }
  if (w.size() == 0)
    L.error(w, p + ".waypoints must list at least one [t_s, x_m, y_m]");
  if (!d.waypoints.empty()) {
    d.x_m = d.waypoints.front().p.x_m;
    d.y_m = d.waypoints.front().p.y_m;
  }
}

void read_mobility(YamlReader& L, const Fields& f, const std::string& p, DeviceSpec& d)
{
  const std::string mp = p + ".mobility";
  const Fields m       = L.fields(f.at("mobility"), mobility_section().table(), mp);
  auto& rw             = d.random_walk;
  rw.enabled           = true;
  if (m.count("room"))
    if (auto r = L.numbers(m.at("room"), Dimension::length, 4, mp + ".room", "[0, 0, 6, 4]")) {
      rw.room = Room{(*r)[0], (*r)[1], (*r)[2], (*r)[3]};
      if (rw.room.x1_m <= rw.room.x0_m || rw.room.y1_m <= rw.room.y0_m)
        L.error(m.at("room"), mp + ".room is [x0, y0, x1, y1] with x1 > x0 and y1 > y0");
      else if (d.x_m < rw.room.x0_m || d.x_m > rw.room.x1_m || d.y_m < rw.room.y0_m || d.y_m > rw.room.y1_m)
        L.error(m.at("room"), mp + ": the device's position must lie inside the room; move it or widen the room");
    }
  L.read(mobility_section(), m, rw, mp);
  if (rw.speed_min_m_s > rw.speed_max_m_s)
    L.error(m.count("speed_min") ? m.at("speed_min") : f.at("mobility"), mp + ": speed_min exceeds speed_max");
}

void read_device(YamlReader& L, const YAML::Node& key, const YAML::Node& node, const std::optional<Preset>& preset,
                 Scenario& s)
{
  DeviceSpec d;
  d.name              = key.Scalar();
  d.where             = L.loc(key);
  // A name is how topology, sweeps (devices.NAME.position[0], devices.*) and results refer to the device.
  if (!key.IsScalar() || d.name.find_first_not_of(" \t") == std::string::npos)
    L.error(key, "a device needs a name (devices: { phone: {...} }), not an empty or blank key; name it, e.g. left");
  else if (d.name.find_first_of(".[]*") != std::string::npos)
    L.error(key, "device name '" + d.name + "' holds '.', '[', ']' or '*', which sweep paths use (devices.NAME.position[0]); "
                 "use letters, digits, '_' or '-'");
  const std::string p = "devices." + d.name;
  const Fields own    = L.fields(node, device_section().table(), p);
  if (auto v = L.value(own, device_section().table(), "role", p))
    d.role = v->word == "source" ? Role::source : Role::speaker;
  // Preset defaults for the role, under the device's own keys.
  const Fields f = preset ? overlay(d.role == Role::source ? preset->source : preset->speaker, own) : own;
  d.brand        = preset ? preset->brand : "generic";
  L.read(device_defaults_section(), f, d, p);
  if (f.count("position"))  // plain numbers are metres; strings may carry a length unit
    if (auto xy = L.numbers(f.at("position"), Dimension::length, 2, p + ".position", "[2, 1]")) {
      d.x_m = (*xy)[0];
      d.y_m = (*xy)[1];
    }
  if (f.count("waypoints"))
    read_waypoints(L, f, p, d);
  if (f.count("mobility"))
    read_mobility(L, f, p, d);
  if (f.count("power"))
    L.read(power_section(), L.fields(f.at("power"), power_section().table(), p + ".power"), d.power, p + ".power");
  if (f.count("wire"))
    L.read(wire_section(), L.fields(f.at("wire"), wire_section().table(), p + ".wire"), d.wire, p + ".wire");
  if (f.count("body")) {
    d.body.enabled = true;
    L.read(body_section(), L.fields(f.at("body"), body_section().table(), p + ".body"), d.body, p + ".body");
  }
  Fields rf;
  if (f.count("radio"))
    rf = L.fields(f.at("radio"), radio_section().table(), p + ".radio");
  L.read(radio_section(), rf, d.radio, p + ".radio");
  s.devices.push_back(d);
}

}  // namespace

void read_devices(YamlReader& L, const Fields& top, const std::optional<Preset>& preset, Scenario& s)
{
  if (!top.count("devices"))
    return;
  for (const auto& [key, node] : L.named_entries(top.at("devices"), "device"))
    read_device(L, key, node, preset, s);
}

}  // namespace btlinksim
