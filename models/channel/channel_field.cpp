#include "models/channel/channel_field.hpp"

#include <cmath>

namespace btlinksim {

double median_rx_dbm(const ChannelSpec& c, int tx, int rx, Point a, Point b)
{
  const ChannelEnd &t = c.ends[tx], &r = c.ends[rx];
  const LinkEnds ends{t.tx_power_dbm, t.antenna_gain_db, t.cable_loss_db, r.antenna_gain_db, r.cable_loss_db};
  return median_rx_dbm(c.environment, ends, a, b, std::abs(t.floor - r.floor));
}

double median_rx_dbm(const EnvironmentSpec& e, const LinkEnds& ends, Point a, Point b, int floors_between)
{
  return received_power_dbm(ends, path_loss_db(e.path_loss, distance_m(a, b))) -
         (wall_loss_db(a, b, e.walls) + floor_loss_db(floors_between));
}

ChannelField::ChannelField(ChannelSpec spec, int rep) : c_(std::move(spec)), rep_(rep)
{
  paths_.reserve(c_.ends.size());
  body_.reserve(c_.ends.size());
  for (const auto& d : c_.ends) {
    if (d.random_walk.enabled) {
      RngStream r(c_.seed, rep, d.name, "mobility");
      const auto& w = d.random_walk;
      paths_.push_back(random_waypoint(d.start, w.room, w.speed_min_m_s, w.speed_max_m_s, w.pause_s, c_.horizon_s, r));
    } else if (!d.waypoints.empty()) {
      paths_.emplace_back(d.waypoints);
    } else {
      paths_.push_back(Trajectory::fixed(d.start));
    }
    moving_ = moving_ || paths_.back().moves();
    if (d.body.enabled)
      body_.emplace_back(TwoStateMarkov(d.body.mean_clear_s, d.body.mean_blocked_s, RngStream(c_.seed, rep, d.name, "body")));
    else
      body_.emplace_back();
    dynamic_ = dynamic_ || d.body.enabled;
  }
  const auto& e    = c_.environment;
  const bool sigma = e.shadowing_sigma_db > 0;
  dynamic_ = dynamic_ || moving_ || (sigma && std::isfinite(e.shadowing_time_constant_s));
}

double ChannelField::obstruction_db(int a, int b, double t) const
{
  const Point pa = position(a, t), pb = position(b, t);
  return wall_loss_db(pa, pb, c_.environment.walls) + floor_loss_db(std::abs(c_.ends[a].floor - c_.ends[b].floor));
}

double ChannelField::shadow_db(int tx, int rx, double t)
{
  const auto& e      = c_.environment;
  const double sigma = e.shadowing_sigma_db;
  if (sigma <= 0)
    return 0;
  auto it = shadow_.find({tx, rx});
  if (it == shadow_.end()) {
    // The first draw is the per-link, per-replication value of a static scenario (stream "tx->rx", "shadowing").
    Shadow sh{RngStream(c_.seed, rep_, c_.ends[tx].name + "->" + c_.ends[rx].name, "shadowing"), 0, {}};
    sh.values.push_back(draw_shadowing_db(sh.rng, sigma));
    it = shadow_.emplace(std::make_pair(tx, rx), std::move(sh)).first;
  }
  Shadow& sh = it->second;
  if (!moving_ && !std::isfinite(e.shadowing_time_constant_s))
    return sh.values.front();  // neither end moves and the room is static: one draw per replication
  const double step   = e.channel_step_s;
  const auto k        = static_cast<std::int64_t>(std::floor(std::max(0.0, t) / step));
  if (k < sh.base_k)
    return sh.values.front();  // before the forgotten past: the oldest kept value
  while (sh.base_k + static_cast<std::int64_t>(sh.values.size()) <= k) {
    const std::int64_t j = sh.base_k + static_cast<std::int64_t>(sh.values.size());  // next step to make
    const double t1 = j * step, t0 = t1 - step;
    const double moved = distance_m(position(tx, t0), position(tx, t1)) + distance_m(position(rx, t0), position(rx, t1));
    const double rho   = shadowing_correlation(moved, e.shadowing_decorrelation_m, step, e.shadowing_time_constant_s);
    const double prev  = sh.values.back();
    sh.values.push_back(rho >= 1.0 ? prev : ar1_step(prev, rho, sigma, sh.rng.normal(0, 1)));
  }
  return sh.values[static_cast<size_t>(k - sh.base_k)];
}

double ChannelField::median_rx_dbm(int tx, int rx, double t)
{
  double p = btlinksim::median_rx_dbm(c_, tx, rx, position(tx, t), position(rx, t));
  for (int d : {tx, rx})
    if (body_[d] && body_[d]->on_at(t))
      p -= c_.ends[d].body.loss_db;
  return p + shadow_db(tx, rx, t);
}

double ChannelField::interferer_rx_dbm(size_t i, int rx, double t) const
{
  const auto& e  = c_.environment;
  const auto& x  = e.interferers[i];
  const Point b  = position(rx, t);
  const auto& rr = c_.ends[rx];
  const LinkEnds ends{x.power_dbm, 0, 0, rr.antenna_gain_db, rr.cable_loss_db};
  return btlinksim::median_rx_dbm(e, ends, x.position, b, std::abs(x.floor - rr.floor));
}

void ChannelField::forget_before(double t)
{
  const auto k = static_cast<std::int64_t>(std::floor(std::max(0.0, t) / c_.environment.channel_step_s));
  for (auto& [key, sh] : shadow_)
    while (sh.base_k < k && sh.values.size() > 1) {
      sh.values.pop_front();
      ++sh.base_k;
    }
  for (auto& b : body_)
    if (b)
      b->forget_before(t);
}

}  // namespace btlinksim
