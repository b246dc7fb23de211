// Propagation: deterministic path-loss models and the random parts (shadowing, small-scale fading) kept apart.
// The random parts take the caller's RngStream, so each link draws from a stream it owns.
// Sources: docs/references.md [log-distance], [itu-p1238], [cost231], [body], [fading]; keys explained in docs/models.md.
#pragma once

#include "models/core/rng.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace btlinksim {


inline constexpr double kDefaultFrequency_hz = 2.44e9;  // mid-band of 2402..2480 MHz [sig-radio]

// Friis free-space path loss: FSPL = 20 log10(4 pi d f / c)  (docs/references.md [free-space]).
double free_space_path_loss_db(double distance_m, double frequency_hz);

struct FreeSpace {
  double frequency_hz = kDefaultFrequency_hz;
};

// Log-distance: PL(d) = PL(d0) + 10 n log10(d / d0)  [cnx-pathloss], [owiki-logdist]. If reference_loss_db is
// negative (the default) PL(d0) is the free-space loss at d0 and frequency.
struct LogDistance {
  double exponent            = 2.0;
  double reference_distance_m = 1.0;
  double reference_loss_db   = -1.0;  // < 0: free space at d0
  double frequency_hz        = kDefaultFrequency_hz;
};

// ITU-R P.1238 site-general (classic form, as in ns-3 [ns3-p1238]):
// L = 20 log10(f_MHz) + N log10(d_m) + Lf(n) - 28.
struct ItuP1238 {
  enum class Building { residential, office, commercial };
  Building building  = Building::residential;
  int floors         = 0;     // floors between the two ends
  double frequency_hz = kDefaultFrequency_hz;
};
double itu_p1238_distance_coefficient(ItuP1238::Building b);  // N: residential 28, office 30, commercial 22
double itu_p1238_floor_loss_db(ItuP1238::Building b, int floors);  // residential 4n; office 15+4(n-1); commercial 6+3(n-1)

// Multi-wall (COST 231 multi-wall, via 3GPP TR 25.952 [cost231-matlab]):
// L = FSPL(d) + Lc + sum(wall losses) + nf^((nf+2)/(nf+1) - b) * Lf.
struct MultiWall {
  std::vector<double> wall_losses_db;  // one entry per wall crossed (light 3.4 dB, heavy 6.9 dB)
  int floors           = 0;
  double floor_loss_db = 18.3;  // [cost231-matlab]
  double floor_b       = 0.46;  // [cost231-matlab]
  double constant_db   = 0.0;   // Lc; 0 with a free-space base (the 3GPP variant's 37 dB goes with its own slope)
  double frequency_hz  = kDefaultFrequency_hz;
};
inline constexpr double kLightWallLoss_db = 3.4;  // [cost231-matlab], [sp-matlab]
inline constexpr double kHeavyWallLoss_db = 6.9;  // [cost231-matlab], [sp-matlab]

// Two-slope model of IEEE 802.15.2 (coexistence) as used by UCBT for Bluetooth:
// L = 40.2 + 20 log10(d) for d <= 8 m; L = 58.5 + 33 log10(d / 8) for d > 8 m.
// The published constants leave a 0.24 dB step at 8 m (40.2 + 20 log10 8 = 58.26); kept as published.
struct TwoSlope {
  double breakpoint_m = 8.0;
  double near_loss_at_1m_db = 40.2;
  double near_exponent = 2.0;
  double far_loss_at_breakpoint_db = 58.5;
  double far_exponent = 3.3;
};

using PathLossModel = std::variant<FreeSpace, LogDistance, ItuP1238, MultiWall, TwoSlope>;

// Deterministic (median) path loss in dB at distance d. Distances below 0.1 m are evaluated at 0.1 m
// (the far-field models do not hold nearer; documented in docs/models.md).
double path_loss_db(const PathLossModel& model, double distance_m);

// A path-loss model as a scenario or the range command writes it: the model's name and the parameters of
// every model (each model reads its own). One builder for both (defaults: the parameter declarations).
struct PathLossParams {
  std::string model;  // free_space, log_distance, itu_p1238, multi_wall, two_slope
  double exponent = 0, reference_distance_m = 0;
  std::optional<double> reference_loss_db;  // log_distance: none = free space at d0
  std::string building;                     // itu_p1238: residential, office, commercial
  int floors = 0, light_walls = 0, heavy_walls = 0;
  double frequency_hz = 0;
};
PathLossModel make_path_loss(const PathLossParams& p);
std::string model_name(const PathLossModel& model);

inline constexpr double kMinModelDistance_m = 0.1;

// Log-normal shadowing: X ~ N(0, sigma^2) in dB  [cnx-pathloss].
double draw_shadowing_db(RngStream& rng, double sigma_db);

// Small-scale fading: power gain |h|^2 (mean 1) of a Rician channel with factor K (linear; K = 0 is Rayleigh)
// [esrh-rician]: h = sqrt(K/(K+1)) + sqrt(1/(K+1)) * CN(0,1). Returned in dB (add to received power).
double draw_fading_gain_db(RngStream& rng, double k_factor_linear);
// The same as a linear power gain (mean 1).
double draw_fading_power_gain(RngStream& rng, double k_factor_linear);

// The same Rician draw with its constants computed once, and split at Box-Muller's two uniforms (u1, u2: see
// RngStream::normal_pair_from) so that a caller can tell from u1 alone that the gain is at least some value:
// with radius r = sqrt(-2 ln u1), h = los + sd * r * e^(i phase), so |h|^2 >= (los - sd * r)^2 whatever the
// phase. draw(rng) == draw_fading_power_gain(rng, k), bit for bit.
class RicianFading {
public:
  explicit RicianFading(double k_factor_linear = 0);
  double k_factor() const { return k_; }
  double gain(double u1, double u2) const;
  double draw(RngStream& rng) const
  {
    const double u1 = 1.0 - rng.uniform01();
    const double u2 = rng.uniform01();
    return gain(u1, u2);
  }
  // A u1 at or above which gain(u1, u2) >= g_min for every u2 (with a relative margin of 1e-6 for rounding);
  // 2 (above any u1) when the line-of-sight part alone cannot guarantee it.
  double u1_for_gain_at_least(double g_min) const;
  // A box of (u1, u2) holding every draw whose gain is below g (with relative margins of 1e-6 for rounding): the
  // scatter term must bring los + sd r e^{i 2 pi u2} within sqrt(g) of 0, so sd r lies within sqrt(g) of los and
  // the phase within asin(sqrt(g) / los) of pi. For thinning: draws outside it have gain >= g.
  struct Box {
    double u1_lo, u1_hi, u2_lo, u2_hi;
    double area() const { return (u1_hi - u1_lo) * (u2_hi - u2_lo); }
    bool holds(double u1, double u2) const { return u1 >= u1_lo && u1 <= u1_hi && u2 >= u2_lo && u2 <= u2_hi; }
  };
  Box below_gain(double g) const;

private:
  double k_ = 0, los_ = 0, sd_ = 0;
};

// Inverse of the standard normal CDF (Acklam's rational approximation, |rel. error| < 1.2e-9), for
// location-reliability margins: margin = sigma * z(p) (docs/references.md [link-budget]: 1.28 sigma at 90 %).
double normal_quantile(double p);

}  // namespace btlinksim
