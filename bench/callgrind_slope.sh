#!/usr/bin/env bash
# Instructions per packet-hop by function, as the slope between two simulated durations (start-up cancels out):
# callgrind runs `btlinksim run` on one replication of SCENARIO at D1 and D2 seconds, takes the replication
# child's profile (the largest), and divides each function's self cost difference by the difference of
# packet-hops (which the run prints). The method of docs/performance.md ("Speed toward the limit").
# Usage: bash bench/callgrind_slope.sh BTLINKSIM SCENARIO D1 D2 [TOP]   (needs valgrind; D1 < D2, in seconds)
set -euo pipefail
btl=$(realpath "$1"); sc=$2; d1=$3; d2=$4; top=${5:-30}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for d in "$d1" "$d2"; do
  sed -e "s#^duration:.*#duration: $d s#" -e 's#^replications:.*#replications: 1#' -e 's#^output:.*##' "$sc" > "$tmp/s_$d.yaml"
  grep -q "^replications" "$tmp/s_$d.yaml" || echo "replications: 1" >> "$tmp/s_$d.yaml"
  "$btl" run "$tmp/s_$d.yaml" -q 2>&1 | sed -n 's/.* \([0-9]*\) packet-hops.*/\1/p' | head -1 > "$tmp/hops_$d"
  mkdir -p "$tmp/cg_$d"
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$tmp/cg_$d/cg.%p" "$btl" run "$tmp/s_$d.yaml" -q > /dev/null 2>&1
  big=$(for x in "$tmp/cg_$d"/cg.*; do echo "$(grep '^summary:' "$x" | awk '{print $2}') $x"; done | sort -n | tail -1 | awk '{print $2}')
  callgrind_annotate --auto=no --threshold=100 "$big" 2> /dev/null > "$tmp/prof_$d.txt"
done
/usr/bin/python3 - "$tmp/prof_$d1.txt" "$tmp/prof_$d2.txt" "$(cat "$tmp/hops_$d1")" "$(cat "$tmp/hops_$d2")" "$top" <<'PY'
import re, sys
def load(path):
    d = {}
    for line in open(path):
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*)", line)
        if m and "PROGRAM TOTALS" not in line:
            k = re.sub(r" \[.*\]$", "", m.group(2))
            d[k] = d.get(k, 0) + int(m.group(1).replace(",", ""))
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
hops = float(sys.argv[4]) - float(sys.argv[3])
if hops <= 0:
    sys.exit("callgrind_slope: the longer run has no more packet-hops than the shorter one")
rows = sorted((((b.get(k, 0) - a.get(k, 0)) / hops, k) for k in set(a) | set(b)), reverse=True)
print(f"instructions per packet-hop: {sum(x for x, _ in rows):.0f} ({hops:.0f} hops between the two runs)")
for x, k in rows[: int(sys.argv[5])]:
    print(f"{x:8.1f}  {k[:160]}")
PY
