// single: the source streams to one speaker.
#include "sim/scenario/kinds/fan_out.hpp"

namespace btlinksim {
namespace {

class Single : public FanOut {
public:
  std::string name() const override { return "single"; }
  std::string label() const override { return "single sink"; }
  std::string help() const override { return "single: one sink"; }

protected:
  size_t max_sinks() const override { return 1; }
};

}  // namespace

const TopologyKind& single_kind()
{
  static const Single k;
  return k;
}

}  // namespace btlinksim
