# btlinksim sweep: design points from a sweep file, every (point, replication) run, one HDF5 file; results do not
# depend on -j; replication k uses the same random streams at every point; bad sweep files are located errors.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/sweeps"
cp "$SRC/scenarios/relay.yaml" "$tmp/"
sed -e "s#results/relay_vs_dual_distance.h5#$tmp/one.h5#" -e 's/step: 20 m/step: 40 m/' -e 's/replications: 3/replications: 2/' \
  "$SRC/scenarios/sweeps/relay_vs_dual_distance.yaml" > "$tmp/sweeps/s.yaml"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/s.yaml" --list
out | grep -q "4 points x 2 replications = 8 runs" || fail "--list: $(out)"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/s.yaml" --dry-run
expect_rc 0 "$BTL" sweep "$tmp/sweeps/s.yaml" -j 1 -q
[ -f "$tmp/one.h5" ] || fail "no result file"
sed -e "s#$tmp/one.h5#$tmp/two.h5#" "$tmp/sweeps/s.yaml" > "$tmp/sweeps/t.yaml"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/t.yaml" -j 2 -q
/usr/bin/python3 - "$tmp/one.h5" "$tmp/two.h5" <<'PY' || fail "sweep results"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert a.attrs["schema"] == "btlinksim-sweep"
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        same = np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)
        assert same, ("-j 1 and -j 2 differ", g, name)
assert list(a["runs/status"].asstr()[()]) == ["ok"] * 8
assert list(a["points/devices.right.position[0]"].asstr()[()]) == ["10 m", "50 m", "10 m", "50 m"]
# Common random numbers: the phone->left link's shadowing draw is the same at every point for a replication,
# and differs between replications.
L = a["links"]; names = L["name"].asstr()[()]; pt, rep, rx = L["point"][()], L["replication"][()], L["median_rx_dbm"][()]
for r in (0, 1):
    v = rx[(names == "phone->left") & (rep == r)]
    assert len(v) == 4 and np.all(v == v[0]), v
assert rx[(names == "phone->left") & (rep == 0)][0] != rx[(names == "phone->left") & (rep == 1)][0]
# The points table is the mean over each point's replications.
S = a["sinks"]; ps = a["points_sinks"]
for i, (p, n) in enumerate(zip(ps["point"][()], ps["name"].asstr()[()])):
    rows = (S["point"][()] == p) & (S["name"].asstr()[()] == n)
    assert abs(ps["latency_mean_s_mean"][i] - S["latency_mean_s"][()][rows].mean()) < 1e-15
    assert ps["latency_mean_s_n"][i] == 2
print("sweep results equal with -j 1 and -j 2; common random numbers; point means")
PY
PYTHONPATH="$SRC/analysis" /usr/bin/python3 - "$tmp/one.h5" <<'PY' || fail "Python sweep loaders"
import sys, btlinksim
t = btlinksim.load_sweep(sys.argv[1])
assert len(t["points"]) == 4 and len(t["runs"]) == 8 and set(t["sinks"]["replication"]) == {0, 1}
assert t["sinks"].attrs["units"]["latency_mean_s"] == "s"
ds = btlinksim.sweep_dataset(sys.argv[1])
assert set(ds.dims) == {"topology", "devices.right.position[0]", "duration", "sink"}, ds.dims
v = ds["latency_mean_s_mean"].sel(sink="right", duration=60.0)  # a quantity: a number in s
assert v.shape == (2, 2) and float(v.isnull().sum()) == 0, v
PY
# btlinksim summary prints the points table from the file: one line per point and sink, in how many replications
# it played.
expect_rc 0 "$BTL" summary "$tmp/one.h5"
[ "$(out | grep -cE '^[0-3] ')" -eq 8 ] || fail "summary rows: $(out)"
out | grep -E '^0 ' | grep -q ' 2/2 ' || fail "played count: $(out)"
expect_rc 2 "$BTL" summary "$SRC/README.md"
# Shards (cluster array tasks) into the run store, then --merge: the same file as one local sweep.
sed -e "s#$tmp/one.h5#$tmp/sh.h5#" "$tmp/sweeps/s.yaml" > "$tmp/sweeps/sh.yaml"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/sh.yaml" --shard 1/3 -q
expect_rc 1 "$BTL" sweep "$tmp/sweeps/sh.yaml" --merge -q
err | grep -q "runs are not in .* yet" || fail "--merge with shards missing: $(err)"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/sh.yaml" --shard 0/3 -q
expect_rc 0 "$BTL" sweep "$tmp/sweeps/sh.yaml" --shard 2/3 -q
expect_rc 0 "$BTL" merge "$tmp/sweeps/sh.yaml" -q   # the same as sweep --merge
expect_rc 2 "$BTL" sweep "$tmp/sweeps/sh.yaml" --shard 3/3
/usr/bin/python3 - "$tmp/sh.h5" "$tmp/one.h5" <<'PY' || fail "merged shards differ from the local sweep"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        assert (np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)), (g, name)
PY
# Bad sweep files: each a located error, exit 2, no output written.
bad() {  # $1 text, $2 expected message
  printf 'base: ../relay.yaml\n%s\noutput: %s/bad.h5\n' "$1" "$tmp" > "$tmp/sweeps/bad.yaml"
  expect_rc 2 "$BTL" sweep "$tmp/sweeps/bad.yaml"
  err | grep -q "^$tmp/sweeps/bad.yaml:[0-9]*:[0-9]*: .*$2" || fail "no located '$2': $(err)"
  [ ! -e "$tmp/bad.h5" ] || fail "output written for a bad sweep"
}
bad 'parameters:
  devices.right.position[5]: [1 m]' "is not an element of a list"
bad 'parameters: { duration: { from: 10 s, to: 5 s, step: 1 s } }' "an empty range"
bad 'parameters:
  devices.right.position[x]: [1 m]' "is not a path"   # std::stoi threw (uncaught) before: found by the fuzzer
bad 'parameters:
  devices.right.position[99999999999]: [1 m]' "is not a path"
bad 'parameters: { duration: { from: 10 s, to: 20 m, step: 1 s } }' "the same unit"
# Sweeps that ran nothing and exited 0 (issue 23): a nan bound, a step too small for an integer count, and a product
# of ranges that wrapped size_t past the cap.
bad 'parameters: { duration: { from: nan s, to: 10 s, step: 1 s } }' "must be finite numbers"
bad 'parameters: { duration: { from: 1 s, to: 10 s, step: 1e-300 s } }' "9e+300 values; a sweep takes at most 100001 per parameter"
bad 'parameters:
  duration: { from: 1 s, to: 100001 s, step: 1 s }
  seed: { from: 1, to: 100001, step: 1 }
  replications: { from: 1, to: 100001, step: 1 }
  devices.left.clock_drift: { from: 1 ppm, to: 100001 ppm, step: 1 ppm }' "1e+20 points; a sweep takes at most 1000000"
bad 'parameters: { audio.codek: [sbc] }' "unknown key 'codek' in audio"
# Paths that set one value twice recorded values that never ran (issue 23 item 6: /points said 1 m and 3 m, both
# runs stood at 5 m): a wildcard and a name, a map and a key inside it.
bad 'parameters:
  devices.left.position[0]: [1 m, 3 m]
  devices.*.position[0]: [5 m]' "'devices.\*.position\[0\]' and 'devices.left.position\[0\]' (line 3) set the same value"
bad 'parameters:
  topology: [{ kind: dual_stream, sinks: [left, right] }]
  topology.kind: [relay]' "'topology.kind' and 'topology' (line 3) set the same value"
bad 'parameters: { duration: [1 s, 2 s], seed: [1] }
zip: [[duration, seed]]' "as many values each"
bad 'parameters: { duration: [1 s] }
colour: red' "unknown key 'colour' in sweep"
bad 'parameters: { duration: [1 s, 2 s] }
where: duration > 5 s' "removes every one of the 2 points"
bad 'parameters: { duration: [1 s, 2 s] }
where: duration > 5 dBm' "is compared with 5 dBm"
bad 'parameters: { duration: [1 s, 2 s] }
where: duration > 1 s or' "a comparison PATH OP VALUE is expected"
bad 'parameters: { duration: [1 s, 2 s] }
where: nothing.here == 1' "not in the point.s scenario"
bad 'parameters: { duration: [1 s, 2 s] }
where: topology < relay' "not a single value"
# where keeps the points where it holds (3 of the product of 2 x 3), renumbered from 0, run as any other;
# the base writes positions as plain metres, which a comparison in m accepts.
cat > "$tmp/sweeps/w.yaml" <<EOF
base: ../relay.yaml
parameters:
  duration: [5 s]
  topology:
    - { kind: relay, chain: [phone, left, right] }
    - { kind: dual_stream, sinks: [left, right] }
  devices.right.position[0]: [6 m, 12 m, 40 m]
where: (topology.kind == relay and devices.right.position[0] < 40 m) or (not (topology.kind == relay) and devices.right.position[0] == 40 and devices.left.position[0] == 2 m)
replications: 1
output: $tmp/w.h5
EOF
expect_rc 0 "$BTL" sweep "$tmp/sweeps/w.yaml" --list
out | grep -q "3 points x 1 replication = 3 runs" || fail "where --list: $(out)"
out | grep -q "point 2: .*dual_stream.*= 40 m" || fail "where keeps the wrong points: $(out)"
! out | grep -q "dual_stream.*= 6 m" || fail "where kept a point it excludes: $(out)"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/w.yaml" -q -j 2
/usr/bin/python3 - "$tmp/w.h5" <<'PY' || fail "where sweep file"
import sys, h5py
f = h5py.File(sys.argv[1])
assert list(f["points/index"][()]) == [0, 1, 2]
assert [v.split(",")[0] for v in f["points/topology"].asstr()[()]] == ["{kind: relay", "{kind: relay", "{kind: dual_stream"]
assert list(f["points/devices.right.position[0]"].asstr()[()]) == ["6 m", "12 m", "40 m"]
assert list(f["runs/status"].asstr()[()]) == ["ok"] * 3
PY
printf 'base: ../nosuch.yaml\nparameters: { duration: [1 s] }\n' > "$tmp/sweeps/bad.yaml"
expect_rc 2 "$BTL" sweep "$tmp/sweeps/bad.yaml"
err | grep -q "cannot read" || fail "missing base: $(err)"
# Every example sweep in scenarios/sweeps/ is valid at every point.
for f in "$SRC"/scenarios/sweeps/*.yaml; do
  expect_rc 0 "$BTL" sweep "$f" --dry-run
  expect_rc 0 "$BTL" validate "$f"  # validate knows a sweep by its keys
  out | grep -q ": ok (a sweep: [0-9]* points x [0-9]* replications)" || fail "validate $f: $(out)"
done
echo "sweep: ok"
