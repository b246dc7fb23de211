// le_audio_cis: LE Audio unicast, a connected isochronous group with one CIS per sink (acknowledged, flushed
// after FT events); every sink renders at the SDU synchronisation reference + presentation delay.
#include "sim/scenario/kinds/iso_fan_out.hpp"

namespace btlinksim {
namespace {

class LeAudioCis : public IsoFanOut {
public:
  std::string name() const override { return "le_audio_cis"; }
  std::string label() const override { return "LE Audio CIS"; }
  std::string help() const override { return "le_audio_cis: source -> each sink, one CIS each (scenario.le_audio)"; }
  bool max_streams_are_sinks() const override { return true; }
  const TransportKind& transport() const override { return cis_transport_kind(); }
};

}  // namespace

const TopologyKind& le_audio_cis_kind()
{
  static const LeAudioCis k;
  return k;
}

}  // namespace btlinksim
