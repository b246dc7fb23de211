# Summaries that are true of every replication they count (issue 12). Each check failed on the commit before:
# - JBL with b on firmware 4.1.0 (below PartyBoost's 4.2.1): the speakers never link, b never plays; the old
#   summary said "all sinks playing in 5 of 5" and showed b with 0 dropouts;
# - the formation outcome was averaged as a number in --json (0.8 ± 1.36); now it is counted per category;
# - a link whose page was cut short by the end of the run said "not attempted".
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/presets"; cp "$SRC"/scenarios/presets/*.yaml "$tmp/presets/"
sed -e 's/b: { role: speaker, position: \[6, 1\], channel: right, power_on: 5 s }/b: { role: speaker, position: [6, 1], channel: right, power_on: 5 s, firmware: 4.1.0 }/' \
  "$SRC/scenarios/jbl_partyboost.yaml" > "$tmp/old_fw.yaml"
grep -q "firmware: 4.1.0" "$tmp/old_fw.yaml" || fail "scenario edit did not apply"
expect_rc 0 "$BTL" run "$tmp/old_fw.yaml" -j 2
out | grep -q "every sink played in 0 of 5 replications" || fail "all-play count: $(out)"
out | grep -E "^b +0/5 +- " | grep -q "NEVER PLAYED" || fail "b not shown as never played: $(out)"
out | grep -E "^a<->b +0 +0 +5 " | grep -q "incompatible" || fail "outcome counts or reason: $(out)"
expect_rc 0 "$BTL" run "$tmp/old_fw.yaml" -j 2 --json
/usr/bin/python3 - "$(out)" <<'PY' || fail "JSON"
import json, sys
s = json.loads(sys.argv[1])[0]
assert s["replications"] == 5 and s["all_played"] == 0, s
sinks = {r["name"]: r for r in [t for t in s["tables"] if t["table"] == "sinks"][0]["rows"]}
assert sinks["b"]["dropouts"]["n"] == 0 and sinks["b"]["skew_max_s"]["n"] == 0, sinks["b"]
assert sinks["b"]["silent_s"]["mean"] > 60, sinks["b"]          # the whole run: 60 s + 150 ms
assert sinks["a"]["dropouts"]["n"] == 5, sinks["a"]
form = {r["name"]: r for r in [t for t in s["tables"] if t["table"] == "formation"][0]["rows"]}
assert form["a<->b"]["outcome"] == {"stereo": 0, "mono": 0, "failed": 5}, form["a<->b"]["outcome"]
assert "incompatible" in form["a<->b"]["reasons"], form["a<->b"]
PY
# A run too short for the page: the host's link is reported as cut short, never as "not attempted".
sed -e 's/duration: 60 s/duration: 3.5 s/' "$SRC/scenarios/jbl_partyboost.yaml" > "$tmp/short.yaml"
expect_rc 0 "$BTL" run "$tmp/short.yaml" -j 2
out | grep -E "^phone->a " | grep -q "when the run ended" || fail "cut-short link: $(out)"
out | grep -q "not attempted" && fail "'not attempted' for an attempted link: $(out)"
# compare prints one side-by-side table (it printed the scenarios one after another): one header, a column per
# scenario, the difference to A with whether the 95 % intervals separate.
sed -e 's/duration: 10 min/duration: 30 s/' -e '/^output:/d' "$SRC/scenarios/relay.yaml" > "$tmp/r.yaml"
sed -e 's/duration: 10 min/duration: 30 s/' -e '/^output:/d' "$SRC/scenarios/dual_stream.yaml" > "$tmp/d.yaml"
expect_rc 0 "$BTL" compare "$tmp/r.yaml" "$tmp/d.yaml" -j 2
[ "$(out | grep -c '^== compare')" -eq 1 ] && [ "$(out | grep -c '^== ')" -eq 2 ] || fail "compare is not one table and its verdict: $(out)"
out | grep -qE '^metric +A +B +B - A$' || fail "compare header: $(out | head -5)"
out | grep -E '^sink right: skew max ms ' | grep -q '(separate)' || fail "skew row: $(out)"
out | grep -E '^link left->right: PER ' | grep -q '(none)' || fail "a link only A has: $(out)"
echo "summary: ok"
