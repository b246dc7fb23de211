#include "models/channel/interference.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace btlinksim {

double br_channel_mhz(int k) { return 2402.0 + k; }
double wifi_channel_mhz(int n) { return n == 14 ? 2484.0 : 2407.0 + 5.0 * n; }

double br_ci_requirement_db(double offset_mhz)
{
  const double o = std::abs(offset_mhz);
  if (o < 0.5)
    return 11.0;
  if (o < 1.5)
    return 0.0;
  if (o < 2.5)
    return -30.0;
  return -40.0;
}

bool survives(double c_dbm, double i_dbm, double offset_mhz) { return c_dbm - i_dbm >= br_ci_requirement_db(offset_mhz); }

WifiOverlap wifi_overlap(double p_rx_dbm, double centre_mhz, double bt_mhz)
{
  const double per_mhz = p_rx_dbm - 10.0 * std::log10(kWifiBandwidth_mhz);
  const double edge    = std::abs(bt_mhz - centre_mhz) - kWifiBandwidth_mhz / 2;
  return {per_mhz, edge < 0 ? 0.0 : edge + 0.5};  // +0.5: from the band edge to the centre of the nearest MHz
}

AfhClassifier::AfhClassifier(AfhParams p) : p_(p)
{
  used_.resize(kBrChannels);
  std::iota(used_.begin(), used_.end(), 0);
  bad_until_.fill(-1);
}

void AfhClassifier::advance(double t)
{
  const auto w = static_cast<std::int64_t>(std::floor(t / p_.assessment_s));
  while (window_ < w) {
    const double end = (window_ + 1) * p_.assessment_s;
    if (pending_at_ >= 0 && pending_at_ <= end)  // the last map took effect within this window
      apply_pending();
    // A channel is classified once it has min_samples attempts (counts carry over windows on a quiet link).
    for (int c = 0; c < kBrChannels; ++c)
      if (tries_[c] >= p_.min_samples) {
        if (fails_[c] > p_.bad_per * tries_[c])
          bad_until_[c] = end + p_.recheck_s;
        tries_[c] = fails_[c] = 0;
      }
    std::vector<int> good;
    for (int c = 0; c < kBrChannels; ++c)
      if (bad_until_[c] <= end)
        good.push_back(c);
    if (static_cast<int>(good.size()) < kAfhMinChannels) {  // keep the least bad ones to reach the minimum
      std::vector<int> bad;
      for (int c = 0; c < kBrChannels; ++c)
        if (bad_until_[c] > end)
          bad.push_back(c);
      std::stable_sort(bad.begin(), bad.end(), [&](int a, int b) { return bad_until_[a] < bad_until_[b]; });
      for (size_t i = 0; static_cast<int>(good.size()) < kAfhMinChannels; ++i)
        good.push_back(bad[i]);
      std::sort(good.begin(), good.end());
    }
    if (good != (pending_at_ >= 0 ? pending_ : used_)) {
      pending_    = good;
      pending_at_ = end + p_.update_delay_s;
    }
    ++window_;
  }
  if (pending_at_ >= 0 && pending_at_ <= t)
    apply_pending();
}

void AfhClassifier::apply_pending()
{
  used_       = pending_;
  pending_at_ = -1;
  ++updates_;
}

const std::vector<int>& AfhClassifier::hop_set(double t)
{
  advance(t);
  return used_;
}

void AfhClassifier::record(int channel, bool failed, double t)
{
  advance(t);
  tries_[channel]++;
  fails_[channel] += failed;
}

}  // namespace btlinksim
