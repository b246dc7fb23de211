#!/usr/bin/env bash
# Refactoring check: runs every example scenario (or the ones given) with two btlinksim executables, each
# replication's HDF5 file with the time series, and compares them: every dataset of the old file must be in the
# new one with the same type and values (h5diff's comparison, NaN equal to NaN), every attribute of the old
# file must be in the new one with the same value (the root's provenance -- commit, wall time -- excepted);
# attributes the new file adds (e.g. column descriptions) are listed, not counted as differences.
# Exit 0 when all datasets are identical.
# Usage: tests/compare_results.sh OLD_BTLINKSIM NEW_BTLINKSIM [scenario.yaml ...]
set -u
old=$(realpath "$1"); new=$(realpath "$2"); shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
files=("$@"); [ ${#files[@]} -gt 0 ] || files=("$src"/scenarios/*.yaml)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0
for f in "${files[@]}"; do
  n=$(basename "$f" .yaml)
  for side in old new; do
    mkdir -p "$tmp/$side/presets"
    cp "$(dirname "$f")"/presets/*.yaml "$tmp/$side/presets/" 2>/dev/null
    grep -v '^output:' "$f" > "$tmp/$side/$n.yaml"
    echo "output: { file: $n.h5, timeseries: true }" >> "$tmp/$side/$n.yaml"   # same text on both sides
    exe=$old; [ $side = new ] && exe=$new
    (cd "$tmp/$side" && "$exe" run "$n.yaml" -j 2 > "$n.txt" 2>&1) || { echo "$n: $side run failed"; cat "$tmp/$side/$n.txt"; bad=1; }
  done
  for a in "$tmp"/old/"$n"*.h5; do
    b="$tmp/new/$(basename "$a")"
    if /usr/bin/python3 - "$a" "$b" > "$tmp/diff.txt" 2>&1 <<'PY'
import sys, h5py, numpy as np
old, new = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
bad, added = [], set()
def same(x, y):
    if x.dtype.kind in "OSU" or y.dtype.kind in "OSU":
        return x.shape == y.shape and list(np.ravel(x)) == list(np.ravel(y))
    return x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True)
def visit(name, o):
    if name not in new:
        bad.append(f"/{name} missing"); return
    if isinstance(o, h5py.Dataset) and not same(o[()], new[name][()]):
        bad.append(f"/{name} differs")
    for k, v in o.attrs.items():
        if k not in new[name].attrs or not np.array_equal(np.asarray(v), np.asarray(new[name].attrs[k])):
            bad.append(f"/{name} attribute {k} differs")
    added.update(k for k in new[name].attrs if k not in o.attrs)
old.visititems(visit)
print("\n".join(bad) if bad else "identical" + (f" (new attributes: {', '.join(sorted(added))})" if added else ""))
sys.exit(1 if bad else 0)
PY
    then
      echo "$(basename "$a"): $(cat "$tmp/diff.txt")"
    else
      echo "$(basename "$a"): DIFFERS"; head -20 "$tmp/diff.txt"; bad=1
    fi
  done
done
exit $bad
