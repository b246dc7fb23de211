# Kill and resume: SIGKILL the sweep's parent at several moments; its forked runs die with it (none outlives
# it), what was complete stays complete, a rerun of the same command runs only what is missing, and the final
# file equals an uninterrupted sweep's. A run past --run-timeout is killed and recorded as failed.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$SRC/scenarios/relay.yaml" "$tmp/"
cat > "$tmp/s.yaml" <<YAML
sweep: resume test
base: relay.yaml
parameters:
  seed: [1, 2, 3, 4, 5, 6, 7, 8]
  duration: [20 min]
replications: 4
output: $tmp/k.h5
YAML
sed -e "s#$tmp/k.h5#$tmp/ref.h5#" "$tmp/s.yaml" > "$tmp/ref.yaml"
expect_rc 0 "$BTL" sweep "$tmp/ref.yaml" -j 2 -q
stored() { ls "$tmp/k.h5.runs" 2>/dev/null | grep -c '\.run$' || true; }
# Kill at once (nothing stored yet), then twice as soon as the store has grown: moments chosen by progress, not
# by the clock, so a loaded machine moves them but cannot make them miss.
for moment in start grown grown; do
  before=$(stored)
  "$BTL" sweep "$tmp/s.yaml" -j 2 -q > /dev/null 2>&1 &
  pid=$!
  if [ $moment = grown ]; then
    for _ in $(seq 600); do [ "$(stored)" -gt "$before" ] && break; sleep 0.02; done
  fi
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  sleep 0.2
  left=$(pgrep -f "sweep $tmp/s.yaml" || true)
  [ -z "$left" ] || fail "processes outlived the killed sweep: $left"
done
done_before=$(stored)
[ "$done_before" -gt 0 ] && [ "$done_before" -lt 32 ] || fail "the kills left $done_before of 32 runs stored: not a partial sweep"
expect_rc 0 "$BTL" sweep "$tmp/s.yaml" -j 2
err | grep -q "already complete" || [ "$done_before" -eq 0 ] || fail "resume did not reuse the stored runs: $(err)"
[ -z "$(find "$tmp/k.h5.runs" -name '*.tmp')" ] || fail "temporary files left in the run store"
/usr/bin/python3 - "$tmp/k.h5" "$tmp/ref.h5" "$done_before" <<'PY' || fail "resumed sweep differs"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert list(a["runs/status"].asstr()[()]) == ["ok"] * 32
assert list(zip(a["runs/point"][()], a["runs/replication"][()])) == [(p, r) for p in range(8) for r in range(4)]
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        same = np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)
        assert same, (g, name)
print("resumed after", sys.argv[3], "stored runs: equal to the uninterrupted sweep")
PY
# Every run past a 1 ms timeout is killed, recorded, and the sweep exits 1 with the count.
sed -e "s#$tmp/k.h5#$tmp/t.h5#" "$tmp/s.yaml" > "$tmp/t.yaml"
expect_rc 1 "$BTL" sweep "$tmp/t.yaml" -j 2 -q --run-timeout 0.001
err | grep -q "32 of 32 runs failed" || fail "failure count: $(err | tail -2)"
/usr/bin/python3 -c "
import h5py, sys; f = h5py.File(sys.argv[1])
assert set(f['runs/status'].asstr()[()]) == {'failed'}
assert all('exceeded the run timeout' in e for e in f['runs/error'].asstr()[()])" "$tmp/t.h5" || fail "failed runs not recorded"
# A shard starting removes only the run-store temporaries of dead processes of its own host: shards of one sweep
# start side by side, and another shard's result in the middle of its write must survive (it once did not).
sed -e "s#$tmp/k.h5#$tmp/p.h5#" "$tmp/s.yaml" > "$tmp/p.yaml"
mkdir -p "$tmp/p.h5.runs"
host=$(hostname | tr './' '__')
sleep 1000 & live=$!
dead=$(bash -c 'echo $$')
touch "$tmp/p.h5.runs/aaaa.$host.$live.tmp" "$tmp/p.h5.runs/bbbb.$host.$dead.tmp" "$tmp/p.h5.runs/cccc.othernode.$dead.tmp"
expect_rc 0 "$BTL" sweep "$tmp/p.yaml" --shard 0/2 -j 2 -q
kill "$live"
[ -e "$tmp/p.h5.runs/aaaa.$host.$live.tmp" ] || fail "a running process's temporary was removed"
[ ! -e "$tmp/p.h5.runs/bbbb.$host.$dead.tmp" ] || fail "a dead process's temporary was kept"
[ -e "$tmp/p.h5.runs/cccc.othernode.$dead.tmp" ] || fail "another host's temporary was removed"
echo "sweep resume: ok"
