# The wired bridge (issue 14), against numbers worked by hand:
#  - one clock (splitter): an output plays each frame the bridge plays, its wire's latency later: end-to-end
#    latency = the bridge's + latency, and the outputs are apart by exactly their latency difference (3 ms);
#  - own crystal (USB DAC) 50 ppm faster than the bridge: frame k arrives at p0 + kT and plays at
#    p0 + (B + kT) / (1 + e), late once kT > B / e = 10 ms / 50 ppm = 200 s; re-primed by B, the next at 400 s:
#    2 dropouts of 1 frame in 500 s; an output 50 ppm slower never underruns.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cat > "$tmp/b.yaml" <<YAML
scenario: bridge test
duration: 500 s
replications: 2
environment: { path_loss: { model: log_distance, exponent: 3.0, shadowing_sigma: 0 dB } }
devices:
  phone: { role: source, radio: { class: 2 }, position: [0, 0] }
  hub:   { role: speaker, radio: { class: 2 }, position: [1, 0] }
  a: { role: speaker, position: [2, 4], wire: { clock: bridge, latency: 0 s, buffer: 0 s } }
  b: { role: speaker, position: [3, 4], wire: { clock: bridge, latency: 3 ms, buffer: 0 s } }
  fast: { role: speaker, position: [4, 4], clock_drift: 50 ppm, wire: { clock: own, buffer: 10 ms } }
  slow: { role: speaker, position: [5, 4], clock_drift: -50 ppm, wire: { clock: own, buffer: 10 ms } }
topology: { kind: bridge, bridge: hub, outputs: [a, b, fast, slow] }
output: { file: $tmp/b.h5 }
YAML
expect_rc 0 "$BTL" run "$tmp/b.yaml" -q
out | grep -q "^hub " || fail "the bridge's own row is missing: $(out)"
/usr/bin/python3 - "$tmp/b.h5" <<'PY' || fail "bridge mechanisms"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
g = f["sinks"]
s = {k: (g[k].asstr()[()] if g[k].dtype.kind == "O" else g[k][()]) for k in g}
for rep in (0, 1):
    row = lambda n: np.flatnonzero((s["name"] == n) & (s["replication"] == rep))[0]
    hub, a, b, fast, slow = map(row, ("hub", "a", "b", "fast", "slow"))
    assert s["frames_lost"][hub] == 0, s["frames_lost"][hub]
    assert abs(s["e2e_latency_mean_s"][a] - s["e2e_latency_mean_s"][hub]) < 1e-9
    assert abs(s["e2e_latency_mean_s"][b] - s["e2e_latency_mean_s"][hub] - 3e-3) < 1e-9
    assert abs(s["skew_mean_s"][b] - 3e-3) < 1e-9 and abs(s["skew_max_s"][b] - 3e-3) < 1e-9, s["skew_mean_s"][b]
    assert s["dropouts"][a] == 0 and s["dropouts"][b] == 0
    assert s["dropouts"][fast] == 2 and s["frames_lost"][fast] == 2, (s["dropouts"][fast], s["frames_lost"][fast])
    assert s["dropouts"][slow] == 0
    # The slow output's latency grows by 50 ppm of the run (overflow is not modelled): ~ 25 ms over 500 s.
    grow = s["e2e_latency_max_s"][slow] - s["e2e_latency_min_s"][slow]
    assert 0.024 < grow < 0.026, grow
print("bridge: ok")
PY
# Bad bridge topologies: located, exit 2.
sed -e 's/bridge: hub, outputs: \[a, b, fast, slow\]/bridge: hub, outputs: [a, hub]/' "$tmp/b.yaml" > "$tmp/bad.yaml"
expect_rc 2 "$BTL" validate "$tmp/bad.yaml"
err | grep -q "bad.yaml:[0-9]*:[0-9]*: topology.outputs: the bridge 'hub' cannot be its own output" || fail "self output: $(err)"
sed -e 's/kind: bridge, bridge: hub, outputs: \[a, b, fast, slow\]/kind: dual_stream, sinks: [hub], outputs: [a]/' "$tmp/b.yaml" > "$tmp/bad2.yaml"
expect_rc 2 "$BTL" validate "$tmp/bad2.yaml"
err | grep -q "topology.outputs is for kind bridge" || fail "outputs on dual_stream: $(err)"
echo "bridge: ok"
