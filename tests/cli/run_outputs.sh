# run/compare end to end: flagship scenarios validate; a short run writes HDF5 readable by h5py with units and
# provenance; the same seed gives identical datasets whatever --jobs is; a failing output path exits 1.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
expect_rc 0 "$BTL" validate "$SRC"/scenarios/*.yaml
sed -e 's/duration: 10 min/duration: 20 s/' -e "s#results/relay.h5#$tmp/a.h5#" -e 's/replications: 5/replications: 3/' \
  "$SRC/scenarios/relay.yaml" > "$tmp/a.yaml"
sed -e "s#$tmp/a.h5#$tmp/b.h5#" "$tmp/a.yaml" > "$tmp/b.yaml"
expect_rc 0 "$BTL" run "$tmp/a.yaml" -j 1
out | grep -q "^right" || fail "summary lacks the right speaker"
expect_rc 0 "$BTL" run "$tmp/b.yaml" -j 2
/usr/bin/python3 - "$tmp" <<'PY' || fail "HDF5 check"
import sys, hashlib, h5py, numpy as np, pandas as pd
d = sys.argv[1]
text = open(f"{d}/a.yaml", "rb").read()
for k in range(3):
    with h5py.File(f"{d}/a_rep{k:03d}.h5") as a, h5py.File(f"{d}/b_rep{k:03d}.h5") as b:
        assert a.attrs["replication"] == k and a.attrs["master_seed"] == 1
        assert a.attrs["scenario_sha256"] == hashlib.sha256(text).hexdigest()  # FIPS 180-4, independently
        assert a.attrs["schema"] == "btlinksim-results"
        for g in ("sinks", "links", "devices"):
            for name, ds in a[g].items():
                x, y = ds[()], b[g][name][()]
                same = np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)
                assert same, (g, name)
        assert a["sinks/latency_mean_s"].attrs["units"] == "s"
        df = pd.DataFrame({c: a["sinks"][c][()] for c in a["sinks"] if c != "name"})
        df.index = a["sinks/name"].asstr()[()]
        assert list(df.index) == ["left", "right"]
        assert (df.latency_mean_s > 0).all()
PY
/usr/bin/python3 "$SRC/analysis/btl_results.py" "$tmp"/a_rep00*.h5 > "$tmp/an.txt" || fail "analysis script"
PYTHONPATH="$SRC/analysis" /usr/bin/python3 - "$tmp/a_rep000.h5" <<'PY' || fail "loader: units and descriptions"
import sys, btl_results
prov, t = btl_results.load_run(sys.argv[1])
assert set(t) >= {"sinks", "links", "devices", "outages"}, set(t)
assert t["links"].attrs["units"]["median_rx_dbm"] == "dBm"
assert "shadowing" in t["links"].attrs["description"]["median_rx_dbm"]
assert list(t["links"].index) == ["phone->left", "left->right"]
PY
grep -q "^right" "$tmp/an.txt" || fail "analysis output lacks right"
ls "$tmp"/*.tmp 2>/dev/null && fail "temporary files left"
# A runtime failure (unwritable output) exits 1 and leaves no file.
sed -e "s#$tmp/a.h5#/proc/nonexistent/x.h5#" "$tmp/a.yaml" > "$tmp/c.yaml"
expect_rc 1 "$BTL" run "$tmp/c.yaml"
err | grep -q "cannot" || fail "runtime failure message"
echo "run outputs: ok"
