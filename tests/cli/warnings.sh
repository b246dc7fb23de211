# The checks warn, they do not refuse (issue 22): a link below the received power the link criterion needs and a
# radio over its air time are located warnings by default (the scenario runs) and errors with --strict (exit 2, no
# output file). A sweep keeps every point and records each point's status and warnings in /points.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$SRC"/tests/scenarios/warn/*.yaml; do
  n=$((n + 1))
  e=$(head -1 "$f" | sed 's/^# expect: //'); loc=${e%%: *}; msg=${e#*: }
  expect_rc 0 "$BTL" validate "$f"
  err | grep -F -- "$f:$loc: warning: " | grep -qF -- "$msg" || fail "$f: no warning '$msg' at $loc; got: $(err)"
  expect_rc 2 "$BTL" validate --strict "$f"
  err | grep -F -- "$f:$loc: " | grep -qF -- "$msg" || fail "$f --strict: no error '$msg' at $loc; got: $(err)"
  err | grep -q "warning:" && fail "$f --strict: still printed as a warning"
  (cd "$tmp" && expect_rc 2 "$BTL" run --strict "$f") || exit 1
  [ -z "$(find "$tmp" -name '*.h5*')" ] || fail "$f: run --strict left an output file"
  (cd "$tmp" && expect_rc 0 "$BTL" run -q "$f") || exit 1   # without --strict it runs: the sink never plays
  out | grep -q "NEVER PLAYED" || fail "$f: the run should show the sink never played: $(out)"
  rm -f "$tmp"/*.h5
done
[ "$n" -ge 2 ] || fail "warning corpus has only $n files"

# Air time worked by hand (docs/models.md, "Air-time budget"): SBC 328 kb/s is 119-byte frames of 2.902 ms; 2-DH3
# (367 B) carries 2 of them + 17 B of headers every 5.805 ms: 172.3 packets/s, each a 4-slot exchange (2.5 ms) on the
# relay's radio twice (in and out) plus one 1.25 ms slot pair to change piconet: 172.3 * 6.25 ms = 107.7 %.
sed -e 's/2-DH5/2-DH3/' -e "\$a output: { file: $tmp/dh3.h5 }" -e 's/duration: 10 min/duration: 20 s/' \
  -e 's/replications: 5/replications: 1/' "$SRC/scenarios/relay.yaml" > "$tmp/dh3.yaml"
expect_rc 0 "$BTL" validate "$tmp/dh3.yaml"
err | grep -F "$tmp/dh3.yaml:12:3: warning: radio of 'left' needs 108 % of the air time (86 % exchanges of 2-DH3" |
  grep -F "22 % waiting for the other piconet's slots" | grep -qF "packet types that fit: 2-DH5 (60 %)" ||
  fail "air-time warning: $(err)"
err | grep -q "radio of 'phone'" && fail "the phone's radio (43 %) must not be warned about: $(err)"
expect_rc 0 "$BTL" run -q "$tmp/dh3.yaml"
/usr/bin/python3 - "$tmp/dh3.h5" <<'PY' || fail "the relay's dropouts are not attributed to air time"
import sys, h5py
s = h5py.File(sys.argv[1])["sinks"]
for i in range(len(s["dropouts"])):
    assert s["dropouts"][i] > 100, s["dropouts"][i]
    assert s["dropouts_air_time"][i] == s["dropouts"][i], (s["dropouts_air_time"][i], s["dropouts"][i])
PY
# ... and 3-DH5 (8 frames, 43.1 packets/s, 6-slot exchanges) needs 38 %: no warning.
sed -e 's/2-DH3/3-DH5/' "$tmp/dh3.yaml" > "$tmp/dh5.yaml"
expect_rc 0 "$BTL" validate "$tmp/dh5.yaml"
err | grep -q "warning" && fail "3-DH5 warned: $(err)"

# A sweep over distance keeps the point whose link does not hold: it runs, and /points says why.
mkdir -p "$tmp/sweeps"
sed -e "\$a output: { file: $tmp/base.h5 }" -e 's/duration: 10 min/duration: 10 s/' "$SRC/scenarios/relay.yaml" > "$tmp/base.yaml"
cat > "$tmp/sweeps/far.yaml" <<YAML
sweep: far right speaker
base: ../base.yaml
parameters:
  devices.right.position[0]: [10 m, 400 m]
replications: 2
output: $tmp/far.h5
YAML
expect_rc 0 "$BTL" sweep "$tmp/sweeps/far.yaml" -j 2 -q
err | grep -F "$tmp/sweeps/far.yaml:4:3: warning: sweep point 1" | grep -qF "link left -> right will not hold" ||
  fail "sweep warning: $(err)"
/usr/bin/python3 - "$tmp/far.h5" <<'PY' || fail "sweep points' status"
import sys, h5py
f = h5py.File(sys.argv[1])
assert list(f["points/status"].asstr()[()]) == ["ok", "warning"], f["points/status"].asstr()[()]
w = f["points/warnings"].asstr()[()]
assert w[0] == "" and "link left -> right will not hold" in w[1], w
assert list(f["runs/status"].asstr()[()]) == ["ok"] * 4
PY
expect_rc 2 "$BTL" sweep "$tmp/sweeps/far.yaml" -j 2 -q --strict --fresh
err | grep -qF "sweep point 1" || fail "sweep --strict: $(err)"
echo "warnings: $n corpus files, air time worked by hand, sweep keeps its points"
