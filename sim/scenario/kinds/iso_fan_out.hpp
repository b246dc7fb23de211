// LE Audio kinds (le_audio_cis, auracast): the source streams to each sink itself over isochronous channels
// (models/iso/iso.hpp). Shared checks: LE link formation without a preset, no piconet-clock sync; a CIG's 31 CISes limit
// its sinks, a BIG's 31 BISes its audio channels (any number of receivers).
#pragma once

#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {

class IsoFanOut : public FanOut {
public:
  void check(const TopologySpec& t, const Scenario& s, const Report& report) const override;
  SyncMode default_sync() const override { return SyncMode::presentation_delay; }

protected:
  virtual bool max_streams_are_sinks() const = 0;  // CIS: one stream per sink; BIS: per audio channel
};

}  // namespace btlinksim
