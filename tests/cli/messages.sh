# Messages that say what is wrong (issue 23 item 12), each checked with its exit status: a value too large for its
# unit, a where: constraint comparing a quantity with text, plot -o onto a file, merge with nothing run, and a
# unit given as its own argument to range. (Unreadable inputs: tests/cli/input_guard.sh.)
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cd "$tmp"
cp -r "$SRC/scenarios" .
# 1e308 km is finite as written and infinite in metres: it became "inf m ... move the devices closer".
sed 's/position: \[6, 1\]/position: [1e308 km, 1]/' scenarios/dual_stream.yaml > big.yaml
expect_rc 2 "$BTL" validate big.yaml
err | grep -q "^big.yaml:[0-9]*:[0-9]*: devices.right.position: '1e308 km' is too large (not a finite number of m)" || fail "1e308 km: $(err)"
err | grep -q "inf" && fail "1e308 km: an infinity in the message: $(err)"
# where: a quantity compared with text removed every point and said only that.
cat > w.yaml <<'YAML'
sweep: where types
base: scenarios/relay.yaml
parameters:
  devices.right.position[0]: [6 m, 8 m]
where: duration == relay
YAML
expect_rc 2 "$BTL" sweep w.yaml --list
err | grep -q "^w.yaml:5:8: sweep.where at (.*): 'duration' is 10 min, a quantity, but relay is text" || fail "where types: $(err)"
# plot -o onto an existing file: the message, not Python's "[Errno 17]".
sed -e 's/^duration:.*/duration: 5 s/' -e 's/^replications:.*/replications: 2/' -e "\$a output: { file: r.h5 }" scenarios/relay.yaml > r.yaml
expect_rc 0 "$BTL" run -q r.yaml
echo notes > notes.txt
expect_rc 1 "$BTL" plot r.h5 -o notes.txt
err | grep -q "Errno" && fail "plot -o FILE leaks Python's errno: $(err)"
err | grep -q "btlinksim plot: -o notes.txt is a file" || fail "plot -o FILE: $(err)"
[ "$(cat notes.txt)" = notes ] || fail "plot -o changed the file"
# merge with nothing run made an empty run store and said only that runs were missing.
cat > m.yaml <<'YAML'
sweep: nothing run
base: scenarios/relay.yaml
parameters:
  devices.right.position[0]: [6 m, 8 m]
output: out/m.h5
YAML
expect_rc 1 "$BTL" merge m.yaml
err | grep -q "nothing to merge: out/m.h5.runs does not exist; run the sweep's shards first" || fail "merge: $(err)"
[ ! -e out ] || fail "merge with nothing run created $(ls -R out)"
# A unit as its own argument became a scenario file and a "scenario mode" complaint.
expect_rc 2 "$BTL" range --tx-power 100 mW
err | grep -q "'mW' is no file; if it is the unit of the option before it, write the value and its unit as one argument" || fail "range unit: $(err)"
expect_rc 0 "$BTL" range --tx-power '100 mW' --distance 10
echo "messages: ok"
