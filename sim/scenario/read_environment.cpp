// environment: path loss, fading, shadowing, walls, interferers; and the connection section.
#include "sim/scenario/declarations.hpp"
#include "sim/scenario/sections.hpp"

namespace btlinksim {

namespace {

void read_walls(YamlReader& L, const YAML::Node& ws, EnvironmentSpec& e)
{
  for (size_t i = 0; i < ws.size(); ++i) {
    const std::string wp = "environment.walls[" + std::to_string(i) + "]";
    const Fields w       = L.fields(ws[i], wall_section().table(), wp);
    Wall wall;
    wall.name = "wall " + std::to_string(i + 1);
    const auto a = w.count("from") ? L.numbers(w.at("from"), Dimension::length, 2, wp + ".from", "[3, -2]") : std::nullopt;
    const auto b = w.count("to") ? L.numbers(w.at("to"), Dimension::length, 2, wp + ".to", "[3, 4]") : std::nullopt;
    if (a && b) {
      wall.a = {(*a)[0], (*a)[1]};
      wall.b = {(*b)[0], (*b)[1]};
      if (distance_m(wall.a, wall.b) == 0)
        L.error(w.at("to"), wp + ": from and to are the same point; a wall needs two different ends");
    }
    L.read(wall_section(), w, wall, wp);
    e.walls.push_back(wall);
  }
}

void read_interferers(YamlReader& L, const YAML::Node& is, EnvironmentSpec& e)
{
  for (size_t i = 0; i < is.size(); ++i) {
    const std::string ip = "environment.interference[" + std::to_string(i) + "]";
    const Fields f       = L.fields(is[i], interferer_section().table(), ip);
    InterfererSpec x;
    x.name = "interferer " + std::to_string(i + 1);
    if (f.count("position"))
      if (auto p = L.numbers(f.at("position"), Dimension::length, 2, ip + ".position", "[4, 3]"))
        x.position = {(*p)[0], (*p)[1]};
    L.read(interferer_section(), f, x, ip);
    if (x.kind == InterfererSpec::Kind::piconet && f.count("channel"))
      L.error(f.at("channel"), ip + ".channel is for wifi; a piconet hops over all 79 channels");
    e.interferers.push_back(x);
  }
}

}  // namespace

void read_environment(YamlReader& L, const Fields& top, EnvironmentSpec& e)
{
  const Fields env = L.section(top, "environment", environment_section().table(), "environment");
  const Fields pl = L.section(env, "path_loss", path_loss_section().table(), "environment.path_loss");
  const Fields fd = L.section(env, "fading", fading_section().table(), "environment.fading");
  const Fields sh = L.section(env, "shadowing", shadowing_section().table(), "environment.shadowing");
  const size_t before = L.errors.size();
  PathLossSection p;
  L.read(path_loss_section(), pl, p, "environment.path_loss");
  if (L.errors.size() == before) {
    e.path_loss          = make_path_loss(p.params);
    e.shadowing_sigma_db = p.shadowing_sigma_db;
  }
  L.read(fading_section(), fd, e, "environment.fading");
  L.read(environment_section(), env, e, "environment");
  L.read(shadowing_section(), sh, e, "environment.shadowing");
  if (env.count("walls"))
    read_walls(L, env.at("walls"), e);
  if (env.count("interference"))
    read_interferers(L, env.at("interference"), e);
}

void read_connection(YamlReader& L, const Fields& top, ConnectionSpec& c)
{
  const Fields f = L.section(top, "connection", connection_section().table(), "connection");
  L.read(connection_section(), f, c, "connection");
  if (c.afh_params.update_delay_s >= c.afh_params.assessment_s)
    L.error(f.count("afh_update_delay") ? f.at("afh_update_delay") : top.at("connection"),
            "connection.afh_update_delay must be shorter than afh_assessment (a map is in use before the next is made)");
}

}  // namespace btlinksim
