# docs/engineer.md's commands run as written (issue 22): every line of its ```sh blocks, in order, from a copy of the
# repository's scenarios and analysis with build/ pointing at this build, each must exit 0. Then what the page says
# of their output is checked.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
run_doc_commands "$SRC/docs/engineer.md" 8
o() { cat "$tmp/out$1.txt"; }
# 1. both designs check without a warning
o 1 | grep -q "warning" && fail "validate warned: $(o 1)"
[ "$(o 1 | grep -c ': ok')" -eq 2 ] || fail "validate: $(o 1)"
# 2. the verdict, criterion by criterion
v() { o 2 | grep "^$1 "; }
v dropouts | grep -qF -- "-> no difference at 95 %" || fail "dropouts: $(v dropouts)"
v "end-to-end latency" | grep -qF -- "-> A (kitchen, relay) better" || fail "latency: $(v 'end-to-end latency')"
v skew | grep -qF -- "-> A (kitchen, relay) better" || fail "skew: $(v skew)"
v battery | grep -qF -- "-> B (kitchen, dual stream) better" || fail "battery: $(v battery)"
o 2 | grep -qE "^sink kitchen: stereo image intact \(<= 50 us\) in +5/5 +0/5" || fail "stereo image: $(o 2 | grep intact)"
/usr/bin/python3 - "$tmp/out2.txt" <<'PY' || fail "latency and PER figures the page quotes"
import re, sys
t = open(sys.argv[1]).read()
a, b = (float(x) for x in re.search(r"^end-to-end latency\s+A ([\d.]+) .*?; B ([\d.]+) ", t, re.M).groups())
assert 150 < a < 154 and 180 < b < 198, (a, b)          # "≈ 152 ms against ≈ 189 ms"
per = float(re.search(r"^link phone->kitchen: PER\s+\(none\)\s+([\d.]+)", t, re.M).group(1))
assert 0.15 < per < 0.45, per                            # "about 30 % of its attempts"
PY
# 3. range: the relay reaches further; the budgets by hand (max path loss 90.87 and 81.87 dB, 6.9 dB of wall)
/usr/bin/python3 - "$tmp/out3.txt" <<'PY' || fail "range figures"
import math, re, sys
t = open(sys.argv[1]).read()
rows = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in
        re.finditer(r"^kitchen, (relay|dual stream)\s+\S+\s+\S+\s+([\d.]+) ±.*?([\d.]+)$", t, re.M)}
(rr, rb), (dr, db) = rows["relay"], rows["dual stream"]
pl0 = 20 * math.log10(4 * math.pi * 2.44e9 / 299792458.0)
for budget, mpl in ((rb, 90.874), (db, 81.874)):
    assert abs(budget - 10 ** ((mpl - pl0 - 6.9) / 30)) < 0.02, (budget, mpl)
assert rr > dr > db and rr > rb, rows                     # relay further; both beyond their budget (ARQ)
assert "= maximum path loss                                      90.87 dB" in t and "81.87 dB" in t
print("range: relay %.1f m (budget %.2f), dual %.1f m (budget %.2f)" % (rr, rb, dr, db))
PY
# 4. air time: the warning before the run, the cause after it
o 5 | grep -qF "warning: radio of 'living' needs 108 % of the air time" || fail "2-DH3 warning: $(o 5)"
o 6 | grep -qE "^living +dropouts: air time [0-9.]+" || fail "cause line: $(o 6)"
o 6 | grep -qE "^kitchen +dropouts: air time [0-9.]+" || fail "cause line: $(o 6)"
/usr/bin/python3 -c "
import re, sys
t = open(sys.argv[1]).read()
for s in ('living', 'kitchen'):
    m = float(re.search(r'^' + s + r'\s+\S+\s+\S+\s+\S+\s+([\d.]+)±', t, re.M).group(1))
    assert 650 < m < 800, (s, m)   # about 730 dropouts/min
" "$tmp/out6.txt" || fail "2-DH3 dropouts/min: $(o 6)"
# 5. the verdict from the files says what compare said; the report exists
for c in dropouts "end-to-end latency" skew battery; do
  [ "$(o 7 | grep "^$c " | sed 's/.*-> //')" = "$(v "$c" | sed 's/.*-> //')" ] || fail "verdict from files differs on $c"
done
[ -s "$tmp/results/kitchen.html" ] && grep -q "<h2>Verdict" "$tmp/results/kitchen.html" || fail "no report"
echo "engineer walk-through: $n commands ok"
