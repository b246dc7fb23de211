# Runtime faults are isolated (issue 16): an exception thrown in an actor, a deadlock (an actor waiting for a
# message nobody sends), a hang (an actor spinning without simulated time advancing; ended by --run-timeout)
# and an abort, injected into one replication with BTLINKSIM_FAULT (sim/engine/fault_injection.hpp), each fail
# that replication with a message that says what happened, exit 1 and write no results file; in a sweep the
# faulty runs are recorded as failed with their message, the others are stored and equal the runs of a clean
# sweep, and the command exits 1.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e 's#^replications: .*#replications: 3#' -e 's#^duration: .*#duration: 20 s#' -e "\$a output: { file: $tmp/run.h5 }" \
    "$SRC/scenarios/relay.yaml" > "$tmp/relay.yaml"
grep -q '^replications: 3' "$tmp/relay.yaml" || echo 'replications: 3' >> "$tmp/relay.yaml"
check() {  # fault, expected message (grep -E), extra options
  local fault=$1 want=$2; shift 2
  rm -f "$tmp/run.h5"
  BTLINKSIM_FAULT=$fault expect_rc 1 timeout 60 "$BTL" run "$tmp/relay.yaml" -q -j 2 "$@"
  err | grep -Eq "replication 1 failed: $want" || fail "$fault: message: $(err)"
  [ ! -e "$tmp/run.h5" ] || fail "$fault: a results file was written for a failed run"
  ls "$tmp" | grep -q '\.tmp$' && fail "$fault: a temporary was left: $(ls "$tmp")"
  echo "$fault: $(err | grep 'replication 1 failed')"
}
check throw@1 "actor 'injected_fault' on phone at t = 1\.000000 s threw: injected fault"
check deadlock@1 "deadlock at t = 20\.[0-9]+ s: injected_fault@phone wait for something that never comes"
check hang@1 "exceeded the run timeout of 4 s \(killed\)" --run-timeout 4
check abort@1 "killed by signal 6 \(Aborted\)"
# Without the fault the same command succeeds (the checks above are the fault's doing).
expect_rc 0 "$BTL" run "$tmp/relay.yaml" -q -j 2
[ -f "$tmp/run.h5" ] || fail "the clean run wrote no file"
BTLINKSIM_FAULT=nonsense expect_rc 1 "$BTL" run "$tmp/relay.yaml" -q
err | grep -q "unknown fault" || fail "bad BTLINKSIM_FAULT: $(err)"

# A sweep: replication 1 of each point throws; the other runs are kept and equal a clean sweep's.
cp "$tmp/relay.yaml" "$tmp/base.yaml"
printf 'base: base.yaml\nparameters:\n  seed: [1, 2]\nreplications: 3\noutput: %s\n' "$tmp/bad.h5" > "$tmp/bad.yaml"
printf 'base: base.yaml\nparameters:\n  seed: [1, 2]\nreplications: 3\noutput: %s\n' "$tmp/good.h5" > "$tmp/good.yaml"
BTLINKSIM_FAULT=throw@1 expect_rc 1 "$BTL" sweep "$tmp/bad.yaml" -q -j 2
err | grep -q "2 of 6 runs failed" || fail "sweep: $(err)"
expect_rc 0 "$BTL" sweep "$tmp/good.yaml" -q -j 2
/usr/bin/python3 - "$tmp/bad.h5" "$tmp/good.h5" <<'PY' || fail "sweep with faults: stored runs wrong"
import sys, h5py, numpy as np
bad, good = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
st = list(bad["runs/status"].asstr()[()]); rep = bad["runs/replication"][()]
err = list(bad["runs/error"].asstr()[()])
assert st == ["ok" if r != 1 else "failed" for r in rep], (st, rep)
assert all("injected fault" in e for e, r in zip(err, rep) if r == 1), err
# the surviving runs' rows equal the clean sweep's rows of the same (point, replication)
keep = lambda f: list(zip(f["sinks/point"][()], f["sinks/replication"][()], f["sinks/name"].asstr()[()]))
kb, kg = keep(bad), keep(good)
assert set(kb) == {k for k in kg if k[1] != 1}, (kb, kg)
for name, ds in bad["sinks"].items():
    x = ds[()]; y = good["sinks"][name][()]
    sel = [kg.index(k) for k in kb]
    assert np.array_equal(x, y[sel]) if x.dtype.kind in "OSU" else np.array_equal(x, y[sel], equal_nan=True), name
print("sweep: 2 of 6 runs failed and recorded; the 4 others equal the clean sweep's")
PY
echo "fault isolation: ok"
