# LE Audio link formation end to end (issue 27 item 3), against numbers worked by hand (models/formation/le_formation.hpp):
#  - from power-on, each CIS starts no earlier than the shortest chain the procedures allow: the AUX_ADV_IND
#    2.4 ms after its event's start, AUX_CONNECT_REQ 0.502 ms after it, the first connection event 2.5 ms later,
#    20 exchanges (40 events of 15 ms), LL_CIS_REQ/RSP/IND (3 events), the instant 6 events on, CIS_Offset_Min
#    0.5 ms: 0.7409 s after both ends are ready; and no sink plays before its CIS exists;
#  - the host creates one CIS at a time: the later CIS starts at least 8 x 15 ms + 0.5 ms after the earlier one;
#  - a CIS lost on a walk out of range (5 s supervision timeout after the last answer, or not established within
#    6 ISO intervals = 60 ms of its start; each logged loss against its outage row) is an
#    outage that ends no sooner than a reconnection allows (8 exchanges: 0.381 s), and its frames meanwhile are
#    lost; the formation section changes nothing without it (the plain CIS scenario is unchanged).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e 's/^duration:.*/duration: 10 s/' -e 's/^replications:.*/replications: 10/' \
    -e "\$a output: { file: $tmp/race.h5 }" "$SRC/scenarios/le_audio_power_on_race.yaml" > "$tmp/race.yaml"
grep -q "$tmp/race.h5" "$tmp/race.yaml" || fail "could not derive the race scenario"
cat > "$tmp/walk.yaml" <<YAML
scenario: walking away from LE Audio speakers
duration: 150 s
seed: 1
replications: 2
environment:
  path_loss: { model: log_distance, exponent: 3.0, shadowing_sigma: 4 dB }
  shadowing: { decorrelation_distance: 5 m }
  walls:
    - { name: outer wall, from: [8, -10], to: [8, 10], type: heavy }
devices:
  phone: { role: source, radio: { class: 2 }, waypoints: [[0, 0, 0], [10, 0, 0], [60, 50, 0], [90, 50, 0], [140, 0, 0]] }
  left:  { role: speaker, radio: { class: 2 }, position: [-2, 1], channel: left }
  right: { role: speaker, radio: { class: 2 }, position: [-2, -1], channel: right }
topology: { kind: le_audio_cis, sinks: [left, right] }
le_audio: { preset: "48_2_1", phy: le2m }
formation: {}
output: { file: $tmp/walk.h5 }
YAML
expect_rc 0 "$BTL" run "$tmp/race.yaml" -q
expect_rc 0 "$BTL" run "$tmp/walk.yaml" -q -j 1 --log btl_iso.thres:info
err | grep "CIS lost at" > "$tmp/lost.log"
lost=$(wc -l < "$tmp/lost.log")
/usr/bin/python3 - "$tmp" "$lost" <<'PY' || fail "LE formation mechanisms"
import re, sys, h5py, numpy as np
d, lost = sys.argv[1], int(sys.argv[2])
def table(f, g):
    return {k: f[g][k].asstr()[()] if f[g][k].dtype.kind == "O" else f[g][k][()] for k in f[g]}
chain = 0.002 + 400e-6 + 150e-6 + 352e-6 + 0.0025 + 40 * 0.015 + 9 * 0.015 + 0.0005
with h5py.File(f"{d}/race.h5") as f:
    fo, s = table(f, "formation"), table(f, "sinks")
    assert len(fo["name"]) == 20, len(fo["link"])
    assert (fo["outcome"] == 0).all() and all(r == "CIS established" for r in fo["reason"]), fo["reason"]
    assert (fo["time_to_link_s"] >= chain - 1e-9).all(), (fo["time_to_link_s"].min(), chain)
    assert (fo["time_to_link_s"] < chain + 2.0).all(), fo["time_to_link_s"].max()
    assert (fo["messages"] == 43).all(), fo["messages"]
    for r in range(10):
        up = np.sort(fo["up_s"][fo["replication"] == r])
        assert up[1] - up[0] >= 8 * 0.015 + 0.0005 - 1e-9, (r, up)
        # sink i is fed by link i: it plays no earlier than its CIS's first event (+ the presentation delay).
        rows = s["replication"] == r
        assert (s["silent_startup_s"][rows] >= fo["up_s"][fo["replication"] == r]).all(), (s["silent_startup_s"][rows], up)
with h5py.File(f"{d}/walk.h5") as f:
    l, o, s = table(f, "links"), table(f, "outages"), table(f, "sinks")
    assert l["disconnects"].sum() == len(o["name"]) == lost > 0, (l["disconnects"], len(o["name"]), lost)
    # A CIS is lost 6 ISO intervals (60 ms) after its start if never established, else connSupervisionTimeout (5 s)
    # after the last answer the central heard: each logged loss against its outage row.
    kinds = set()
    for line in open(f"{d}/lost.log"):
        m = re.search(r"\] (\S+): CIS lost at ([0-9.]+) s \((.*)\)", line)
        assert m, line
        name, t, why = m.group(1), float(m.group(2)), m.group(3)
        rows = (o["name"] == name) & (np.abs(o["down_s"] - t) < 1e-6)
        assert rows.any(), line
        gap = (o["down_s"] - o["last_ok_s"])[rows]
        want = 5.0 if why == "supervision timeout" else 0.060
        assert np.allclose(gap, want, atol=1e-6), (line, gap, want)
        kinds.add(why)
    assert "supervision timeout" in kinds, kinds
    back = ~np.isnan(o["up_s"])
    assert back.any(), "no CIS came back"
    assert (o["up_s"][back] - o["down_s"][back] >= 0.381 - 1e-9).all(), (o["up_s"] - o["down_s"]).min()
    # Every 10 ms frame of an outage is lost: sink i (fed by link i) lost at least its outages' frames.
    for r in (0, 1):
        for i, name in enumerate(("phone->left", "phone->right")):
            rows = (o["replication"] == r) & (o["name"] == name)
            due = np.maximum(np.floor(o["outage_s"][rows] / 0.010) - 1, 0).sum()
            lost_i = s["frames_lost"][(s["replication"] == r)][i]
            assert lost_i >= due, (r, name, lost_i, due)
print(f"LE formation: chain >= {chain:.4f} s held in 20 rows; walk: {lost} CIS losses, {back.sum()} reconnected")
PY
# Without a formation section the CIS scenario starts at t = 0 as before: the same tables with and without the code
# path (a formation section that is present is the only switch).
sed -e 's/^duration:.*/duration: 5 s/' -e 's/^replications:.*/replications: 2/' -e "\$a output: { file: $tmp/plain.h5 }" \
    "$SRC/scenarios/le_audio_cis.yaml" > "$tmp/plain.yaml"
expect_rc 0 "$BTL" run "$tmp/plain.yaml" -q
/usr/bin/python3 - "$tmp/plain.h5" <<'PY' || fail "plain CIS scenario"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    assert "formation" not in f, list(f)
    assert (f["sinks/silent_startup_s"][()] < 0.2).all(), f["sinks/silent_startup_s"][()]
PY
# Auracast with a formation section: the source advertises from its boot, each receiver scans from its own (boot 2 s,
# right switched on at 1 s), and the formation table gets a row per receiver. By hand, at these short ranges (every
# PDU received at the median power): the AUX_ADV_IND ends 2.4 ms into the first event, which comes within one
# advertising interval + advDelay (110 ms) of the scan's start; the BIG starts within one periodic interval (100 ms)
# + the AUX_SYNC_IND (80 octets on 2M: 364 us) + one ISO interval (10 ms) after that.
sed -e 's/^duration:.*/duration: 10 s/' -e 's/^replications:.*/replications: 5/' \
    -e 's/clock_drift: -8 ppm, channel: right }/clock_drift: -8 ppm, channel: right, power_on: 1 s }/' \
    -e "\$a formation: {}\noutput: { file: $tmp/bcast.h5 }" "$SRC/scenarios/auracast.yaml" > "$tmp/bcast.yaml"
grep -q "power_on: 1 s" "$tmp/bcast.yaml" || fail "could not derive the Auracast scenario"
expect_rc 0 "$BTL" run "$tmp/bcast.yaml" -q
/usr/bin/python3 - "$tmp/bcast.h5" <<'PY' || fail "Auracast sync rows"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    fo = {k: f["formation"][k].asstr()[()] if f["formation"][k].dtype.kind == "O" else f["formation"][k][()] for k in f["formation"]}
    silent = f["sinks/silent_startup_s"][()]
assert len(fo["name"]) == 10 and all(r == "BIG synchronised" for r in fo["reason"]), fo["reason"]
ready = np.where(fo["name"] == "phone->right", 3.0, 2.0)  # power_on + boot 2 s
assert (fo["start_s"] >= ready - 1e-9).all(), (fo["start_s"], ready)
found = fo["discovered_s"] - fo["start_s"]
assert (found >= 0.0024 - 1e-9).all() and (found <= 0.110 + 0.0024 + 1e-9).all(), found
sync = fo["up_s"] - fo["discovered_s"]
assert (sync > 0).all() and (sync <= 0.100 + 364e-6 + 0.010 + 1e-9).all(), sync
assert (silent >= fo["up_s"]).all(), (silent, fo["up_s"])
PY
# The LE race script (docs/formation.md): two offsets, both CISes up in every replication.
expect_rc 0 /usr/bin/python3 "$SRC/analysis/power_on_race.py" --le --btlinksim "$BTL" --offsets 0,5 --jobs 2
[ "$(out | grep -cE '^ +(0|5)\.00 +20 +0\.00 ')" -eq 2 ] || fail "power_on_race.py --le: $(out) $(err)"
echo "le_formation: ok"
