#!/usr/bin/env bash
# Whether a change to the engine changed any result: runs every example scenario (scenarios/*.yaml but the sweep
# and the schema, with their replications and time series on) with two builds and compares every dataset of the
# two result files byte for byte (tests/support/h5_identical.py; wall times, file paths -- scenario and input -- and
# the build's provenance -- git commit, source state -- ignored).
# Usage: bash bench/bit_identity.sh OLD_BTLINKSIM NEW_BTLINKSIM   (from the repository root; exit 1 on a difference)
set -uo pipefail
old=$(realpath "$1"); new=$(realpath "$2"); src=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0; n=0
for f in "$src"/scenarios/*.yaml; do
  b=$(basename "$f" .yaml)
  case $b in architectures | schema) continue ;; esac
  for which in old new; do
    mkdir -p "$tmp/$which"
    sed -e "s#^output: .*#output: { file: $tmp/$which/$b.h5, timeseries: true }#" "$f" > "$tmp/$which/$b.yaml"
    grep -q "^output:" "$tmp/$which/$b.yaml" || echo "output: { file: $tmp/$which/$b.h5, timeseries: true }" >> "$tmp/$which/$b.yaml"
    bin=$old; [ "$which" = new ] && bin=$new
    (cd "$tmp/$which" && "$bin" run "$b.yaml" -q -j 2 > /dev/null 2> "$b.err") || { echo "$b: the $which build failed: $(tail -1 "$tmp/$which/$b.err")"; bad=1; continue 2; }
  done
  if ! /usr/bin/python3 "$src/tests/support/h5_identical.py" --ignore /replications/wall_s --ignore /scenario/text \
      --ignore /@scenario_file --ignore /@input_path --ignore /@scenario_sha256 --ignore /@git_commit --ignore /@source "$tmp/old/$b.h5" "$tmp/new/$b.h5"; then
    bad=1
  fi
  n=$((n + 1))
done
[ "$bad" = 0 ] && echo "bit_identity: $n scenarios, every dataset identical" || echo "bit_identity: differences (above)"
exit "$bad"
