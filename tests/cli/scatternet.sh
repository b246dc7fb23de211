# A relay speaker in two piconets (scatternet stays, models/baseband/scatternet.hpp): from the frame-arrival time
# series, every exchange it receives from the phone lies in one cyclic window of the 40 ms period no longer than
# its upstream stay (50 % less the 1.25 ms guard = 18.75 ms), every exchange it sends to b in another of its own
# stay's length, and the two never overlap; b's latency grows with the period. No errors (2 m, no fading), so
# each exchange ends at its frame's arrival and lasts one 2-DH5 exchange (3.75 ms).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for P in 0 40; do
cat > "$tmp/s$P.yaml" <<YAML
duration: 20 s
devices:
  phone: { role: source, position: [0, 0] }
  a: { role: speaker, position: [2, 0], scatternet_period: $P ms, scatternet_share: 50 %, scatternet_guard: 1.25 ms }
  b: { role: speaker, position: [4, 0] }
topology: { kind: relay, chain: [phone, a, b] }
output: { file: $tmp/s$P.h5, timeseries: true }
YAML
expect_rc 0 "$BTL" run "$tmp/s$P.yaml"
done
/usr/bin/python3 - "$tmp/s40.h5" "$tmp/s0.h5" <<'PY' || fail "scatternet stays"
import sys, h5py, numpy as np
f, g = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert all(f["links/attempts"][()] == f["links/packets"][()])
ts = f["timeseries"]; sink, arr = ts["sink_index"][()].astype(int), ts["arrival_s"][()]
P, exch = 0.040, 6 * 625e-6
def cyclic_span(intervals):
    """Length of the shortest cyclic window of period P holding every [start, end] (mod P) and where it starts."""
    pts = np.sort(np.concatenate([intervals[:, 0] % P, intervals[:, 1] % P]))
    gaps = np.diff(np.concatenate([pts, [pts[0] + P]]))
    i = int(np.argmax(gaps))
    return P - gaps[i], pts[(i + 1) % len(pts)]
hop1 = np.stack([arr[sink == 0] - exch, arr[sink == 0]], axis=1)
hop2 = np.stack([arr[sink == 1] - exch, arr[sink == 1]], axis=1)
s1, a1 = cyclic_span(hop1); s2, a2 = cyclic_span(hop2)
stay = 0.5 * P - 0.00125
assert s1 <= stay + 1e-9 and s2 <= stay + 1e-9, (s1, s2, stay)
assert ((a2 - a1) % P) >= s1 - 1e-9, (a1, a2, s1)     # hop-2 window starts after hop-1's ends
lat = lambda h, k: np.mean(h["timeseries/arrival_s"][()][h["timeseries/sink_index"][()] == k] - h["timeseries/capture_s"][()][h["timeseries/sink_index"][()] == k])
assert lat(f, 1) > lat(g, 1) + 0.005, (lat(f, 1), lat(g, 1))
print("upstream span %.2f ms, own %.2f ms (stays %.2f ms); b latency %.1f ms vs %.1f ms ideal" % (s1*1e3, s2*1e3, stay*1e3, lat(f,1)*1e3, lat(g,1)*1e3))
PY
# A stay too short for one exchange is bad input.
sed -e 's/scatternet_period: 40 ms/scatternet_period: 8 ms/' "$tmp/s40.yaml" > "$tmp/short.yaml"
expect_rc 2 "$BTL" validate "$tmp/short.yaml"
err | grep -q "cannot hold one 2-DH5 exchange" || fail "short stay not refused: $(err)"
echo "scatternet: ok"
