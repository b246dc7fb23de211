#!/usr/bin/env bash
# Mutation check (issue 23): applies each mutation of tests/mutation/mutations.txt to the source tree in turn,
# rebuilds build/ incrementally and runs the suite (ctest --stop-on-failure): the unit tests, then the cli tests
# the entry names (its fifth field, a ctest -R regex), then, only if all of those pass, every test; a mutation the
# suite does not fail "survives". Every file is restored from a copy afterwards (also on interruption) and build/
# rebuilt from the original sources. Prints one line per mutation and the kill rate; exits 1 if any mutation survives or a
# mutation no longer applies (the text moved: update mutations.txt).
# Usage: bash tests/mutation/run.sh   (from the repository root, after bash .ci/setup; ~20 s per mutation killed)
#        MUTATIONS=REGEX bash tests/mutation/run.sh   (only the entries whose reason matches REGEX)
set -uo pipefail
cd "$(dirname "$0")/../.."
list=tests/mutation/mutations.txt
backup=$(mktemp -d)
# Restored with a new time stamp (cp -p kept the old one, older than the mutated object: make then kept the mutant)
restore() { if [ -n "${current:-}" ]; then cp "$backup/current" "$current"; touch "$current"; current=""; fi; }
trap 'restore; rm -rf "$backup"' EXIT
trap 'restore; exit 130' INT TERM
killed=0; total=0; survivors=(); stale=()
# One tier of the suite: its name in $stage, ctest's log in $backup/ctest.log; fails when a test fails.
tier() { stage=$1; shift; ctest --test-dir build --stop-on-failure -j 2 "$@" > "$backup/ctest.log" 2>&1 < /dev/null; }
while IFS= read -r line <&3; do  # fd 3: ctest and cmake must not read the list from stdin
  case "$line" in ''|'#'*) continue ;; esac
  file=$(awk -F' \\|\\|\\| ' '{print $1}' <<< "$line")
  why=$(awk -F' \\|\\|\\| ' '{print $4}' <<< "$line")
  hint=$(awk -F' \\|\\|\\| ' '{print $5}' <<< "$line")
  [ -z "${MUTATIONS:-}" ] || grep -qE -- "$MUTATIONS" <<< "$why" || continue
  total=$((total + 1))
  cp -p "$file" "$backup/current"; current=$file
  if ! /usr/bin/python3 - "$file" "$line" <<'PY'
import sys
path, line = sys.argv[1], sys.argv[2]
_, old, new = line.split(" ||| ")[:3]
text = open(path, encoding="utf-8").read()
if text.count(old) != 1:
    sys.exit(f"{path}: the text to mutate occurs {text.count(old)} times: {old}")
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
  then
    stale+=("$why"); restore; continue
  fi
  if ! cmake --build build -j "$(nproc)" > "$backup/build.log" 2>&1 < /dev/null; then
    verdict="killed (does not compile)"; killed=$((killed + 1))
  # The fast tier first: the unit tests (4 s), then the cli tests the entry names as its expected killers (field
  # 5). Only when all of those pass does the whole suite run, so a survivor has passed every test; the tiers only
  # save running the long cli tests before the one that fails.
  elif ! tier "unit tests" -E '^cli\.' || { [ -n "$hint" ] && ! tier "named tests" -R "$hint"; } \
       || ! tier "whole suite"; then
    first=$(grep -m1 -oE '[0-9]+ - [^(]+\(Failed|Timeout|SEGFAULT|Subprocess aborted\)' "$backup/ctest.log" | head -1)
    [ -n "$first" ] || first=$(grep -m1 -E '\*\*\*(Failed|Timeout|Exception)' "$backup/ctest.log")
    first=${first% (Failed}
    verdict="killed by ${first:-a failing test} [$stage]"; killed=$((killed + 1))
  else
    verdict="SURVIVED"; survivors+=("$file: $why")
  fi
  printf '%-34s %-44s %s\n' "$file" "$why" "$verdict"
  restore
done 3< "$list"
cmake --build build -j "$(nproc)" > /dev/null 2>&1 || { echo "mutation: rebuilding the original sources failed"; exit 1; }
echo "mutation: $killed of $total killed"
[ ${#stale[@]} -eq 0 ] || { printf 'mutation: no longer applies: %s\n' "${stale[@]}"; exit 1; }
[ ${#survivors[@]} -eq 0 ] || { printf 'mutation: survived: %s\n' "${survivors[@]}"; exit 1; }
