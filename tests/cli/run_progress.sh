# Long runs report progress in simulated time on stderr (issue 13): the child's engine publishes its clock to
# the parent through shared memory. Lines name the replication and its simulated time out of the run's end
# (4 h here), the time only grows, -q prints none, and the results are the same with and without it.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e 's/^duration:.*/duration: 4 h/' -e 's/^replications:.*/replications: 1/' \
    -e "\$a output: { file: $tmp/p.h5 }" "$SRC/scenarios/relay.yaml" > "$tmp/p.yaml"
grep -q "^duration: 4 h" "$tmp/p.yaml" && grep -q "$tmp/p.h5" "$tmp/p.yaml" || fail "could not derive the scenario"
expect_rc 0 "$BTL" run "$tmp/p.yaml" --progress-every 0.05
err | grep -q "^run: .*p.yaml: 0/1 done; replication 0 at [0-9]*/14400 s simulated ([0-9]* %)$" \
  || fail "no progress line in simulated time: $(err | head -3)"
err | sed -n 's/.*replication 0 at \([0-9]*\)\/14400.*/\1/p' | sort -n -c || fail "simulated time went back: $(err)"
[ "$(err | grep -c 'simulated')" -ge 2 ] || fail "fewer than 2 progress lines in a run of about 1 s: $(err)"
mv "$tmp/p.h5" "$tmp/with.h5"
expect_rc 0 "$BTL" run "$tmp/p.yaml" -q --progress-every 0.05
[ -z "$(err)" ] || fail "-q printed: $(err)"
mv "$tmp/p.h5" "$tmp/quiet.h5"
for g in /sinks /links /devices; do
  h5diff -q "$tmp/with.h5" "$tmp/quiet.h5" "$g" || fail "results differ with the progress line ($g)"
done
# A sweep's progress line on a terminal (script(1) gives it one) shows its runs in flight in simulated time.
printf 'base: p.yaml\nparameters: { seed: [1, 2] }\noutput: %s/s.h5\n' "$tmp" > "$tmp/s.yaml"
script -qec "$BTL sweep $tmp/s.yaml -j 2 --progress-every 0.1" /dev/null > "$tmp/tty.txt" 2>&1 || fail "sweep on a terminal: $(cat "$tmp/tty.txt")"
tr '\r' '\n' < "$tmp/tty.txt" | grep -q "^sweep: 0/2 runs, 0 failed, .*; 2 in flight, [0-9]* % of their simulated time" \
  || fail "no in-flight progress on a terminal: $(tr '\r' '\n' < "$tmp/tty.txt" | head -5)"
echo "run progress in simulated time: ok"
