#!/usr/bin/env bash
# Refactoring check: runs every example scenario (or the ones given) with two btlinksim executables, each
# replication's HDF5 file with the time series, and compares them with h5diff (datasets and their attributes;
# the root's provenance attributes -- commit, wall time -- are excluded). Exit 0 when all are identical.
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
    if h5diff --exclude-attribute / "$a" "$b" > "$tmp/diff.txt" 2>&1; then
      echo "$(basename "$a"): identical"
    else
      echo "$(basename "$a"): DIFFERS"; head -20 "$tmp/diff.txt"; bad=1
    fi
  done
done
exit $bad
