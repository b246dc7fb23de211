#!/usr/bin/env bash
# Per-hop cost of a relay chain at 100 and 1,000 speakers (issue 27 item 4; docs/performance.md), the marginal
# cost: (engine time of a long run - that of a short run) / (their difference in packet-hops), so the set-up and
# the tables (fixed per run, linear in speakers) do not count as hops. Both sizes run the same number of
# packet-hops (the 100-speaker chain ten times as long: 300 s and 1,200 s against 30 s and 120 s), and the engine
# time is read from the result file (/replications/wall_s, to the nanosecond; the console shows milliseconds,
# a 3 % step of the 100-speaker chain's 36 ms difference). Each point is the fastest of REPS runs (default 5;
# the machine's noise only adds). Two playout delays: 1 s (issue 11's chain: the 1,000-speaker chain's far half
# is then always late, and each of its sinks accounts dropouts per packet) and one that covers the chain
# (N x 4 ms + 1 s: every sink plays, the same work per hop at both sizes).
# Usage: bash bench/chain_per_hop.sh build/btlinksim [REPS]   (from the repository root; prints a markdown table)
set -euo pipefail
btl=$(realpath "$1"); reps=${2:-5}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/chain_lib.bash"
chain() {  # N duration_s playout_s -> scenario file
  local f="$tmp/chain_$1_$2_$3.yaml"
  write_chain "$1" "$2 s" "$3 s" "$f" "${f%.yaml}.h5"
  echo "$f"
}
best() {  # file -> "engine_s hops" (fastest of reps)
  local b="" h="" out e
  for _ in $(seq 1 "$reps"); do
    out=$("$btl" run "$1" 2>/dev/null | grep "engine wall time")
    h=$(echo "$out" | sed -n 's/.* \([0-9]*\) packet-hops.*/\1/p')
    e=$(/usr/bin/python3 -c 'import h5py, sys; print("%.9f" % h5py.File(sys.argv[1], "r")["replications/wall_s"][0])' "${1%.yaml}.h5")
    if [ -z "$b" ] || awk -v a="$e" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$e; fi
  done
  echo "$b $h"
}
echo "| playout delay | speakers | duration s | hops (short / long) | engine s (short / long, best of $reps) | marginal ns per hop |"
echo "|---|---|---|---|---|---|"
for mode in short covering; do
  declare -A per=()
  for n in 100 1000; do
    p=1; [ "$mode" = covering ] && p=$(awk -v n="$n" 'BEGIN { print n * 0.004 + 1 }')
    d1=$((30000 / n)); d2=$((120000 / n))
    read -r e1 h1 < <(best "$(chain "$n" "$d1" "$p")")
    read -r e2 h2 < <(best "$(chain "$n" "$d2" "$p")")
    per[$n]=$(awk -v a="$e1" -v b="$e2" -v x="$h1" -v y="$h2" 'BEGIN { printf "%.1f", (b - a) / (y - x) * 1e9 }')
    echo "| $p s | $n | $d1 / $d2 | $h1 / $h2 | $(printf '%.4f / %.4f' "$e1" "$e2") | ${per[$n]} |"
  done
  echo "| | **1,000 / 100** | | | | **$(awk -v a="${per[1000]}" -v b="${per[100]}" 'BEGIN { printf "%.2f", a / b }')x** |"
done
