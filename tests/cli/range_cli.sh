# `btlinksim range`: table, JSON, and bad options with exit status 2 naming the option and accepted values.
source "$(dirname "$0")/lib.bash"

expect_rc 0 "$BTL" range
out | grep -q "max range" || fail "table lacks max range"
out | grep -q "2-DH5" || fail "table lacks packet types"

# Hand-worked: class 2 (+4 dBm), log-distance n=3 with PL(1 m)=40.2 dB, sensitivity -90 dBm, no margin:
# d = 10^((4 + 90 - 40.2) / 30) = 62.1 m (the textbook budget at the datasheet sensitivity). The link criterion
# adds the 2-DH5 packet term (3.13 dB, tests/unit/test_link_criterion.cpp): 10^((4 + 90 - 3.126 - 40.2) / 30) = 48.9 m.
expect_rc 0 "$BTL" range --json --class 2 --exponent 3 --reference-loss 40.2 --sensitivity -90 --fade-margin 0
/usr/bin/python3 - "$(out)" <<'PY' || fail "JSON check"
import json, sys
r = json.loads(sys.argv[1])
assert abs(r["max_range_at_sensitivity_m"] - 62.1) < 0.1, r["max_range_at_sensitivity_m"]
assert abs(r["max_range_m"] - 10 ** ((4 + 90 - 3.126 - 40.2) / 30)) < 0.05, r["max_range_m"]
assert abs(r["link_margin_db"] - (r["rx_power_dbm"] - r["required_rx_dbm"])) < 1e-9
assert abs(r["tx_power_dbm"] - 4) < 1e-9
assert [p["packet"] for p in r["packets"]] == ["2-DH1", "2-DH3", "2-DH5"], r["packets"]  # the edr2m types only
PY

# PER rises strictly with distance for 3-DH5 near the edge of the 8DPSK link (received power -84 .. -88 dBm,
# sensitivity -86 dBm): each step must raise it, and none may reach 0 or 1 there.
prev=0
for d in 40 45 50 55; do
  expect_rc 0 "$BTL" range --json --phy edr3m --distance "$d m"
  per=$(/usr/bin/python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print([p["per"] for p in r["packets"] if p["packet"]=="3-DH5"][0])' "$(out)")
  /usr/bin/python3 -c "import sys; sys.exit(0 if $prev < $per < 1 else 1)" || fail "PER did not rise from $prev at $d m: $per"
  prev=$per
done

# --phy br lists the BR packet types only; LE goodput: 251 B per data PDU + T_IFS + empty PDU + T_IFS
# = 2088 + 150 + 80 + 150 us on LE 1M: 8 * 251 / 2468 us = 813.6 kb/s at PER 0 (1 m).
expect_rc 0 "$BTL" range --json --phy br
/usr/bin/python3 -c 'import json,sys; r=json.loads(sys.argv[1]); n=[p["packet"] for p in r["packets"]]; assert n==["DM1","DH1","DM3","DH3","DM5","DH5"], n' "$(out)" || fail "--phy br rows"
expect_rc 0 "$BTL" range --json --phy le1m --distance 1m
/usr/bin/python3 - "$(out)" <<'PY' || fail "LE goodput"
import json, sys
p = [x for x in json.loads(sys.argv[1])["packets"] if x["payload_bytes"] == 251][0]
assert p["per"] == 0 and abs(p["goodput_bps"] - 8 * 251 / 2468e-6) < 1, p
PY
expect_rc 2 "$BTL" range --phy wifi
err | grep -q -- "--phy" || fail "message does not name the option"
err | grep -q "br, edr2m" || fail "message does not list accepted values"
expect_rc 2 "$BTL" range --distance "5 parsecs"
err | grep -q "m, cm, mm, km" || fail "unit message"
expect_rc 2 "$BTL" range --fade-margin 99
err | grep -q "out of range" || fail "range message"
expect_rc 2 "$BTL" range --no-such-option
expect_rc 2 "$BTL"
expect_rc 0 "$BTL" range --help
out | grep -q "default: 8 m" || fail "help lacks defaults"
echo "range CLI: all checks passed"

# Options of the scenario mode are never silently ignored, nor is a bracket the bisection cannot search, nor
# the source given as the device to move (issue 16: each was accepted before).
expect_rc 2 "$BTL" range --min 3
err | grep -q -- "--min applies to the scenario mode" || fail "--min without --vary: $(err)"
expect_rc 2 "$BTL" range --distance 10m --tolerance 1
err | grep -q -- "--tolerance applies to the scenario mode" || fail "--tolerance without --vary: $(err)"
expect_rc 2 "$BTL" range "$SRC/scenarios/relay.yaml" --vary phone
err | grep -q "that is the source; vary a speaker" || fail "--vary the source: $(err)"
expect_rc 2 "$BTL" range "$SRC/scenarios/relay.yaml" --vary right --min 1 --max 2 --tolerance 5
err | grep -q "not narrower than the bracket" || fail "--tolerance wider than the bracket: $(err)"
expect_rc 2 "$BTL" range "$SRC/scenarios/relay.yaml" --vary right --min 50 --max 20
err | grep -q "must be below --max" || fail "--min above --max: $(err)"
