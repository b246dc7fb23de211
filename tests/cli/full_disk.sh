# A full disk (issue 23, item 1): `run` and `sweep` writing onto a small tmpfs exit 1 with "No space left on device"
# naming the file, never crash (HDF5 builds the file in memory; one checked write puts it on disk), leave no
# temporary, and a sweep keeps its finished runs: given room, it resumes and its file equals a sweep on a roomy disk.
# Needs root to mount the tmpfs (CI runs as root); elsewhere it is skipped (exit 77).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d)
full="$tmp/full"; mkdir -p "$full"
cleanup() { umount "$full" 2>/dev/null; rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$; }
trap cleanup EXIT
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=120k tmpfs "$full" 2>/dev/null; then
  echo "full disk: skipped (needs root to mount a small tmpfs)"; exit 77
fi
# 1. run: a 2-minute relay with its time series (~700 kB) onto 120 kB.
sed -e 's/duration: 10 min/duration: 2 min/' -e 's/replications: 5/replications: 2/' \
    -e "\$a output: { file: $full/r.h5, timeseries: true }" "$SRC/scenarios/relay.yaml" > "$tmp/r.yaml"
"$BTL" run "$tmp/r.yaml" -q > "$tmp/out" 2> "$tmp/err"; rc=$?
[ "$rc" -eq 1 ] || fail "run on a full disk: exit $rc (want 1): $(cat "$tmp/err")"
grep -qF "cannot write $full/r.h5: write: No space left on device" "$tmp/err" || fail "run's message: $(cat "$tmp/err")"
[ -z "$(ls -A "$full")" ] || fail "run left files on the full disk: $(ls -A "$full")"
# 2. sweep: 3 points x 4 replications onto 16 kB: some runs are stored, the file is not; nothing half written.
umount "$full" && mount -t tmpfs -o size=16k tmpfs "$full" || fail "remount"
mkdir -p "$tmp/sweeps"
sed -e 's/duration: 10 min/duration: 30 s/' -e '/^output:/d' "$SRC/scenarios/relay.yaml" > "$tmp/base.yaml"
for out in "$full/s.h5" "$tmp/roomy.h5"; do
  cat > "$tmp/sweeps/$(basename "$out" .h5).yaml" <<YAML
sweep: full disk
base: ../base.yaml
parameters:
  devices.right.position[0]: [6 m, 10 m, 14 m]
replications: 4
output: $out
YAML
done
"$BTL" sweep "$tmp/sweeps/s.yaml" -j 2 -q > "$tmp/out" 2> "$tmp/err"; rc=$?
[ "$rc" -eq 1 ] || fail "sweep on a full disk: exit $rc (want 1): $(cat "$tmp/err")"
grep -qF "cannot write $full/s.h5" "$tmp/err" && grep -qF "No space left on device" "$tmp/err" || fail "sweep's message: $(cat "$tmp/err")"
[ ! -e "$full/s.h5" ] || fail "a half-written sweep file"
[ -z "$(find "$full" -name '*.tmp')" ] || fail "temporaries left: $(find "$full" -name '*.tmp')"
kept=$(find "$full/s.h5.runs" -name '*.run' | wc -l)
[ "$kept" -ge 1 ] || fail "no finished run kept for resume"
for f in "$full"/s.h5.runs/*.run; do head -c 3 "$f" | grep -q "^OK" || fail "a stored run is not whole: $f"; done
# 3. room again (the tmpfs grows, its files stay): the sweep resumes and equals a sweep on a roomy disk (the two
#    sweep files differ only in their output line).
mount -o remount,size=4m "$full" || fail "remount with room"
expect_rc 0 "$BTL" sweep "$tmp/sweeps/s.yaml" -j 2 -q
expect_rc 0 "$BTL" sweep "$tmp/sweeps/roomy.yaml" -j 2 -q
/usr/bin/python3 "$SRC/tests/support/h5_identical.py" --ignore /runs/wall_s --ignore /@sweep_file --ignore /@input_path --ignore /@sweep_sha256 \
  --ignore /sweep/text \
  "$tmp/roomy.h5" "$full/s.h5" >&2 || fail "the resumed sweep differs from one on a roomy disk"
echo "full disk: run and sweep exit 1 with the reason, nothing half written, $kept of 12 runs kept and resumed"
