#include "models/audio/playout.hpp"
#include "models/core/rng.hpp"

#include <catch2/catch.hpp>

using namespace btlinksim;

TEST_CASE("free-running schedule drifts at the sink's clock rate", "[playout]")
{
  // Sink +20 ppm: its 10 ms frames last 10 ms / 1.00002 of true time. After 100000 frames (1000 s of audio)
  // the schedule is 1000 * (1 - 1/1.00002) = 19.9996 ms ahead of a perfect clock.
  const ClockModel fast{20};
  const auto s = PlayoutSchedule::free_running(0, 0.0, 0.1, 0.010, fast);
  CHECK(s.play_time(0) == Approx(0.1 / 1.00002));
  const double ideal = 0.1 + 1000.0;
  CHECK(ideal - s.play_time(100000) == Approx((0.1 + 1000.0) * (1 - 1 / 1.00002)).epsilon(1e-9));
  CHECK(ideal - s.play_time(100000) == Approx(0.0200).margin(1e-4));
}

TEST_CASE("ttp schedule renders at capture time plus delay on the source clock", "[playout]")
{
  const ClockModel src{-8};
  const auto s = PlayoutSchedule::ttp(0.150, 0.0029, src, 5e-6);
  // Source clock -8 ppm: rate 0.999992 local seconds per true second. Frame 1000 of 2.9 ms is captured at
  // 1000 x 2.9 ms / 0.999992 = 2.9000232 s true time; the 150 ms delay on the same clock is 0.1500012 s; plus the
  // sink's 5 us offset: 3.0500294002 s.
  CHECK(frame_capture_time(1000, 0.0029, src) == Approx(2.9 / 0.999992).epsilon(1e-12));
  CHECK(s.play_time(1000) == Approx(3.0500294002).epsilon(1e-10));
}

TEST_CASE("sink tracker counts late and missing frames as dropouts (runs)", "[playout]")
{
  // Frames of 10 ms, delay 50 ms, perfect clocks, free running: the first arrival at t = 0 anchors
  // play(k) = 0.05 + 0.01 k.
  SinkTracker t(SyncMode::free_running, 0.050, 0.010, ClockModel{}, ClockModel{});
  CHECK(t.on_frames(0, 5, 0.0) == 5);     // 0..4 on time
  CHECK(t.on_frames(5, 5, 0.095) == 5);   // play(5) = 0.10 >= 0.095: 5..9 on time
  CHECK(t.dropouts() == 0);
  CHECK(t.on_frames(12, 3, 0.13) == 3);   // 10, 11 never came (one dropout); 12..14 on time (play(12) = 0.17)
  CHECK(t.frames_lost() == 2);
  CHECK(t.dropouts() == 1);
  CHECK(t.on_frames(15, 5, 0.215) == 3);  // play(15) = 0.20 and play(16) = 0.21 passed: late; 17..19 on time
  CHECK(t.frames_late() == 2);
  CHECK(t.dropouts() == 2);               // a new run: 12..14 ended the previous one
  t.finish(0.30, 1000);                   // due up to floor((0.30 - 0.05) / 0.01) = frame 25: 20..25 lost
  CHECK(t.frames_lost() == 10);
  CHECK(t.dropouts() == 3);
  CHECK(t.frames_on_time() == 16);
  CHECK(t.frames_due() == 26);
}

TEST_CASE("a packet whose last frame is late has every frame late, counted as frame by frame", "[playout]")
{
  // play(k) = 0.05 + 0.01 k as above. Frames 0..4 on time; 5..9 arrive at 0.145 s: play(9) = 0.14 passed, so all
  // five are late -- one dropout of 5 frames, lost for lateness; 10..14 at 0.155 s: play(10) = 0.15 passed, play(14)
  // = 0.19 not: 10 late, 11..14 on time.
  SinkTracker t(SyncMode::free_running, 0.050, 0.010, ClockModel{}, ClockModel{});
  CHECK(t.on_frames(0, 5, 0.0) == 5);
  CHECK(t.on_frames(5, 5, 0.145) == 0);
  CHECK(t.frames_late() == 5);
  CHECK(t.frames_lost() == 5);
  CHECK(t.frames_lost(LossCause::late) == 5);
  CHECK(t.dropouts() == 1);
  CHECK(t.dropouts(LossCause::late) == 1);
  CHECK(t.on_frames(10, 5, 0.155) == 4);
  CHECK(t.frames_late() == 6);
  CHECK(t.dropouts() == 1);  // frame 10 continues the dropout; 11 ends it
  CHECK(t.frames_on_time() == 9);
  // Packets of 4 frames, late and on time in turn, with noted losses between (a gap noted as the channel's), a
  // slow sink clock, and with and without an adaptive buffer (whose re-buffer at a packet's first late frame moves
  // the later frames; the packet path is not taken then): the same counts as the frames arriving one by one at the packet's time.
  for (bool adaptive : {false, true}) {
    JitterBuffer jb{adaptive, 0.020, 0.06};  // at most 3 re-buffers: frames stay late after those
    SinkTracker pk(SyncMode::free_running, 0.050, 0.010, ClockModel{-40}, ClockModel{}, 0.0, jb);
    SinkTracker one(SyncMode::free_running, 0.050, 0.010, ClockModel{-40}, ClockModel{}, 0.0, jb);
    RngStream rng(3, 0, "late_packets", "arrivals");
    for (std::int64_t k = 0; k < 4000; k += 4) {
      if (k % 400 == 200) {  // this packet never arrives: noted lost on the channel
        pk.note_loss(k, 4, LossCause::channel);
        one.note_loss(k, 4, LossCause::channel);
        continue;
      }
      const double t_arr = 0.01 * static_cast<double>(k) + (k == 0 ? 0.0 : rng.uniform(0.0, 0.15));  // 0-150 ms after capture
      pk.on_frames(k, 4, t_arr);
      for (int i = 0; i < 4; ++i)
        one.on_frames(k + i, 1, t_arr);
    }
    pk.finish(60.0, 4000);
    one.finish(60.0, 4000);
    INFO("adaptive " << adaptive);
    CHECK(pk.frames_on_time() == one.frames_on_time());
    CHECK(pk.frames_late() == one.frames_late());
    CHECK(pk.frames_lost() == one.frames_lost());
    CHECK(pk.dropouts() == one.dropouts());
    for (int c = 0; c < kLossCauses; ++c) {
      CHECK(pk.frames_lost(static_cast<LossCause>(c)) == one.frames_lost(static_cast<LossCause>(c)));
      CHECK(pk.dropouts(static_cast<LossCause>(c)) == one.dropouts(static_cast<LossCause>(c)));
    }
    CHECK(pk.schedule().added_delay_s() == one.schedule().added_delay_s());
    CHECK(one.frames_late() > 100);  // both paths are exercised
    CHECK(one.frames_on_time() > 100);
  }
}

TEST_CASE("ttp sinks skip startup frames and share one schedule", "[playout]")
{
  // Two sinks with different drifts under TTP render frame k at the same time (offsets 0): no skew from drift.
  SinkTracker a(SyncMode::ttp, 0.1, 0.01, ClockModel{30}, ClockModel{0});
  SinkTracker b(SyncMode::ttp, 0.1, 0.01, ClockModel{-30}, ClockModel{0});
  a.on_frames(10, 1, 0.11);
  b.on_frames(10, 1, 0.19);  // play(10) = 0.2: on time
  CHECK(a.schedule().play_time(5000) == b.schedule().play_time(5000));
  CHECK(a.frames_lost() == 0);  // frames 0..9 were before this sink started: not counted
  CHECK(b.frames_on_time() == 1);
}

TEST_CASE("frames after the last one generated are never due", "[playout]")
{
  SinkTracker t(SyncMode::free_running, 0.050, 0.010, ClockModel{}, ClockModel{});
  t.on_frames(0, 20, 0.0);
  t.finish(10.0, 20);  // the stream had 20 frames: none is missing although the clock ran on
  CHECK(t.frames_lost() == 0);
  CHECK(t.dropouts() == 0);
}

TEST_CASE("an adaptive jitter buffer re-buffers one step at each underrun, up to its limit", "[playout]")
{
  // 10 ms frames, 50 ms buffer, perfect clocks, free running: play(k) = 0.05 + 0.01 k. Frames 0..4 arrive at
  // t = 0; frames 5..9 at 0.12 s: frame 5 (due 0.10) and frame 6 (0.11) are late for a fixed buffer, 7..9 on time.
  SinkTracker fixed(SyncMode::free_running, 0.050, 0.010, ClockModel{}, ClockModel{});
  fixed.on_frames(0, 5, 0.0);
  CHECK(fixed.on_frames(5, 5, 0.12) == 3);
  CHECK(fixed.frames_lost() == 2);
  // Adaptive, step 20 ms: frame 5 is late -> underrun -> frames from 6 on play 20 ms later: play(6) = 0.13 >= 0.12.
  SinkTracker adaptive(SyncMode::free_running, 0.050, 0.010, ClockModel{}, ClockModel{}, 0.0,
                       JitterBuffer{true, 0.020, 0.030});
  adaptive.on_frames(0, 5, 0.0);
  CHECK(adaptive.on_frames(5, 5, 0.12) == 4);
  CHECK(adaptive.frames_lost() == 1);
  CHECK(adaptive.schedule().play_time(6) == Approx(0.13));
  CHECK(adaptive.schedule().play_time(5) == Approx(0.10));
  // A second underrun (frames 10..14 never come; 15 arrives at 0.30, due 0.22): 20 + 20 ms would pass the 30 ms
  // limit, so the buffer stays.
  adaptive.on_frames(15, 1, 0.30);
  CHECK(adaptive.dropouts() == 2);
  CHECK(adaptive.schedule().added_delay_s() == Approx(0.020));
  // Mean extra delay over frames 0..29 with steps at 10 (+20 ms) and 20 (+40 ms in all): (0 + 0.2 + 0.4) / 30.
  PlayoutSchedule s = PlayoutSchedule::free_running(0, 0.0, 0.05, 0.01, ClockModel{});
  s.delay_from(10, 0.020);
  s.delay_from(20, 0.020);
  CHECK(s.mean_shift(0, 29) == Approx(0.02));
  CHECK(s.shift_at(9) == 0);
  CHECK(s.shift_at(25) == Approx(0.04));
}

TEST_CASE("every lost frame and every dropout has one cause, and the causes sum to the totals", "[playout][causes]")
{
  // Free running, 10 ms frames, 50 ms delay, first arrival at t = 0: play(k) = 0.05 + 0.01 k.
  SinkTracker t(SyncMode::free_running, 0.050, 0.010, ClockModel{}, ClockModel{});
  CHECK(t.on_frames(0, 10, 0.0) == 10);
  t.note_loss(10, 5, LossCause::air_time);  // dropped at a full queue
  CHECK(t.on_frames(15, 5, 0.10) == 5);     // play(15) = 0.20: on time; 10..14 lost to air time (dropout 1)
  t.note_loss(20, 2, LossCause::channel);
  CHECK(t.on_frames(22, 3, 0.20) == 3);     // 20, 21 lost to the channel (dropout 2)
  CHECK(t.on_frames(25, 2, 0.50) == 0);     // play(25) = 0.30 < 0.50: late (dropout 3) ...
  CHECK(t.on_frames(30, 5, 0.30) == 5);     // ... 27..29 missing, nothing noted: late too, the same dropout
  t.note_loss(35, 2, LossCause::link_loss);
  t.note_loss(37, 2, LossCause::host);
  CHECK(t.on_frames(39, 1, 0.38) == 1);     // 35..38: one dropout, of the cause of its first frame (link loss)
  t.note_loss(40, 3, LossCause::channel);   // noted, but frame 40 arrives after all (a repaired copy): not lost
  CHECK(t.on_frames(40, 1, 0.40) == 1);
  t.finish(0.505, 100);                     // 41..45 due by 0.505 s: 41, 42 noted (channel), 43..45 in flight (late)
  CHECK(t.dropouts() == 5);
  CHECK(t.dropouts(LossCause::air_time) == 1);
  CHECK(t.dropouts(LossCause::channel) == 2);
  CHECK(t.dropouts(LossCause::late) == 1);
  CHECK(t.dropouts(LossCause::link_loss) == 1);
  CHECK(t.dropouts(LossCause::host) == 0);
  CHECK(t.frames_lost() == 5 + 2 + 2 + 3 + 4 + 5);
  CHECK(t.frames_lost(LossCause::air_time) == 5);
  CHECK(t.frames_lost(LossCause::channel) == 2 + 2);
  CHECK(t.frames_lost(LossCause::late) == 2 + 3 + 3);
  CHECK(t.frames_lost(LossCause::link_loss) == 2);
  CHECK(t.frames_lost(LossCause::host) == 2);
  std::int64_t d = 0, f = 0;
  for (auto c : {LossCause::channel, LossCause::air_time, LossCause::link_loss, LossCause::host, LossCause::late}) {
    d += t.dropouts(c);
    f += t.frames_lost(c);
  }
  CHECK(d == t.dropouts());
  CHECK(f == t.frames_lost());
}

TEST_CASE("a run of frames one per spacing counts as the frames arriving one by one", "[playout]")
{
  // Free-running sink, 50 ms delay, 10 ms frames, its clock 40 ppm slow. Frames 5..1004 arrive one per 10 ms from
  // 0.3 s (on time throughout), then 1005..1504 one per 10.2 ms: arrivals fall behind by 0.2 ms a frame, so from
  // the frame where the lag passes the remaining slack on, they are late (late frames make dropouts; an adaptive
  // buffer re-buffers). The run form must count as on_frames does frame by frame, on every counter.
  for (bool adaptive : {false, true}) {
    JitterBuffer jb{adaptive, 0.020, 0.5};
    SinkTracker run(SyncMode::free_running, 0.050, 0.010, ClockModel{-40}, ClockModel{}, 0.0, jb);
    SinkTracker one(SyncMode::free_running, 0.050, 0.010, ClockModel{-40}, ClockModel{}, 0.0, jb);
    const std::int64_t on_time = run.on_frame_run(5, 1000, 0.3, 0.010) + run.on_frame_run(1005, 500, 10.3, 0.0102);
    std::int64_t k = 5;
    for (int i = 0; i < 1000; ++i, ++k)
      one.on_frames(k, 1, 0.3 + i * 0.010);
    for (int i = 0; i < 500; ++i, ++k)
      one.on_frames(k, 1, 10.3 + i * 0.0102);
    run.finish(20.0, 1505);
    one.finish(20.0, 1505);
    INFO("adaptive " << adaptive);
    CHECK(run.frames_on_time() == one.frames_on_time());
    CHECK(on_time == one.frames_on_time());
    CHECK(run.frames_late() == one.frames_late());
    CHECK(run.frames_lost() == one.frames_lost());
    CHECK(run.dropouts() == one.dropouts());
    CHECK(one.frames_late() > 0);  // the second run does make late frames: both branches are compared
    CHECK(run.schedule().added_delay_s() == one.schedule().added_delay_s());
  }
}
