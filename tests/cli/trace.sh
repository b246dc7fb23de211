# output.trace (issue 15): a Chrome/Perfetto trace-event file of replication 0, checked with Python's json:
#  - structure: traceEvents of "M" (process/thread names: every device and link), "X" (ts, dur >= 0) and "i";
#  - with the window covering the run, one slice per attempt: each link's slices = its attempts in /links, each
#    device's radio slices = the attempts it sends or receives;
#  - underrun instants: one per dropout the sink noticed (the last may only be closed at the end of the run);
#  - every attempt's hop channel, recomputed from the hop sequences the trace states by an independent kernel;
#  - formation slices for every formed link (power-on race); a short window bounds the file;
#  - the trace never overwrites an input or a file that is not a btlinksim trace (exit 2).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e 's/^duration:.*/duration: 5 s/' -e 's/^replications:.*/replications: 2/' \
    -e "\$a output: { file: $tmp/r.h5, trace: $tmp/r.json, trace_for: 6 s }" \
    "$SRC/scenarios/relay.yaml" > "$tmp/r.yaml"
sed -e "\$a output: { file: $tmp/w.h5, trace: $tmp/w.json, trace_for: 200 s }" \
    -e 's/^replications:.*/replications: 1/' "$SRC/scenarios/walking_away.yaml" > "$tmp/w.yaml"
sed -e "s#^output:.*#output: { file: $tmp/p.h5, trace: $tmp/p.json, trace_from: 1 s, trace_for: 20 s }#" -e 's/^replications:.*/replications: 1/' \
    "$SRC/scenarios/power_on_race.yaml" > "$tmp/p.yaml"
grep -q "$tmp/p.json" "$tmp/p.yaml" || printf "output: { file: %s/p.h5, trace: %s/p.json, trace_from: 1 s, trace_for: 20 s }\n" "$tmp" "$tmp" >> "$tmp/p.yaml"
mkdir -p "$tmp/presets"; cp "$SRC"/scenarios/presets/*.yaml "$tmp/presets/"
for n in r w p; do grep -q "$tmp/$n.json" "$tmp/$n.yaml" || fail "could not derive $n"; expect_rc 0 "$BTL" run "$tmp/$n.yaml" -q; done
/usr/bin/python3 - "$tmp" <<'PY' || fail "trace contents"
import sys, json, h5py, collections
d = sys.argv[1]
t = json.load(open(f"{d}/r.json"))
ev = t["traceEvents"]
assert t["otherData"]["producer"].startswith("btlinksim ") and t["otherData"]["replication"] == 0
names = {(e["pid"], e.get("tid")): e["args"]["name"] for e in ev if e["ph"] == "M"}
assert {"phone", "left", "right"} <= set(names.values()) and {"phone->left", "left->right"} <= set(names.values())
X = [e for e in ev if e["ph"] == "X"]
assert X and all(e["dur"] >= 0 and e["ts"] >= 0 for e in X)
links = {names[(2, e["tid"])] for e in X if e["pid"] == 2}
with h5py.File(f"{d}/r.h5") as f:
    g = f["links"]
    rep0 = g["replication"][()] == 0
    attempts = dict(zip(g["name"].asstr()[()][rep0], g["attempts"][()][rep0]))
per_link = collections.Counter(names[(2, e["tid"])] for e in X if e["pid"] == 2)
assert per_link == attempts, (per_link, attempts)
per_radio = collections.Counter(names[(1, e["tid"])] for e in X if e["pid"] == 1)
assert per_radio["phone"] == attempts["phone->left"] and per_radio["right"] == attempts["left->right"]
assert per_radio["left"] == attempts["phone->left"] + attempts["left->right"]
# Every ACL slice carries its hop channel, and it is the specification's: recomputed here from the hop sequences
# the trace states, by a second, independent kernel (Core Vol 2 Part B 2.6.2), itself held to Part G's samples.
def kernel(clk, addr):
    bit = lambda v, i: (v >> i) & 1
    X, Y1 = (clk >> 2) & 31, bit(clk, 1)
    A = ((addr >> 23) & 31) ^ ((clk >> 21) & 31)
    B = (addr >> 19) & 15
    C = sum(bit(addr, 2 * i) << i for i in range(5)) ^ ((clk >> 16) & 31)
    D = ((addr >> 10) & 511) ^ ((clk >> 7) & 511)
    E = sum(bit(addr, 2 * i + 1) << i for i in range(7))
    F = (16 * (clk >> 7)) % 79
    z = [bit(((X + A) % 32) ^ B, i) for i in range(5)]
    P = (((C ^ (31 * Y1)) << 9) | D)
    pairs = [(0, 1), (2, 3), (1, 2), (3, 4), (0, 4), (1, 3), (0, 2), (3, 4), (1, 4), (0, 3), (2, 4), (1, 3), (0, 3), (1, 2)]
    for i in range(13, -1, -1):
        if bit(P, i):
            a, b = pairs[i]
            z[a], z[b] = z[b], z[a]
    k = (sum(v << i for i, v in enumerate(z)) + E + F + 32 * Y1) % 79
    return (2 * k) % 79
part_g = {(0x10, 0): 8, (0x12, 0): 66, (0x1a, 0): 19, (0x10, 0x2a96ef25): 55, (0x16, 0x2a96ef25): 20, (0x1e, 0x2a96ef25): 40}
assert all(kernel(c, a) == v for (c, a), v in part_g.items())
hs = {h["link"]: h for h in t["otherData"]["hop_sequences"]}
assert set(hs) == {"phone->left", "left->right"} and not any(h["afh"] for h in hs.values())
import math
checked = 0
for e in X:
    if e["pid"] != 2:
        continue
    h, a = hs[names[(2, e["tid"])]], e["args"]
    clk = (h["clk0"] + max(0, math.floor((e["ts"] / 1e6 - h["phase_s"]) / (h["period_s"] / 4) + 1e-6))) & 0x0FFFFFFF
    assert a["channel"] == kernel(clk, h["central_address"]) and a["mhz"] == 2402 + a["channel"], (e, h)
    checked += 1
assert checked == sum(attempts.values()) and len({e["args"]["channel"] for e in X if e["pid"] == 2}) > 60
# Underruns of walking_away (the listener walks out of range) against the dropouts of replication 0.
w = json.load(open(f"{d}/w.json"))
wn = {(e["pid"], e.get("tid")): e["args"]["name"] for e in w["traceEvents"] if e["ph"] == "M"}
under = collections.Counter(wn[(3, e["tid"])] for e in w["traceEvents"] if e["ph"] == "i" and e["name"] == "underrun")
with h5py.File(f"{d}/w.h5") as f:
    s = f["sinks"]
    drops = dict(zip(s["name"].asstr()[()], s["dropouts"][()]))
assert sum(under.values()) > 0
for k, v in drops.items():
    assert v - 1 <= under.get(k, 0) <= v, (k, under.get(k, 0), v)
# Formation slices, and a window from 1 s to 21 s that bounds every slice.
p = json.load(open(f"{d}/p.json"))
fx = [e for e in p["traceEvents"] if e["ph"] == "X" and e["pid"] == 4]
assert any(e["name"] == "inquiry / scan" for e in fx) or any("page" in e["name"] for e in fx), fx[:3]
assert all(1e6 - 1 <= e["ts"] and e["ts"] + e["dur"] <= 21e6 + 1 for e in fx)
print("trace: ok")
PY
# Observing never changes what is observed: walking_away (moving listener, body blocking, time-varying shadowing
# added) gives the same tables with the time series and trace as without (their channel queries draw nothing).
sed -e 's/shadowing: { decorrelation_distance: 5 m }/shadowing: { decorrelation_distance: 5 m, time_constant: 3 s }/' \
    -e "s#trace: $tmp/w.json, trace_for: 200 s }#timeseries: true, trace: $tmp/w2.json, pcap: $tmp/w2.pcap }#" \
    -e "s#file: $tmp/w.h5#file: $tmp/w2.h5#" "$tmp/w.yaml" > "$tmp/w2.yaml"
sed -e "s#, timeseries: true, trace: $tmp/w2.json, pcap: $tmp/w2.pcap##" -e "s#file: $tmp/w2.h5#file: $tmp/w3.h5#" "$tmp/w2.yaml" > "$tmp/w3.yaml"
grep -q "timeseries: true" "$tmp/w2.yaml" && grep -q "time_constant" "$tmp/w3.yaml" && ! grep -q "trace" "$tmp/w3.yaml" || fail "observed/unobserved pair not derived"
expect_rc 0 "$BTL" run "$tmp/w2.yaml" -q
expect_rc 0 "$BTL" run "$tmp/w3.yaml" -q
for g in /sinks /links /devices /outages; do h5diff -q "$tmp/w2.h5" "$tmp/w3.h5" "$g" || fail "observing changed $g"; done
# LE Audio: each CIS exchange on a data channel by Channel Selection Algorithm #2 (its own sample data:
# tests/unit/test_hop_selection.cpp), with the frequency of its RF channel; and with AFH against a busy Wi-Fi
# channel (channels drawn, adapted), the trace again changes no table.
sed -e 's/^duration:.*/duration: 3 s/' -e 's/^replications:.*/replications: 1/' -e '/^output:/d' \
    -e "\$a output: { file: $tmp/le.h5, trace: $tmp/le.json, trace_from: 1 s, trace_for: 2 s }" "$SRC/scenarios/le_audio_cis.yaml" > "$tmp/le.yaml"
expect_rc 0 "$BTL" run "$tmp/le.yaml" -q
/usr/bin/python3 - "$tmp/le.json" <<'PY' || fail "LE channels in the trace"
import sys, json, collections
t = json.load(open(sys.argv[1]))
X = [e for e in t["traceEvents"] if e["ph"] == "X" and e["pid"] == 2]
assert len(X) > 300
per = collections.defaultdict(set)
for e in X:
    c = e["args"]["channel"]
    assert 0 <= c <= 36 and e["args"]["mhz"] == 2402 + 2 * (c + 1 if c <= 10 else c + 2), e
    per[e["tid"]].add(c)
assert len(per) == 2 and all(len(v) >= 30 for v in per.values()), per
PY
# LE collisions on the CSA #2 channel: a Wi-Fi access point on channel 6 (2437 MHz, 22 MHz wide) always on, beside
# the speakers, no fading or shadowing: every exchange the trace puts inside its band (offset < 11 MHz) is lost
# (C/I below the 11 dB co-channel requirement), and none is lost more than 1.5 MHz outside it (-30 dB needed from
# 2 MHz on; the links are strong): the collision model uses the channel the trace shows.
sed -e 's/^duration:.*/duration: 3 s/' -e 's/^replications:.*/replications: 1/' -e '/^output:/d' -e '/fading:/d' \
    -e 's/^environment:/environment:\n  interference:\n    - { name: access point, kind: wifi, position: [4, 1], channel: 6, power: 20 dBm, duty: 100% }/' \
    -e 's/shadowing_sigma: 4 dB/shadowing_sigma: 0 dB/' \
    -e "\$a output: { file: $tmp/lewifi.h5, trace: $tmp/lewifi.json, trace_from: 1 s, trace_for: 2 s }" "$SRC/scenarios/le_audio_cis.yaml" > "$tmp/lewifi.yaml"
grep -q "kind: wifi, position: \[4, 1\]" "$tmp/lewifi.yaml" || fail "could not derive the LE scenario with Wi-Fi"
expect_rc 0 "$BTL" run "$tmp/lewifi.yaml" -q
/usr/bin/python3 - "$tmp/lewifi.json" <<'PY' || fail "LE collisions on the traced channel"
import sys, json
t = json.load(open(sys.argv[1]))
X = [e["args"] for e in t["traceEvents"] if e["ph"] == "X" and e["pid"] == 2]
inside = [a for a in X if abs(a["mhz"] - 2437) < 11]
far = [a for a in X if abs(a["mhz"] - 2437) > 12.5]
assert len(inside) > 50 and len(far) > 200, (len(inside), len(far))
assert all(a["outcome"] == "lost" for a in inside), [a for a in inside if a["outcome"] != "lost"][:3]
assert all(a["outcome"] == "received" for a in far), [a for a in far if a["outcome"] != "received"][:3]
PY
for n in afh afh_traced; do
  sed -e 's/^duration:.*/duration: 20 s/' -e 's/^replications:.*/replications: 1/' -e '/^output:/d' \
      -e "\$a output: { file: $tmp/$n.h5 }" "$SRC/scenarios/wifi_busy_afh.yaml" > "$tmp/$n.yaml"
done
sed -i "s#output: { file: $tmp/afh_traced.h5 }#output: { file: $tmp/afh_traced.h5, trace: $tmp/afh.json, trace_for: 20 s }#" "$tmp/afh_traced.yaml"
expect_rc 0 "$BTL" run "$tmp/afh.yaml" -q
expect_rc 0 "$BTL" run "$tmp/afh_traced.yaml" -q
for g in /sinks /links /devices; do h5diff -q "$tmp/afh.h5" "$tmp/afh_traced.h5" "$g" || fail "tracing an AFH run changed $g"; done
/usr/bin/python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
X = [e for e in t['traceEvents'] if e['ph'] == 'X' and e['pid'] == 2]
assert X and all(0 <= e['args']['channel'] <= 78 for e in X) and all(h['afh'] for h in t['otherData']['hop_sequences'])
" "$tmp/afh.json" || fail "AFH channels in the trace"
# Never an input, never someone else's file.
sed -e "s#trace: $tmp/r.json#trace: $tmp/r.yaml#" "$tmp/r.yaml" > "$tmp/self.yaml"
sed -i "s#trace: $tmp/r.yaml#trace: $tmp/self.yaml#" "$tmp/self.yaml"
expect_rc 2 "$BTL" run "$tmp/self.yaml"
err | grep -q "output.trace .* is an input of the scenario" || fail "trace onto the scenario: $(err)"
echo "my notes" > "$tmp/notes.json"
sed -e "s#trace: $tmp/r.json#trace: $tmp/notes.json#" "$tmp/r.yaml" > "$tmp/notes.yaml"
expect_rc 2 "$BTL" run "$tmp/notes.yaml"
[ "$(cat "$tmp/notes.json")" = "my notes" ] || fail "a foreign file was overwritten"
echo "trace: ok"
