# Parallel efficiency of the sweep runner on this machine (docs/performance.md): one sweep of 64 runs of 30 min of
# flagship relay audio (scenarios/relay.yaml, seeds 1..32 x 2 replications), timed as a whole command with
# -j 1, -j 2, mpirun -np 1 / -np 2, and a Slurm job array of 2 tasks (a single-node Slurm stood up by
# tests/cli/slurm_lib.bash; wall time from submit to the merged file). Every variant's file is checked equal to
# the -j 1 file. Usage (as root, after bash .ci/setup): bash bench/sweep_parallel.sh build/btlinksim .
# Not a test: figures go to docs/performance.md, never asserted.
source "$(dirname "$0")/../tests/cli/lib.bash"
source "$(dirname "$0")/../tests/cli/slurm_lib.bash"
SRC=$(cd "$SRC" && pwd)
BTL=$(cd "$(dirname "$BTL")" && pwd)/$(basename "$BTL")
mkdir -p "$tmp/w"; cd "$tmp/w"
cp "$SRC/scenarios/relay.yaml" .
sweep() {  # $1 output name
  printf 'base: relay.yaml\nparameters:\n  seed: { from: 1, to: 32, step: 1 }\n  duration: [30 min]\nreplications: 2\noutput: %s\n' "$1" > "$1.yaml"
}
now() { date +%s.%N; }
same() {
  /usr/bin/python3 - "$1" j1.h5 <<'PY' || fail "$1 differs from the -j 1 file"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        assert (np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)), (g, name)
PY
}
timed() {  # $1 label, $2 output, rest: command
  local label=$1 o=$2; shift 2
  sweep "$o"
  local t0; t0=$(now)
  "$@" > /dev/null || fail "$label failed"
  printf '%-26s %6.2f s\n' "$label" "$(echo "$(now) - $t0" | bc -l)"
}
MPI=(mpirun --allow-run-as-root --oversubscribe)
timed "-j 1" j1.h5 "$BTL" sweep j1.h5.yaml -j 1 -q
timed "-j 2" j2.h5 "$BTL" sweep j2.h5.yaml -j 2 -q; same j2.h5
timed "mpirun -np 1" m1.h5 "${MPI[@]}" -np 1 "$BTL" sweep m1.h5.yaml -j 1 -q; same m1.h5
timed "mpirun -np 2" m2.h5 "${MPI[@]}" -np 2 "$BTL" sweep m2.h5.yaml -j 1 -q; same m2.h5
slurm_run() { "$BTL" sweep "$1" --slurm --tasks "$2" > /dev/null && bash "${1%.yaml}.slurm/submit.sh" > /dev/null && slurm_wait; }
timed "Slurm array, 1 task" s1.h5 slurm_run s1.h5.yaml 1; same s1.h5
timed "Slurm array, 2 tasks" s2.h5 slurm_run s2.h5.yaml 2; same s2.h5
