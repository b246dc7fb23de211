# output.trace (issue 15): a Chrome/Perfetto trace-event file of replication 0, checked with Python's json:
#  - structure: traceEvents of "M" (process/thread names: every device and link), "X" (ts, dur >= 0) and "i";
#  - with the window covering the run, one slice per attempt: each link's slices = its attempts in /links, each
#    device's radio slices = the attempts it sends or receives;
#  - underrun instants: one per dropout the sink noticed (the last may only be closed at the end of the run);
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
