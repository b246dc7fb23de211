// Sink playout: when each audio frame is due at a speaker, and the state machine that turns frame arrivals into
// dropouts. Pure (no engine): the simulator feeds it arrival times; tests feed it hand-made sequences.
//
// Clocks: a device with drift e (ppm) runs local = true * (1 + e * 1e-6). The source captures frame k at local
// time k * T, i.e. true time g(k) = k * T / (1 + e_src). Two sync modes:
//  - free_running: the sink starts playing at (first arrival + D on its own clock) and then renders one frame
//    every T of its own clock; nothing corrects drift, so sinks drift apart (dual stream: no standard sync,
//    docs/references.md [sync]).
//  - ttp (time-to-play): frame k is rendered at g(k) + D in the piconet clock, which each sink tracks to within
//    the +/-10 us receive window [khoury-notes]; a fixed per-sink tracking offset stands for that error.
#pragma once

#include "models/core/vector_queue.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace btlinksim {

// presentation_delay (LE Audio): rendered at the SDU synchronisation reference + presentation delay, which is
// anchored at the source's capture times like ttp (models/iso/iso.hpp gives the delay and each sink's error).
// network_time (Wi-Fi multi-room): rendered at capture + the group's buffer by a clock synchronised over the
// network, each speaker off by its own error.
// piconet_clock: frames stamped in the source's (master's) Bluetooth clock and rendered at stamp + delay; each
// sink tracks its own master within the +/-10 us receive window, so a relay's far speaker carries the error of
// every hop (ttp: the relay re-stamps in the phone's clock and one window applies).
enum class SyncMode { free_running, ttp, presentation_delay, network_time, piconet_clock };

// What an inter-speaker offset does to a stereo image (docs/references.md [perception]: ITD jnd ~10 us and
// imaging intact to ~20-50 us [brughera-2013]; summing localisation 0-1 ms; precedence 1-5 ms; echo beyond
// ~5 ms for clicks [springer-pe], [litovsky-1999]): 0 intact (<= 50 us), 1 image shift (<= 1 ms),
// 2 precedence (<= 5 ms), 3 echo.
inline int sync_perception(double skew_s)
{
  const double a = skew_s < 0 ? -skew_s : skew_s;
  return a <= 50e-6 ? 0 : a <= 1e-3 ? 1 : a <= 5e-3 ? 2 : 3;
}

// A frame arriving within this of its play time is on time: times are sums of doubles, and a wired output with
// no buffer plays a frame at the very instant it arrives (sim/engine/collectors.hpp).
inline constexpr double kOnTimeTolerance_s = 1e-9;

struct ClockModel {
  double drift_ppm = 0;
  double rate() const { return 1.0 + drift_ppm * 1e-6; }  // local seconds per true second
};

// True time at which the source captures frame k (inline: once per frame received).
inline double frame_capture_time(std::int64_t k, double frame_duration_s, const ClockModel& source)
{
  // A source without drift divides by exactly 1: skip the division (the same value; it is on every frame's path).
  const double r = source.rate();
  return r == 1.0 ? static_cast<double>(k) * frame_duration_s : static_cast<double>(k) * frame_duration_s / r;
}

class PlayoutSchedule {
public:
  PlayoutSchedule() = default;
  // free_running: anchored at the first arrival; ttp: anchored at the source's capture times.
  static PlayoutSchedule free_running(std::int64_t first_frame, double first_arrival_s, double delay_s,
                                      double frame_duration_s, const ClockModel& sink);
  static PlayoutSchedule ttp(double delay_s, double frame_duration_s, const ClockModel& source, double offset_s);
  double play_time(std::int64_t k) const
  {
    const double t = start_s_ + static_cast<double>(k - first_frame_) * period_s_;
    return shifts_.empty() ? t : t + shift_at(k);
  }
  std::int64_t first_frame() const { return first_frame_; }
  double period_s() const { return period_s_; }
  // An adaptive buffer re-buffers: frames from k on play delta_s later (k never decreases between calls).
  void delay_from(std::int64_t k, double delta_s);
  double added_delay_s() const { return added_s_; }
  // The extra delay of frame k, and its mean over the frames k0..k1.
  double shift_at(std::int64_t k) const;
  double mean_shift(std::int64_t k0, std::int64_t k1) const;

private:
  std::int64_t first_frame_ = 0;
  double start_s_  = 0;  // true time at which first_frame_ plays
  double period_s_ = 0;  // true seconds between consecutive frames
  struct Shift {
    std::int64_t from;
    double total_s;  // extra delay from `from` on (cumulative)
  };
  std::vector<Shift> shifts_;
  double added_s_ = 0;
};

// Products' sink buffers, as presets of the playout delay (audio.buffer; docs/models.md, "Audio pipeline"). The
// figures are from audio arriving at the sink to its rendering: a free-running sink's delay; with time-to-play
// (capture + delay) they leave out the transport latency before arrival (a few tens of ms).
//   a2dp_sink_min / a2dp_sink_max: an A2DP sink's jitter buffer, 50-116 ms (Cypress KBA228264 [cypress-kba], T);
//   tws_slave / tws_mirroring / tws_forwarding: Qualcomm ADK's TWS_SLAVE_LATENCY_MS 150 ms and TWS_STANDARD_LATENCY_MS
//   200 ms with mirroring, 300 ms when the primary forwards (latency_config.h [qc-latency-cfg], T).
struct BufferPreset {
  const char* name;
  double delay_s;
};
const std::vector<BufferPreset>& buffer_presets();

// How a sink's jitter buffer behaves: a fixed target, or one that grows by step after each underrun up to
// max_added (as many A2DP sinks re-buffer; the step and limit are assumptions, U).
struct JitterBuffer {
  bool adaptive        = false;
  double step_s        = 0.020;
  double max_added_s   = 0.5;
};

// Why frames went missing at a sink (docs/simulation.md, "Why a sink drops out"): every lost frame has one cause,
// and a dropout (a run of lost frames) has the cause of its first frame.
//   channel:   not delivered on some hop of its path after ARQ (flush timeout) or when an ISO payload was flushed
//   air_time:  dropped at a full transmit queue on its path: a radio could not keep up
//   link_loss: a link of its path was down (supervision timeout until reconnected, or not yet formed)
//   host:      a link of its path had been dropped by the host (displaced by another speaker)
//   late:      arrived after its play time (latency beyond the playout delay), or still on its way when the sink
//              stopped: the default of a frame missing for no recorded reason
enum class LossCause { channel, air_time, link_loss, host, late };
inline constexpr int kLossCauses = 5;
const char* to_string(LossCause c);

// Dropout accounting of one sink. Frames arrive in increasing index (ARQ keeps order on every hop).
// A frame is on time if it arrives no later than its play time; a frame that is late or never arrives is lost.
// A dropout is a maximal run of consecutive lost frames.
class alignas(64) SinkTracker {
public:
  SinkTracker(SyncMode mode, double delay_s, double frame_duration_s, ClockModel sink, ClockModel source,
              double ttp_offset_s = 0.0, JitterBuffer buffer = {});
  // Frames [first, first + count) arrive at true time t. Returns the number of them that were on time.
  int on_frames(std::int64_t first, int count, double t);
  // Frames [first, first + count) arrive one by one, frame first + i at t_first + i * spacing_s (a broadcast
  // receiver's frames, one per ISO event): the same as count calls of on_frames(k, 1, t_k), in one step when the
  // first and the last are on time with no re-buffer between them (play time minus arrival is then linear in k).
  // Returns how many were on time.
  std::int64_t on_frame_run(std::int64_t first, std::int64_t count, double t_first, double spacing_s);
  // Closes the accounting at true time t_end: frames [.., frame_count) due by then and not yet seen are lost.
  void finish(double t_end, std::int64_t frame_count);
  // Frames [first, first + count) will never arrive, and why (told before they would be due; in increasing order
  // of frames, mostly: an out-of-order note is sorted in).
  void note_loss(std::int64_t first, int count, LossCause cause);

  bool playing() const { return started_; }
  // Play time of the first frame this sink played (TTP: frames before it were startup, not dropouts).
  double start_time_s() const { return started_ ? schedule_.play_time(first_played_) : 0; }
  const PlayoutSchedule& schedule() const { return schedule_; }
  std::int64_t frames_due() const { return on_time_ + lost_; }
  std::int64_t frames_on_time() const { return on_time_; }
  std::int64_t frames_late() const { return late_; }
  std::int64_t frames_lost() const { return lost_; }
  std::int64_t dropouts() const { return dropouts_; }
  // Per cause: the dropouts that began with a frame lost for it, and the frames lost for it (each sums to the total).
  std::int64_t dropouts(LossCause c) const { return dropouts_by_[static_cast<std::size_t>(c)]; }
  std::int64_t frames_lost(LossCause c) const { return lost_by_[static_cast<std::size_t>(c)]; }
  double frame_duration_s() const { return frame_duration_s_; }

private:
  // Frames [resume_from - n, resume_from) are lost: for the noted causes (noted) or `otherwise`.
  void lose(std::int64_t n, std::int64_t resume_from, LossCause otherwise = LossCause::late, bool noted = true);
  void count_lost(std::int64_t n, LossCause c);
  void start(std::int64_t first, double t);

  // First, what frames arriving read and write: a relay chain's packet passes every sink, so a sink's on-time and
  // late paths stay in the object's first two cache lines (64-byte aligned) and the third (frames lost by cause).
  PlayoutSchedule schedule_;  // 56 bytes
  bool started_          = false;
  bool in_dropout_       = false;
  std::int64_t next_     = 0;  // next frame index expected
  std::int64_t on_time_ = 0, late_ = 0, lost_ = 0, dropouts_ = 0;
  JitterBuffer buffer_;
  std::array<std::int64_t, kLossCauses> lost_by_{}, dropouts_by_{};
  std::int64_t first_played_ = 0;
  struct Noted {
    std::int64_t first, end;
    LossCause cause;
  };
  VectorQueue<Noted> noted_;  // loss notes not yet passed, by first frame
  SyncMode mode_;
  double delay_s_, frame_duration_s_;
  ClockModel sink_, source_;
  double ttp_offset_s_;
};

}  // namespace btlinksim
