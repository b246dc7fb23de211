# A device has one half-duplex radio: from the frame-arrival time series of a DH3 relay past its air-time limit,
# the exchanges a relay takes part in (receiving from the phone, re-transmitting to b) never overlap in time.
# With no errors (2 m, no fading; checked: attempts = packets) every exchange ends at its frame's arrival and
# lasts one DH3 exchange, 4 slots = 2.5 ms.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/relay.yaml" <<YAML
duration: 5 s
devices:
  phone: { role: source, position: [0, 0] }
  a: { role: speaker, position: [2, 0] }
  b: { role: speaker, position: [4, 0] }
  c: { role: speaker, position: [6, 0] }
topology: { kind: relay, chain: [phone, a, b, c] }
audio: { packet_type: DH3 }
output: { file: $tmp/relay.h5, timeseries: true }
YAML
expect_rc 0 "$BTL" run "$tmp/relay.yaml"
/usr/bin/python3 - "$tmp/relay.h5" <<'PY' || fail "overlapping exchanges"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
links = dict(zip(f["links/name"].asstr()[()], zip(f["links/attempts"][()], f["links/packets"][()])))
assert all(a == p for a, p in links.values()), links
sinks = list(f["sinks/name"].asstr()[()])
ts = f["timeseries"]
sink, arrival = ts["sink_index"][()].astype(int), ts["arrival_s"][()]
exch = 4 * 625e-6
# Exchanges per device: a receives (sink a) and sends (sink b); b receives (sink b) and sends (sink c).
for dev, nxt in (("a", "b"), ("b", "c")):
    ends = np.sort(np.concatenate([arrival[sink == sinks.index(dev)], arrival[sink == sinks.index(nxt)]]))
    assert len(ends) > 1000, len(ends)
    gaps = np.diff(ends)
    assert gaps.min() >= exch - 1e-9, (dev, gaps.min())
    print(f"{dev}: {len(ends)} exchanges, closest two {gaps.min() * 1e3:.3f} ms apart (>= {exch * 1e3} ms)")
PY
echo "half duplex: ok"
