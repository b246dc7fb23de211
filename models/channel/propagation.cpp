#include "models/channel/propagation.hpp"

#include "models/core/rng.hpp"
#include "models/core/units.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace btlinksim {

double free_space_path_loss_db(double distance_m, double frequency_hz)
{
  return 20.0 * std::log10(4.0 * M_PI * distance_m * frequency_hz / kSpeedOfLight_m_per_s);
}

double itu_p1238_distance_coefficient(ItuP1238::Building b)
{
  switch (b) {
    case ItuP1238::Building::residential: return 28.0;
    case ItuP1238::Building::office: return 30.0;
    case ItuP1238::Building::commercial: return 22.0;
  }
  return 28.0;
}

double itu_p1238_floor_loss_db(ItuP1238::Building b, int floors)
{
  if (floors <= 0)
    return 0.0;
  switch (b) {
    case ItuP1238::Building::residential: return 4.0 * floors;
    case ItuP1238::Building::office: return 15.0 + 4.0 * (floors - 1);
    case ItuP1238::Building::commercial: return 6.0 + 3.0 * (floors - 1);
  }
  return 0.0;
}

namespace {
struct LossVisitor {
  double d;
  double operator()(const FreeSpace& m) const { return free_space_path_loss_db(d, m.frequency_hz); }
  double operator()(const LogDistance& m) const
  {
    const double pl0 = m.reference_loss_db >= 0 ? m.reference_loss_db
                                                : free_space_path_loss_db(m.reference_distance_m, m.frequency_hz);
    return pl0 + 10.0 * m.exponent * std::log10(d / m.reference_distance_m);
  }
  double operator()(const ItuP1238& m) const
  {
    return 20.0 * std::log10(m.frequency_hz / 1e6) + itu_p1238_distance_coefficient(m.building) * std::log10(d) +
           itu_p1238_floor_loss_db(m.building, m.floors) - 28.0;
  }
  double operator()(const MultiWall& m) const
  {
    double loss = free_space_path_loss_db(d, m.frequency_hz) + m.constant_db;
    for (double w : m.wall_losses_db)
      loss += w;
    if (m.floors > 0) {
      const double nf = m.floors;
      loss += std::pow(nf, (nf + 2.0) / (nf + 1.0) - m.floor_b) * m.floor_loss_db;
    }
    return loss;
  }
  double operator()(const TwoSlope& m) const
  {
    if (d <= m.breakpoint_m)
      return m.near_loss_at_1m_db + 10.0 * m.near_exponent * std::log10(d);
    return m.far_loss_at_breakpoint_db + 10.0 * m.far_exponent * std::log10(d / m.breakpoint_m);
  }
};
}  // namespace

double path_loss_db(const PathLossModel& model, double distance_m)
{
  return std::visit(LossVisitor{std::max(distance_m, kMinModelDistance_m)}, model);
}

std::string model_name(const PathLossModel& model)
{
  static const char* names[] = {"free_space", "log_distance", "itu_p1238", "multi_wall", "two_slope"};
  return names[model.index()];
}

double draw_shadowing_db(RngStream& rng, double sigma_db)
{
  if (sigma_db <= 0)
    return 0.0;
  return rng.normal(0.0, sigma_db);
}

double draw_fading_gain_db(RngStream& rng, double k_factor_linear)
{
  return 10.0 * std::log10(draw_fading_power_gain(rng, k_factor_linear));
}

double draw_fading_power_gain(RngStream& rng, double k_factor_linear) { return RicianFading(k_factor_linear).draw(rng); }

RicianFading::RicianFading(double k_factor_linear)
    : k_(k_factor_linear), los_(std::sqrt(std::max(0.0, k_factor_linear) / (std::max(0.0, k_factor_linear) + 1.0))),
      sd_(std::sqrt(1.0 / (2.0 * (std::max(0.0, k_factor_linear) + 1.0))))  // per quadrature component
{
}

double RicianFading::gain(double u1, double u2) const
{
  const auto [ni, nq] = RngStream::normal_pair_from(u1, u2);
  const double i      = los_ + sd_ * ni;
  const double q      = sd_ * nq;
  return std::max(i * i + q * q, 1e-30);
}

double RicianFading::u1_for_gain_at_least(double g_min) const
{
  // gain >= (los - sd r)^2 >= g_min  <=  r <= r_max = (los - sqrt(g_min)) / sd  <=>  u1 >= exp(-r_max^2 / 2).
  // Margins: g_min raised by 1e-6 and the bound on u1 by 1e-6 (relative), far beyond the rounding of either side.
  const double s = std::sqrt(g_min * (1.0 + 1e-6));
  if (!(g_min >= 0) || !(s < los_) || sd_ <= 0)
    return 2.0;
  const double r_max = (los_ - s) / sd_;
  const double u     = std::exp(-0.5 * r_max * r_max) * (1.0 + 1e-6);
  return u < 1.0 ? u : 2.0;
}

RicianFading::Box RicianFading::below_gain(double g) const
{
  const double s = std::sqrt(std::max(0.0, g) * (1.0 + 1e-6));
  if (sd_ <= 0)  // no scatter: the gain is los^2 whatever the draw
    return los_ * los_ < g ? Box{0, 1, 0, 1} : Box{0, 0, 0, 0};
  // u1 = exp(-r^2 / 2) falls with r: r in ((los - s) / sd, (los + s) / sd).
  const double r_hi = (los_ + s) / sd_;
  const double lo   = std::exp(-0.5 * r_hi * r_hi) * (1.0 - 1e-6);
  const double r_lo = (los_ - s) / sd_;
  const double hi   = r_lo > 0 ? std::min(1.0, std::exp(-0.5 * r_lo * r_lo) * (1.0 + 1e-6)) : 1.0;
  if (s >= los_)  // the origin is inside the circle: every phase
    return {lo, hi, 0, 1};
  const double half = std::min(0.5, std::asin(s / los_) * (1.0 + 1e-6) / (2.0 * M_PI) + 1e-12);
  return {lo, hi, 0.5 - half, 0.5 + half};
}

double normal_quantile(double p)
{
  if (!(p > 0.0 && p < 1.0))
    throw std::domain_error("normal_quantile: p must be in (0, 1)");
  // Peter J. Acklam, "An algorithm for computing the inverse normal cumulative distribution function" (2003).
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double plow = 0.02425;
  if (p < plow) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - plow)
    return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

PathLossModel make_path_loss(const PathLossParams& p)
{
  const double f = p.frequency_hz;
  if (p.model == "free_space")
    return FreeSpace{f};
  if (p.model == "log_distance")
    return LogDistance{p.exponent, p.reference_distance_m, p.reference_loss_db ? *p.reference_loss_db : -1.0, f};
  if (p.model == "itu_p1238") {
    ItuP1238 m;
    m.building = p.building == "office"       ? ItuP1238::Building::office
                 : p.building == "commercial" ? ItuP1238::Building::commercial
                                              : ItuP1238::Building::residential;
    m.floors       = p.floors;
    m.frequency_hz = f;
    return m;
  }
  if (p.model == "multi_wall") {
    MultiWall m;
    m.wall_losses_db.assign(static_cast<size_t>(p.light_walls), kLightWallLoss_db);
    m.wall_losses_db.insert(m.wall_losses_db.end(), static_cast<size_t>(p.heavy_walls), kHeavyWallLoss_db);
    m.floors       = p.floors;
    m.frequency_hz = f;
    return m;
  }
  return TwoSlope{};
}

}  // namespace btlinksim
