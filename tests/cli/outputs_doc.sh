# docs/outputs.md is generated from the output declarations and must be current; every column the HDF5 file
# holds is declared there with the same unit.
source "$(dirname "$0")/lib.bash"
expect_rc 0 "$BTL" outputs
diff <(out) "$SRC/docs/outputs.md" >&2 || fail "docs/outputs.md is stale: run 'build/btlinksim outputs > docs/outputs.md'"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed -e 's/duration: 10 min/duration: 5 s/' -e "\$a output: { file: $tmp/r.h5 }" -e 's/replications: 5/replications: 1/' \
  "$SRC/scenarios/relay.yaml" > "$tmp/r.yaml"
echo "preset: jbl_partyboost" >> "$tmp/r.yaml"; mkdir -p "$tmp/presets"; cp "$SRC"/scenarios/presets/*.yaml "$tmp/presets/"
sed -i 's#output: { file: \(.*\) }#output: { file: \1, timeseries: true }#' "$tmp/r.yaml"
expect_rc 0 "$BTL" run "$tmp/r.yaml"
/usr/bin/python3 - "$tmp/r.h5" "$SRC/docs/outputs.md" <<'PY' || fail "HDF5 columns do not match the declarations"
import re, sys, h5py
doc, table, decl = open(sys.argv[2]).read(), None, {}
for line in doc.splitlines():
    m = re.match(r"## `/(\w+)`", line)
    if m: table = m.group(1)
    m = re.match(r"\| `(\w+)` \| ([^|]+) \|", line)
    if m and table: decl[(table, m.group(1))] = m.group(2).strip()
f = h5py.File(sys.argv[1])
seen = 0
for g in ("sinks", "links", "devices", "formation", "outages", "timeseries", "replications", "walls", "latency_cdf"):
    assert g in f, g
    for name, ds in f[g].items():
        if name == "name": continue
        unit = ds.attrs.get("units", "text")
        assert decl.get((g, name)) == unit, (g, name, unit, decl.get((g, name)))
        assert len(ds.attrs["description"]) > 10, (g, name)
        assert 3 <= len(ds.attrs["label"]) <= 60 and ":" not in ds.attrs["label"], (g, name, ds.attrs["label"])
        seen += 1
assert seen == len(decl), (seen, len(decl))
print(f"{seen} columns declared, written with their units and descriptions")
PY
echo "outputs doc current"
