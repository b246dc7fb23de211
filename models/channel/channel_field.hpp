// The channel between any two devices over time (issue 5): positions from trajectories, path loss at the
// current distance, walls and floors on the line of sight, body blocking, and shadowing correlated over the
// distance the ends move (and over time in a changing room). No engine: the simulator asks it at the times of
// its exchanges, in any order at or after the last forget_before().
#pragma once

#include "models/channel/channel_spec.hpp"
#include "models/channel/dynamics.hpp"
#include "models/core/vector_queue.hpp"

#include <map>
#include <optional>

namespace btlinksim {

class ChannelField {
public:
  ChannelField(ChannelSpec spec, int replication);

  const ChannelSpec& spec() const { return c_; }
  Point position(int device, double t_s) const { return paths_[device].at(t_s); }
  const Trajectory& trajectory(int device) const { return paths_[device]; }
  // Whether anything changes over time (otherwise every median is its t = 0 value).
  bool dynamic() const { return dynamic_; }
  // Median received power at rx from tx at t: median_rx_dbm() at the current positions, less the body loss of
  // either end while blocked, plus this pair's correlated shadowing.
  double median_rx_dbm(int tx, int rx, double t_s);
  // Power of an interferer at a device's receiver (no shadowing draw: interferers are described by their mean).
  double interferer_rx_dbm(size_t interferer, int rx, double t_s) const;
  // Losses on the line of sight at t (walls + floors), for reports.
  double obstruction_db(int a, int b, double t_s) const;
  void forget_before(double t_s);

private:
  struct Shadow {
    RngStream rng;
    std::int64_t base_k = 0;    // step index of values.front()
    VectorQueue<double> values;  // shadowing (dB) at steps base_k, base_k + 1, ...
  };
  double shadow_db(int tx, int rx, double t_s);

  ChannelSpec c_;
  int rep_;
  std::vector<Trajectory> paths_;
  std::vector<std::optional<TwoStateMarkov>> body_;
  std::map<std::pair<int, int>, Shadow> shadow_;
  bool dynamic_ = false;
  bool moving_  = false;
};

}  // namespace btlinksim
