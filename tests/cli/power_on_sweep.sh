# The power-on race through a sweep (issue 13): the sweep file carries every run's link-formation rows, and the
# point whose offset equals the base scenario's (b on at 0 s) has exactly the rows `btlinksim run` gives for
# the base scenario, replication by replication. analysis/power_on_race.py, now one sweep, reads them back.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e "s#^output:.*##" "$SRC/scenarios/power_on_race.yaml" > "$tmp/base.yaml"
grep -q "power_on: 0 s" "$tmp/base.yaml" || fail "the base scenario no longer switches b on at 0 s"
printf 'output: { file: %s/run.h5 }\n' "$tmp" >> "$tmp/base.yaml"
cp -r "$SRC/scenarios/presets" "$tmp/" 2>/dev/null
printf 'base: base.yaml\nparameters: { devices.b.power_on: [10 s, 0 s] }\nreplications: 4\noutput: %s/s.h5\n' "$tmp" > "$tmp/s.yaml"
expect_rc 0 "$BTL" sweep "$tmp/s.yaml" -q -j 2
sed -i 's/^replications:.*/replications: 4/' "$tmp/base.yaml"
grep -q "^replications: 4" "$tmp/base.yaml" || printf 'replications: 4\n' >> "$tmp/base.yaml"
expect_rc 0 "$BTL" run "$tmp/base.yaml" -j 2 -q
/usr/bin/python3 - "$tmp" <<'PY' || fail "sweep formation rows differ from run's"
import sys, h5py, numpy as np
tmp = sys.argv[1]
s = h5py.File(f"{tmp}/s.h5")["formation"]
point, rep = s["point"][()], s["replication"][()]
assert set(point) == {0, 1}
run = h5py.File(f"{tmp}/run.h5")["formation"]
assert sorted(set(run["replication"][()])) == [0, 1, 2, 3]
for r in range(4):
    sel, mine = (point == 1) & (rep == r), run["replication"][()] == r
    for c in ("outcome", "time_to_link_s", "discovered_s", "handshake_s"):
        assert np.array_equal(s[c][()][sel], run[c][()][mine], equal_nan=True), (r, c)
    assert list(s["name"].asstr()[()][sel]) == list(run["name"].asstr()[()][mine])
PY
expect_rc 0 /usr/bin/python3 "$SRC/analysis/power_on_race.py" --btlinksim "$BTL" --offsets 0,10 --jobs 2
[ "$(out | grep -cE '^ +(0|10)\.0 +20 ')" -eq 2 ] || fail "power_on_race.py: $(out) $(err)"
echo "power-on race as a sweep: ok"
