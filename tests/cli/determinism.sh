# Determinism (issue 16): one sweep over all seven topology kinds (living_room.yaml, formation, fading, Wi-Fi
# zone) and one multi-replication run of a moving, fading scenario give bit-identical datasets three times
# over and whatever runs them: sweep -j 1 (three times), -j 2, mpirun -np 2 and a 3-task Slurm array; run
# -j 1 (three times) and -j 2. Every dataset is compared byte for byte (NaN payloads, -0.0 included) and
# every attribute by value; only measured wall time (/runs/wall_s, /replications/wall_s) and the path the
# sweep file was named by (root attributes sweep_file and base_file: a Slurm job names it absolutely; its text
# and SHA-256 are compared) may differ. Needs Open MPI and Slurm (bash .ci/setup).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/slurm_lib.bash"   # makes $tmp, starts munge + slurmctld + slurmd, stops them at exit
command -v mpirun > /dev/null || fail "mpirun not installed: bash .ci/setup installs openmpi-bin"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
variants="j1a j1b j1c j2 mpi slurm"
for v in $variants; do
  mkdir -p "$tmp/$v"
  cp "$SRC/scenarios/living_room.yaml" "$SRC/scenarios/walking_away.yaml" "$tmp/$v/"
  sed -e 's#^output: .*#output: sweep.h5#' -e 's#^replications: .*#replications: 3#' \
      "$SRC/scenarios/architectures.yaml" > "$tmp/$v/sweep.yaml"
  sed -i -e 's#^duration: .*#duration: 1 min#' "$tmp/$v/living_room.yaml"
  sed -i -e '$a output: { file: run.h5 }' -e 's#^replications: .*#replications: 4#' "$tmp/$v/walking_away.yaml"
done
for v in j1a j1b j1c; do
  (cd "$tmp/$v" && expect_rc 0 "$BTL" sweep sweep.yaml -j 1 -q && expect_rc 0 "$BTL" run walking_away.yaml -j 1 -q) || exit 1
done
(cd "$tmp/j2" && expect_rc 0 "$BTL" sweep sweep.yaml -j 2 -q && expect_rc 0 "$BTL" run walking_away.yaml -j 2 -q) || exit 1
(cd "$tmp/mpi" && expect_rc 0 mpirun --allow-run-as-root --oversubscribe -np 2 "$BTL" sweep sweep.yaml -q) || exit 1
(cd "$tmp/slurm" && expect_rc 0 "$BTL" sweep sweep.yaml --slurm --tasks 3 && bash sweep.h5.slurm/submit.sh > /dev/null) \
  || fail "Slurm submission: $(out) $(err)"
slurm_wait
for v in $variants; do [ -f "$tmp/$v/sweep.h5" ] || fail "$v wrote no sweep file: $(cat "$tmp/$v"/sweep.h5.slurm/*.log 2>/dev/null)"; done
same() { /usr/bin/python3 "$SRC/tests/support/h5_identical.py" --ignore /runs/wall_s --ignore /replications/wall_s \
           --ignore /@sweep_file --ignore /@input_path --ignore /@base_file "$@" || fail "results differ between runs or ways of running"; }
same "$tmp"/{j1a,j1b,j1c,j2,mpi,slurm}/sweep.h5
same "$tmp"/{j1a,j1b,j1c,j2}/run.h5
/usr/bin/python3 - "$tmp/j1a/sweep.h5" <<'PY' || fail "the sweep did not run every design"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    st = list(f["runs/status"].asstr()[()])
    assert st == ["ok"] * 21, st  # 7 kinds x 3 replications
    assert len(f["sinks/name"]) >= 21 * 2, len(f["sinks/name"])
PY
echo "determinism: ok"
