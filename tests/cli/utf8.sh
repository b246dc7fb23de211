# Text is UTF-8 end to end (issue 23, item 2): a scenario titled "café" with a time in µs runs, and its title reads
# back as text from the result file (HDF5 strings are UTF-8) in the summary, the report and the Python loaders.
# Bytes that are not UTF-8 are refused by the loader with their line and column (tests/scenarios/bad/latin1.yaml).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e 's/^scenario: .*/scenario: café, relay — 5 µs/' -e 's/duration: 10 min/duration: 20 s/' -e 's/replications: 5/replications: 2/' \
    -e "\$a output: { file: $tmp/café.h5 }" \
    -e 's/position: \[0, 0\] }/position: [0, 0], encoder_tick: 20000 µs }/' "$SRC/scenarios/relay.yaml" > "$tmp/café.yaml"
grep -q "encoder_tick: 20000 µs" "$tmp/café.yaml" || fail "test setup: no µs in the scenario"
expect_rc 0 "$BTL" run "$tmp/café.yaml" -q
out | grep -qF "== café, relay — 5 µs" || fail "console title: $(out | head -1)"
expect_rc 0 "$BTL" report "$tmp/café.h5" -o "$tmp/r.html"
grep -qF "café, relay — 5 µs" "$tmp/r.html" || fail "the report lost the title"
PYTHONPATH="$SRC/analysis" /usr/bin/python3 - "$tmp/café.h5" <<'PY' || fail "Python loaders"
import sys, h5py, btlinksim
run = btlinksim.load_run(sys.argv[1])
prov, tables = run.provenance, run.tables
assert prov["title"] == "café, relay — 5 µs", prov["title"]
f = h5py.File(sys.argv[1])
assert "encoder_tick: 20000 µs" in f["scenario/text"].asstr()[0]
assert f["scenario/text"].id.get_type().get_cset() == h5py.h5t.CSET_UTF8
assert list(tables["sinks"]["sink"].unique()) == ["left", "right"]
PY
echo "utf8: a UTF-8 title and unit run, read back in the report and in Python"
