#!/usr/bin/env bash
# Scaling tables of docs/performance.md: wall time and peak memory of `btlinksim run` (one replication, no
# output file) against the number of speakers (a relay chain of N speakers 1 m apart, 1 min of audio), against
# the simulated duration (the flagship relay, 1 min ... 10 h), and of a sweep against its workers (-j).
# Usage: bash bench/scaling.sh BTLINKSIM [quick]   (from the repository root; prints markdown tables)
set -euo pipefail
btl=$(realpath "$1"); quick=${2:-}
src=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
measure() {  # file -> "wall_s peak_rss_MB engine_s hops"
  local out
  out=$(/usr/bin/time -f "TIME %e %M" "$btl" run "$1" 2>&1 >/dev/null; "$btl" run "$1" 2>/dev/null | grep "engine wall time" || true)
  local wall rss
  wall=$(echo "$out" | awk '/^TIME/ {print $2}'); rss=$(echo "$out" | awk '/^TIME/ {printf "%.1f", $3 / 1024}')
  local eng hops
  eng=$(echo "$out" | sed -n 's/.*engine wall time \([0-9.]*\) s.*/\1/p' | head -1)
  hops=$(echo "$out" | sed -n 's/.* \([0-9]*\) packet-hops.*/\1/p' | head -1)
  echo "$wall $rss $eng $hops"
}
source "$src/bench/chain_lib.bash"
chain() { write_chain "$1" "$2" "1 s" "$tmp/chain$1.yaml"; echo "$tmp/chain$1.yaml"; }  # N duration -> file
echo "### Against the number of speakers (relay chain, 1 min of audio, 1 replication)"
echo "| speakers | packet-hops | wall s (process) | engine s | engine ns per hop | peak RSS MB |"
echo "|---|---|---|---|---|---|"
for n in 2 10 100 1000; do
  read -r wall rss eng hops < <(measure "$(chain "$n" "1 min")")
  echo "| $n | $hops | $wall | $eng | $(awk -v e="$eng" -v h="$hops" 'BEGIN { printf "%.0f", e / h * 1e9 }') | $rss |"
done
echo
echo "### Against the simulated duration (flagship relay, scenarios/relay.yaml, 1 replication)"
echo "| audio | packet-hops | wall s (process) | engine s | real time / wall | peak RSS MB |"
echo "|---|---|---|---|---|---|"
durs="1 10 60 600"; [ -n "$quick" ] && durs="1 10"
for m in $durs; do
  sed -e "s#^duration: .*#duration: $m min#" -e 's#^replications: .*#replications: 1#' -e 's#^output: .*##' \
      "$src/scenarios/relay.yaml" > "$tmp/relay_$m.yaml"
  read -r wall rss eng hops < <(measure "$tmp/relay_$m.yaml")
  echo "| $m min | $hops | $wall | $eng | $(awk -v e="$eng" -v m="$m" 'BEGIN { printf "%.0f", m * 60 / e }')x | $rss |"
done
echo
echo "### A sweep against its workers (16 runs of 30 min of flagship relay audio)"
echo "| -j | wall s | speed-up |"
echo "|---|---|---|"
cp "$src/scenarios/relay.yaml" "$tmp/base.yaml"
printf 'base: base.yaml\nparameters:\n  seed: { from: 1, to: 8, step: 1 }\n  duration: [30 min]\nreplications: 2\noutput: %s/sw.h5\n' "$tmp" > "$tmp/sw.yaml"
w1=""
for j in 1 2; do
  rm -rf "$tmp/sw.h5" "$tmp/sw.h5.runs"
  s=$(date +%s.%N); "$btl" sweep "$tmp/sw.yaml" -j "$j" -q > /dev/null; e=$(date +%s.%N)
  w=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'); [ -z "$w1" ] && w1=$w
  echo "| $j | $w | $(awk -v a="$w1" -v b="$w" 'BEGIN { printf "%.2f", a / b }')x |"
done
