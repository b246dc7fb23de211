#include "models/iso/iso.hpp"

#include "models/radio/link.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace btlinksim {

const std::vector<BapSetting>& bap_settings()
{
  // docs/references.md [le-audio]: BAP v1.0 Table 5.2 (unicast) and Table 6.4 (broadcast) [zephyr-bap-preset] (S).
  static const std::vector<BapSetting> t{
      {"16_2", 0.010, 40, {2, 0.010}, {13, 0.095}, {2, 0.010}, {4, 0.060}, 0.040},
      {"24_2", 0.010, 60, {2, 0.010}, {13, 0.095}, {2, 0.010}, {4, 0.060}, 0.040},
      {"32_2", 0.010, 80, {2, 0.010}, {13, 0.095}, {2, 0.010}, {4, 0.060}, 0.040},
      {"48_1", 0.0075, 75, {5, 0.015}, {13, 0.075}, {4, 0.015}, {4, 0.050}, 0.040},
      {"48_2", 0.010, 100, {5, 0.020}, {13, 0.095}, {4, 0.020}, {4, 0.065}, 0.040},
      {"48_3", 0.0075, 90, {5, 0.015}, {13, 0.075}, {4, 0.015}, {4, 0.050}, 0.040},
      {"48_4", 0.010, 120, {5, 0.020}, {13, 0.100}, {4, 0.020}, {4, 0.065}, 0.040},
      {"48_5", 0.0075, 117, {5, 0.015}, {13, 0.075}, {4, 0.015}, {4, 0.050}, 0.040},
      {"48_6", 0.010, 155, {5, 0.020}, {13, 0.100}, {4, 0.020}, {4, 0.065}, 0.040},
  };
  return t;
}

BapQos BapPreset::qos(bool broadcast) const
{
  if (broadcast)
    return high_reliability ? setting->broadcast_high_reliability : setting->broadcast_low_latency;
  return high_reliability ? setting->unicast_high_reliability : setting->unicast_low_latency;
}

std::optional<BapPreset> find_bap_preset(const std::string& name)
{
  for (const auto& s : bap_settings())
    for (int q : {1, 2})
      if (name == std::string(s.name) + "_" + std::to_string(q))
        return BapPreset{&s, q == 2};
  return std::nullopt;
}

std::vector<std::string> bap_preset_names()
{
  std::vector<std::string> out;
  for (const auto& s : bap_settings())
    for (int q : {1, 2})
      out.push_back(std::string(s.name) + "_" + std::to_string(q));
  return out;
}

IsoTiming iso_timing(const IsoGroupConfig& c)
{
  IsoTiming t;
  t.pdu_air_s = le_air_time_s(c.phy, c.pdu_bytes());
  // CIS subevent: the central's PDU, T_IFS, the peripheral's empty PDU (no MIC on an empty PDU), T_MSS.
  // BIS subevent: the PDU, T_MSS.
  t.ack_air_s        = c.broadcast ? 0.0 : le_air_time_s(c.phy, 0);
  t.sub_interval_s   = c.broadcast ? t.pdu_air_s + kLeTmss_s : t.pdu_air_s + kLeTifs_s + t.ack_air_s + kLeTmss_s;
  t.stream_spacing_s = c.nse * t.sub_interval_s;
  // The last stream's last subevent ends T_MSS before the next subevent would start.
  t.group_sync_delay_s = c.streams * t.stream_spacing_s - kLeTmss_s;
  const double iso     = c.iso_interval_s();
  if (c.broadcast) {
    // PTO = 0: Transport_Latency = BIG_Sync_Delay + ISO_Interval - SDU_Interval.
    t.transport_latency_s           = t.group_sync_delay_s + iso - c.sdu_interval_s;
    t.sync_reference_after_anchor_s = t.group_sync_delay_s;
  } else {
    t.transport_latency_s           = t.group_sync_delay_s + c.ft * iso - c.sdu_interval_s;
    t.sync_reference_after_anchor_s = t.group_sync_delay_s + (c.ft - 1) * iso;
  }
  return t;
}

IsoGroupConfig choose_iso(bool broadcast, int streams, Phy phy, double sdu_interval_s, int sdu_bytes, BapQos qos,
                          std::optional<int> nse, std::optional<int> ft)
{
  IsoGroupConfig c;
  c.broadcast      = broadcast;
  c.streams        = streams;
  c.phy            = phy;
  c.sdu_interval_s = sdu_interval_s;
  c.sdu_bytes      = sdu_bytes;
  c.nse            = 1;
  c.ft             = 1;
  if (c.pdu_bytes() > 251)
    throw std::invalid_argument("an SDU of " + std::to_string(sdu_bytes) + " octets does not fit one PDU (payload at "
                                "most 251 octets with the MIC); give stereo speakers a smaller preset or mono channels");
  const IsoTiming one = iso_timing(c);
  const int fit       = std::min(31, static_cast<int>(std::floor((sdu_interval_s + kLeTmss_s) / (streams * one.sub_interval_s) + 1e-9)));
  if (fit < 1)
    throw std::invalid_argument(std::to_string(streams) + " streams of " + std::to_string(c.pdu_bytes()) +
                                "-octet PDUs do not fit one ISO interval; use fewer sinks, a faster PHY or a "
                                "smaller preset");
  const int attempts = qos.rtn + 1;
  c.nse = nse ? *nse : std::min(fit, attempts);
  if (c.nse > fit)
    throw std::invalid_argument("subevents " + std::to_string(c.nse) + " x " + std::to_string(streams) +
                                " streams do not fit one ISO interval (at most " + std::to_string(fit) + ")");
  if (broadcast) {
    c.ft = 1;
  } else if (ft) {
    c.ft = *ft;
  } else {
    c.ft                  = (attempts + c.nse - 1) / c.nse;
    const IsoTiming timing = iso_timing(c);
    // FT largest such that CIG_Sync_Delay + FT ISO - SDU <= max transport latency.
    const int ft_max = static_cast<int>(
        std::floor((qos.max_transport_latency_s - timing.group_sync_delay_s + sdu_interval_s) / sdu_interval_s + 1e-9));
    c.ft = std::min(c.ft, ft_max);
  }
  if (c.ft < 1 || iso_timing(c).transport_latency_s > qos.max_transport_latency_s + 1e-12)
  {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%g", qos.max_transport_latency_s * 1e3);
    throw std::invalid_argument(std::string("no flush timeout meets the maximum transport latency of ") + ms +
                                " ms with these streams; raise max_transport_latency or use fewer subevents");
  }
  return c;
}

std::int64_t PeriodicEvents::first_at_or_after(double t_s) const
{
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil((t_s - phase_s) / interval_s - 1e-12)));
}

std::vector<std::int64_t> CisPayloads::begin_event(std::int64_t event, bool fresh)
{
  std::vector<std::int64_t> flushed;
  while (!pending_.empty() && pending_.front() + ft_ - 1 < event) {
    flushed.push_back(pending_.front());
    pending_.pop_front();
  }
  if (fresh)
    pending_.push_back(event);
  return flushed;
}

std::optional<std::int64_t> CisPayloads::current() const
{
  if (pending_.empty())
    return std::nullopt;
  return pending_.front();
}

void CisPayloads::acknowledged()
{
  if (!pending_.empty())
    pending_.pop_front();
}

std::vector<std::int64_t> CisPayloads::pending() const { return {pending_.begin(), pending_.end()}; }

}  // namespace btlinksim
