# LE Audio kinds end to end (issue 14), each mechanism against numbers worked by hand (models/iso/iso.hpp):
#  - CIS: every frame arrives within its SDU's first event + the transport latency, or is flushed: at each sink
#    frames lost = payloads flushed on its CIS, none late; the phone's radio time per event is 2 CIS x 654 us;
#  - presentation delay equalises the sinks to within the clock model's error (2 us anchor timing each, plus each
#    sink's drift over the 49.5 ms from anchor to rendering);
#  - Auracast: a sink switched on late joins at the first BIG event after it received the BIGInfo, and the
#    broadcast's air time does not grow with the number of sinks (one BIS per audio channel);
#  - a BIG takes any number of receivers, a CIG at most 31 CISes; skipping a broadcast receiver's copies that
#    cannot fail gives what drawing every copy gives (issue 27).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
derive() {  # $1 source scenario, $2 name, rest: sed expressions
  local src=$1 name=$2; shift 2
  sed -e 's/^duration:.*/duration: 20 s/' -e 's/^replications:.*/replications: 2/' \
      -e "\$a output: { file: $tmp/$name.h5, timeseries: true }" "$@" "$SRC/scenarios/$src" > "$tmp/$name.yaml"
  grep -q "$tmp/$name.h5" "$tmp/$name.yaml" || fail "could not derive $name from $src"
}
derive le_audio_cis.yaml cis -e 's/clock_drift: 12 ppm, channel: left }/clock_drift: 12 ppm, channel: left, power: { battery: 500 mAh } }/'
grep -q "battery: 500 mAh" "$tmp/cis.yaml" || fail "no battery in the CIS scenario"
derive le_audio_cis.yaml lossy -e 's/position: \[6, 1\]/position: [50, 1]/' -e 's/shadowing_sigma: 4 dB/shadowing_sigma: 0 dB/' \
  -e 's/le_audio: { preset: "48_2_1", phy: le2m }/le_audio: { preset: "48_2_1", phy: le2m, subevents: 2, flush_timeout: 1 }/'
derive auracast.yaml bcast -e 's/clock_drift: -8 ppm, channel: right }/clock_drift: -8 ppm, channel: right, power_on: 3.2 s }/'
derive auracast.yaml four -e 's/^  right: .*/&\n  left2:  { role: speaker, radio: { class: 2 }, position: [2, 4], channel: left }\n  right2: { role: speaker, radio: { class: 2 }, position: [6, 4], channel: right }/' \
  -e 's/sinks: \[left, right\]/sinks: [left, right, left2, right2]/'
grep -q "lossy" "$tmp/lossy.yaml" && grep -q "subevents: 2" "$tmp/lossy.yaml" || fail "lossy scenario not derived"
grep -q "power_on: 3.2 s" "$tmp/bcast.yaml" && grep -q "left2, right2" "$tmp/four.yaml" || fail "broadcast scenarios not derived"
for n in cis lossy four; do expect_rc 0 "$BTL" run "$tmp/$n.yaml" -q; done
expect_rc 0 "$BTL" run "$tmp/bcast.yaml" -q -j 1 --log btl_iso.thres:info
err | grep "found the broadcast" > "$tmp/bcast.log"
[ "$(wc -l < "$tmp/bcast.log")" -eq 4 ] || fail "expected 2 sinks x 2 replications of sync lines: $(err | head)"
/usr/bin/python3 - "$tmp" <<'PY' || fail "LE Audio mechanisms"
import re, sys, h5py, numpy as np
d = sys.argv[1]
T, ISO = 0.010, 0.010
def table(f, g):
    return {k: f[g][k].asstr()[()] if f[g][k].dtype.kind == "O" else f[g][k][()] for k in f[g]}
# CIS timing by hand (tests/unit/test_iso.cpp): subevent 804 us, NSE 6, FT 1, CIG_Sync_Delay = transport latency
# 9.498 ms; with 2 subevents (lossy): CIG_Sync_Delay = 2 x 2 x 0.804 - 0.15 = 3.066 ms.
for name, tl in (("cis", 9.498e-3), ("lossy", 3.066e-3)):
    with h5py.File(f"{d}/{name}.h5") as f:
        s, l, ts = table(f, "sinks"), table(f, "links"), table(f, "timeseries")
        assert (s["frames_late"] == 0).all(), s["frames_late"]
        # Lost = flushed, sink by sink (row i of /sinks is fed by row i of /links in a fan-out).
        assert np.array_equal(s["frames_lost"], l["flushed"]), (s["frames_lost"], l["flushed"])
        # SDU k is ready when frame k is captured (capture_s + T, host buffer 0); its first event comes within one
        # ISO interval; the transport latency bounds the rest (Core Vol 6 Part G §3.2.2).
        late = ts["arrival_s"] - (ts["capture_s"] + T)
        assert late.max() <= ISO + tl + 1e-9, (name, late.max(), ISO + tl)
        assert late.min() > 0
        if name == "lossy":
            assert (l["flushed"][1::2] > 20).all() and (s["dropouts"][1::2] > 0).all(), (l["flushed"], s["dropouts"])
        else:
            # The phone's radio: 2000 events x 2 CISes x (460 + 150 + 44) us = 2.616 s, retransmissions aside
            # (< 0.1 %).
            dev = table(f, "devices")
            phone = dev["airtime_s"][dev["name"] == "phone"]
            assert np.all((phone >= 2.616 - 1e-9) & (phone < 2.616 * 1.001)), phone
            # Presentation delay: skew within 2 x 2 us (anchor timing) + drift difference (12 + 8 ppm) over 49.498 ms.
            bound = 2 * 2e-6 + 20e-6 * (9.498e-3 + 0.040)
            assert (s["skew_max_s"][1::2] <= bound).all(), (s["skew_max_s"], bound)
            assert (s["skew_max_s"][1::2] > 0).all()
            # Energy (nRF52832 profile, models/radio/power.hpp): the phone sends 460 us per attempt and listens
            # 44 us for each answer; a sink receives 460 us per attempt and answers 44 us for each it heard.
            # E = 3 V x (7.1 mA tx + 6.5 mA rx + 2 uA idle); battery_h = 500 mAh / mean current.
            end = f["replications/sim_end_s"][()]
            for rep in (0, 1):
                att = l["attempts"][l["replication"] == rep].sum()
                row = lambda n: np.flatnonzero((dev["name"] == n) & (dev["replication"] == rep))[0]
                ph, left = row("phone"), row("left")
                assert abs(dev["tx_s"][ph] - att * 460e-6) < 1e-9 and abs(dev["rx_s"][ph] - att * 44e-6) < 1e-9
                la = l["attempts"][(l["replication"] == rep) & (l["name"] == "phone->left")][0]
                assert abs(dev["rx_s"][left] - la * 460e-6) < 1e-9
                run_s = end[rep]
                e = 3.0 * (7.1e-3 * dev["tx_s"][ph] + 6.5e-3 * dev["rx_s"][ph] + 2e-6 * (run_s - dev["tx_s"][ph] - dev["rx_s"][ph]))
                assert abs(dev["energy_j"][ph] - e) < 1e-9 * e, (dev["energy_j"][ph], e)
                i_left = dev["energy_j"][left] / (3.0 * run_s)
                assert abs(dev["battery_h"][left] - 500 * 3.6 / i_left / 3600) < 1e-6
                assert np.isnan(dev["battery_h"][ph])
# Auracast late joiner: joins at the first BIG event at or after its BIGInfo; the first frame it gets arrives in
# that event (BIG_Sync_Delay 5.79 ms); it switched on at 3.2 s and heard the first advertising event after it
# (100 ms interval + advDelay <= 10 ms) at this range.
lines = [re.match(r".*\] (\w+) found the broadcast at ([\d.]+) s, BIGInfo at ([\d.]+) s: joins BIG event (\d+) at ([\d.]+) s", x)
         for x in open(f"{d}/bcast.log")]
assert all(lines), open(f"{d}/bcast.log").read()
with h5py.File(f"{d}/bcast.h5") as f:
    ts, s = table(f, "timeseries"), table(f, "sinks")
    for rep in (0, 1):
        for m in lines[2 * rep: 2 * rep + 2]:
            sink, found, info, event, anchor = m.group(1), *map(float, m.group(2, 3)), int(m.group(4)), float(m.group(5))
            assert found <= info <= anchor < info + ISO, (found, info, anchor)
            if sink == "right":
                assert 3.2 <= found <= 3.2 + 0.100 + 0.010, found
                sel = (ts["replication"] == rep) & (ts["sink_index"] == 1)
                first = ts["arrival_s"][sel].min()
                assert anchor <= first <= anchor + 5.79e-3 + 1e-9, (anchor, first)
        row = (s["replication"] == rep) & (s["name"] == "right")
        assert s["startup_s"][row][0] > 3.2 and s["frames_lost"][row][0] == 0
# One BIS per audio channel: 4 sinks on 2 channels cost the phone what 2 sinks do: 2000 events x 2 BIS x 5 copies
# x 444 us = 8.88 s, every copy sent whoever listens.
for name in ("bcast", "four"):
    with h5py.File(f"{d}/{name}.h5") as f:
        dev = table(f, "devices")
        phone = dev["airtime_s"][dev["name"] == "phone"]
        assert np.allclose(phone, 2000 * 2 * 5 * 444e-6, rtol=1e-9), (name, phone)
print("LE Audio: ok")
PY
# Simulated range of a broadcast sink (bisection over distance): far points where the sink never hears the
# advertising must end (this hung once: the sync search had no horizon), and the range lies near the LE 2M
# link budget (62 m here; fading and 5 copies move it).
sed -e 's/^duration:.*/duration: 10 s/' "$SRC/scenarios/auracast.yaml" > "$tmp/range.yaml"
expect_rc 0 timeout 300 "$BTL" range "$tmp/range.yaml" --vary right --replications 2 -j 2
out | grep -qE "^living room, Auracast +auracast +phone +[0-9.]+ ± " || fail "broadcast range: $(out)"

# Issue 27: a BIG's 31 BISes are its audio channels, not its receivers. A crowd (receivers at 20 ... 60 m, left
# and right alternating: 2 BISes) runs; a CIG refuses a 32nd CIS with the location and the way out.
crowd() {  # $1 kind, $2 distances, $3 output section
  echo "scenario: crowd"; echo "duration: 2 min"; echo "seed: 3"; echo "replications: 1"
  echo "environment:"; echo "  path_loss: { model: log_distance, exponent: 3.0, shadowing_sigma: 0 dB }"
  echo "  fading: { model: rician, k: 6 dB }"
  echo "devices:"; echo "  phone: { role: source, radio: { class: 2 }, position: [0, 0] }"
  local s="" i=0 d
  for d in $2; do i=$((i + 1)); echo "  r$i: { role: speaker, radio: { class: 2 }, position: [$d, 0], channel: $([ $((i % 2)) = 0 ] && echo right || echo left) }"; s="$s${s:+, }r$i"; done
  echo "topology: { kind: $1, sinks: [$s] }"; echo 'le_audio: { preset: "48_2_1", phy: le2m }'; echo "output: $3"
}
crowd le_audio_cis "$(seq 1 32)" "{ file: none }" > "$tmp/cig32.yaml"
expect_rc 2 "$BTL" validate "$tmp/cig32.yaml"
err | grep -qE "cig32.yaml:[0-9]+:[0-9]+: .*le_audio_cis takes at most 31 sinks .*use auracast" || fail "32 CISes: $(err)"
crowd auracast "$(seq 1 40) 500" "{ file: $tmp/big41.h5 }" > "$tmp/big41.yaml"
expect_rc 0 "$BTL" run "$tmp/big41.yaml"
# A crowd's console shows the sinks that matter, hides none that did not play, and says how many it leaves out.
out | grep -qE "^r41 +0/1 .*NEVER PLAYED" || fail "the receiver at 500 m is not shown as never playing: $(out)"
out | grep -q "^(10 of 41 sinks shown" || fail "crowd line: $(out)"
# The 10: r41 (never played), then those with dropouts, then the weakest power: the farthest ones, r32 ... r40.
[ "$(out | grep -oE '^r[0-9]+ +[01]/1 ' | awk '{print $1}' | tr '\n' ' ')" = "r32 r33 r34 r35 r36 r37 r38 r39 r40 r41 " ] \
  || fail "expected the farthest 9 and r41: $(out)"
/usr/bin/python3 -c "import h5py, sys; n = len(h5py.File(sys.argv[1])['sinks/name']); assert n == 41, n" "$tmp/big41.h5" \
  || fail "the file must hold every receiver"
# Broadcast receivers skip the copies that cannot fail (thinning, docs/models.md); BTLINKSIM_EVERY_COPY=1 draws
# every copy. Both runs are replication 0 of one seed (the same channel): every receiver's lost frames and attempts
# agree within 4.5 standard deviations (binomial losses; attempts beyond one per frame as counts), and what does
# not depend on the draws is equal: near receivers' frames due, the phone's air time, a near receiver's latency.
far="20 30 40 45 50 55 60"
crowd auracast "$far" "{ file: $tmp/fast.h5 }" > "$tmp/fast.yaml"
crowd auracast "$far" "{ file: $tmp/slow.h5 }" > "$tmp/slow.yaml"
crowd auracast "$far" "{ file: $tmp/traced.h5, trace: $tmp/traced.json }" > "$tmp/traced.yaml"
expect_rc 0 "$BTL" run "$tmp/traced.yaml" -q
expect_rc 0 "$BTL" run "$tmp/fast.yaml" -q
expect_rc 0 env BTLINKSIM_EVERY_COPY=1 "$BTL" run "$tmp/slow.yaml" -q
/usr/bin/python3 - "$tmp" <<'PY' || fail "skipped copies against every copy drawn"
import sys, h5py, numpy as np
d = sys.argv[1]
f, s = h5py.File(f"{d}/fast.h5"), h5py.File(f"{d}/slow.h5")
due = f["sinks/frames_due"][()]
# (A receiver plays from its first frame received: one that loses the first frames after joining counts fewer.)
assert (due[:4] == s["sinks/frames_due"][()][:4]).all() and due[0] == 11990, due
for col in ("frames_lost",):
    a, b = f["sinks/" + col][()], s["sinks/" + col][()]
    p = (a + b + 1) / (2 * due)
    sd = np.sqrt(2 * due * p * (1 - p))
    assert (np.abs(a - b) <= 4.5 * sd).all(), (col, a, b, sd)
a, b = f["links/attempts"][()], s["links/attempts"][()]
extra = np.maximum(a - due, 1) + np.maximum(b - due, 1)
assert (np.abs(a - b) <= 4.5 * np.sqrt(extra)).all(), (a, b)
lost = f["sinks/frames_lost"][()]
assert lost[-1] > 500 and lost[0] == 0, lost  # the comparison covers receivers that lose and one that does not
assert (a != b).any(), "BTLINKSIM_EVERY_COPY made no difference: the comparison compared a run with itself"
# Observing never changes the results: with a trace, the skipping run's tables are the same, and the trace shows
# every attempt in its window, the skipped ones too (one slice per frame at least, for every receiver).
t = h5py.File(f"{d}/traced.h5")
for col in ("sinks/frames_lost", "links/attempts", "sinks/latency_p99_s", "devices/airtime_s"):
    assert (f[col][()] == t[col][()]).all(), col
import json
ev = json.load(open(f"{d}/traced.json"))
ev = ev["traceEvents"] if isinstance(ev, dict) else ev
slices = [e for e in ev if e.get("ph") == "X"]
assert len(slices) >= 7 * 1000, len(slices)  # 7 receivers, 10 s window at 100 frames/s

assert f["devices/airtime_s"][0] == s["devices/airtime_s"][0]
assert abs(f["sinks/latency_p50_s"][0] - s["sinks/latency_p50_s"][0]) < 1e-6
print("skipped copies: ok", list(a), list(b))
PY
echo "le audio: ok"
