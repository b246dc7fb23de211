// LE Audio kinds (le_audio_cis, auracast): the source streams to each sink itself over isochronous channels
// (models/iso/iso.hpp). Shared checks: no BR/EDR link formation, at most 31 streams, no piconet-clock sync.
#pragma once

#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {

class IsoFanOut : public FanOut {
public:
  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override;
  SyncMode default_sync() const override { return SyncMode::presentation_delay; }
};

}  // namespace btlinksim
