// auracast: LE Audio broadcast, a BIG with one BIS per audio channel the sinks render (left, right, ...): no
// acknowledgements, every copy sent; each sink receives by its own link budget and joins once it has found the
// broadcast (extended advertising, then the periodic train with the BIGInfo).
#include "sim/scenario/kinds/iso_fan_out.hpp"

namespace btlinksim {
namespace {

class Auracast : public IsoFanOut {
public:
  std::string name() const override { return "auracast"; }
  std::string label() const override { return "Auracast"; }
  std::string help() const override { return "auracast: source broadcasts a BIG, one BIS per audio channel (scenario.le_audio)"; }
  bool max_streams_are_sinks() const override { return false; }
  const TransportKind& transport() const override { return bis_transport_kind(); }
};

}  // namespace

const TopologyKind& auracast_kind()
{
  static const Auracast k;
  return k;
}

}  // namespace btlinksim
