# btlinksim range SCENARIO --vary DEVICE: runs, is deterministic whatever -j, stays in the searched interval,
# orders Class 1 above Class 2, and rejects bad input with exit 2.
source "$(dirname "$0")/lib.bash"
args=(range "$SRC/scenarios/range_class2.yaml" "$SRC/scenarios/range_class1.yaml" --vary speaker --replications 3
      --max 300 --tolerance 1 --json)
expect_rc 0 "$BTL" "${args[@]}" -j 1; one=$(out)
expect_rc 0 "$BTL" "${args[@]}" -j 2; two=$(out)
[ "$one" = "$two" ] || fail "range differs between -j 1 and -j 2"
/usr/bin/python3 - "$one" <<'PY' || exit 1
import json, sys
r = json.loads(sys.argv[1])["ranges"]
c2, c1 = r[0], r[1]
for x in r:
    assert len(x["per_replication_m"]) == 3, x
    assert all(0.5 <= d <= 300 for d in x["per_replication_m"]), x
# Class 1 (+20 dBm) has 16 dB more than Class 2 (+4 dBm): with n = 3 that is 10^(16/30) = 3.4145x the distance
# for the same median power. Replication k of both draws the same shadowing and fading (common random numbers),
# so each replication's ratio is that factor, within the bisection's 1 m brackets -- or class 1 reaches the
# search's 300 m end, which the factor must then predict.
want = 10 ** (16 / 30)
uncensored = 0
for d2, d1 in zip(c2["per_replication_m"], c1["per_replication_m"]):
    if d1 < 299:
        uncensored += 1
        assert abs(d1 / d2 - want) <= want * (1 / d2 + 1 / d1), (d2, d1, d1 / d2)
    else:
        assert d2 * want >= 299 - want, (d2, d1)
assert uncensored >= 1, "no replication below the search's end: the ratio went untested"
ratio = c1["range_mean_m"] / c2["range_mean_m"]
assert abs(c1["link_budget_range_m"] / c2["link_budget_range_m"] - 10 ** (16 / 30)) < 0.01
print("class 2 %.1f m, class 1 %.1f m, ratio %.2f" % (c2["range_mean_m"], c1["range_mean_m"], ratio))
PY
# The link budget along the line counts the walls it crosses: right moves away from left through the heavy wall
# at x = 5 (6.9 dB, COST 231): d = 10^((4 + 90 - 3.126 - PL(1 m) - 6.9) / 30) with PL(1 m) the free-space loss at
# 2.44 GHz and 3.126 dB the 2-DH5 packet term of the link criterion (tests/unit/test_link_criterion.cpp).
expect_rc 0 "$BTL" range "$SRC/scenarios/relay_through_wall.yaml" --vary right --replications 2 --max 60 --tolerance 2 --json
/usr/bin/python3 - "$(out)" <<'PY' || fail "budget through the wall"
import json, math, sys
r = json.loads(sys.argv[1])["ranges"][0]
pl0 = 20 * math.log10(4 * math.pi * 2.44e9 / 299792458.0)
want = 10 ** ((4 + 90 - 3.12610 - pl0 - 6.9) / 30)
assert abs(r["link_budget_range_m"] - want) < 1e-3, (r["link_budget_range_m"], want)
assert r["budget_walls_and_floors_db"] == 6.9, r["budget_walls_and_floors_db"]
print("budget through the wall %.3f m (hand %.3f m)" % (r["link_budget_range_m"], want))
PY
expect_rc 2 "$BTL" range "$SRC/scenarios/range_class2.yaml" --vary nosuch
err | grep -q "no such device" || fail "unknown --vary device not reported: $(err)"
expect_rc 2 "$BTL" range "$SRC/scenarios/range_class2.yaml"
err | grep -q -- "--vary" || fail "missing --vary not reported: $(err)"
expect_rc 2 "$BTL" range "$SRC/scenarios/walking_away.yaml" --vary phone
err | grep -q "moves" || fail "moving device not refused: $(err)"
echo "range scenarios ok"
