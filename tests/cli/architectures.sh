# scenarios/architectures.yaml (issue 14): one sweep over every topology kind on one floor plan. Every design
# plays at both speakers in every replication; the designs differ where their mechanisms say they must:
# presentation delay (LE Audio) and time-to-play (relay, snoop) hold the speakers within microseconds while
# free-running dual stream does not; LE Audio's end-to-end latency (SDU sync reference + 40 ms presentation
# delay) is below every A2DP design's 150 ms buffer; the relay primary drains its battery fastest.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cp "$SRC/scenarios/living_room.yaml" "$tmp/"
sed -e "s#output: results/architectures.h5#output: $tmp/a.h5#" -e 's/^replications: 5/replications: 2/' \
    -e 's/^parameters:/parameters:\n  duration: [20 s]/' "$SRC/scenarios/architectures.yaml" > "$tmp/a.yaml"
grep -q "duration: \[20 s\]" "$tmp/a.yaml" && grep -q "$tmp/a.h5" "$tmp/a.yaml" || fail "could not derive the sweep"
expect_rc 0 "$BTL" sweep "$tmp/a.yaml" -j 2 -q
expect_rc 0 "$BTL" summary "$tmp/a.h5"
[ "$(out | grep -cE '^[0-6] ')" -eq 14 ] || fail "summary rows: $(out)"
/usr/bin/python3 - "$tmp/a.h5" <<'PY' || fail "architectures"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
kinds = [p.split(",")[0].split(":")[1].strip() for p in f["points/topology"].asstr()[()]]
assert kinds == ["relay", "dual_stream", "snoop", "le_audio_cis", "auracast", "wifi_multiroom", "bridge"], kinds
ps = f["points_sinks"]
pt, name = ps["point"][()].astype(int), ps["name"].asstr()[()]
assert (ps["startup_s_n"][()] == 2).all()  # every speaker of every design played in both replications
skew = dict(zip(zip(pt, name), ps["skew_max_s_mean"][()]))
e2e = dict(zip(zip(pt, name), ps["e2e_latency_mean_s_mean"][()]))
K = {k: i for i, k in enumerate(kinds)}
for k in ("relay", "snoop", "le_audio_cis", "auracast"):
    assert skew[(K[k], "right")] < 50e-6, (k, skew[(K[k], "right")])
assert skew[(K["dual_stream"], "right")] > 1e-3
for le in ("le_audio_cis", "auracast"):
    for a2dp in ("relay", "dual_stream", "snoop"):
        assert e2e[(K[le], "left")] < 0.1 < 0.15 < e2e[(K[a2dp], "left")], (le, a2dp)
d = f["devices"]
cur = {}
for p, n, c in zip(d["point"][()].astype(int), d["name"].asstr()[()], d["current_a"][()]):
    cur.setdefault((p, n), []).append(c)
relay_left = np.mean(cur[(K["relay"], "left")])
assert all(relay_left > np.mean(cur[(K[k], n)]) for k in ("dual_stream", "snoop", "le_audio_cis", "auracast") for n in ("left", "right"))
print("architectures: ok")
PY
echo "architectures: ok"
