# Issue 23 item 11: one command at a time writes an output. While a sweep's shard runs, the same shard, the whole
# sweep, a merge and a run onto the same file exit 2 naming the holder (pid, host, start, command), and leave its
# runs alone; another shard of the same sweep runs beside it. Afterwards no lock is left and the merge succeeds.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d)
cleanup() { [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null; rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$; }
trap cleanup EXIT
cd "$tmp"
cp -r "$SRC/scenarios" .
# Shard 0/2 holds point 0 (ten 6-hour runs: seconds of work), shard 1/2 point 1 (ten 1-second runs).
cat > s.yaml <<'YAML'
sweep: lock test
base: scenarios/relay.yaml
parameters:
  duration: [360 min, 1 s]
replications: 10
output: out/s.h5
YAML
"$BTL" sweep s.yaml --shard 0/2 -j 1 -q > holder.out 2>&1 &
holder=$!
for _ in $(seq 100); do [ -e out/s.h5.shard-0-of-2.lock ] && break; sleep 0.1; done
[ -e out/s.h5.shard-0-of-2.lock ] || fail "shard 0/2 took no lock: $(cat holder.out)"
expect_rc 2 "$BTL" sweep s.yaml --shard 0/2 -q
err | grep -q "shard 0/2 of 'out/s.h5' is in use by pid $holder on .* since .*: .*btlinksim sweep s.yaml --shard 0/2" || fail "same shard: $(err)"
expect_rc 2 "$BTL" sweep s.yaml -q
err | grep -q "'out/s.h5' is in use by the shards of a sweep" || fail "whole sweep beside a shard: $(err)"
expect_rc 2 "$BTL" merge s.yaml -q
err | grep -q "is in use by the shards of a sweep" || fail "merge beside a shard: $(err)"
sed '$a output: { file: out/s.h5 }' scenarios/relay.yaml > r.yaml
expect_rc 2 "$BTL" run r.yaml -q
err | grep -q "^r.yaml:[0-9]*:[0-9]*: output.file 'out/s.h5' is in use by the shards of a sweep" || fail "run beside a shard: $(err)"
expect_rc 0 "$BTL" sweep s.yaml --shard 1/2 -q  # the other shard runs beside it
kill -0 "$holder" 2>/dev/null || fail "shard 0/2 ended before the checks did: they proved nothing (lengthen its runs)"
wait "$holder" || fail "shard 0/2 failed: $(cat holder.out)"
holder=""
ls out/*.lock 2>/dev/null && fail "locks left behind"
expect_rc 0 "$BTL" merge s.yaml -q
[ "$(ls out/s.h5.runs | wc -l)" -eq 20 ] || fail "runs stored: $(ls out/s.h5.runs | wc -l), want 20"
# A killed holder leaves its lock file, which blocks no one (the lock ends with the process).
"$BTL" sweep s.yaml --fresh -j 1 -q > /dev/null 2>&1 &
holder=$!
for _ in $(seq 100); do [ -e out/s.h5.lock ] && break; sleep 0.1; done
kill -9 "$holder"; wait "$holder" 2>/dev/null; holder=""
[ -e out/s.h5.lock ] || fail "no lock file after kill -9 (the test needs one)"
expect_rc 0 "$BTL" sweep s.yaml -q
echo "output lock: ok"
