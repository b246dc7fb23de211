# mpirun -np 2 btlinksim sweep FILE: each rank forks its chunk of the runs into the run store, rank 0 writes the
# one file -- identical, dataset by dataset, to the local -j 2 sweep. (.ci/setup installs Open MPI.)
source "$(dirname "$0")/lib.bash"
command -v mpirun > /dev/null || fail "mpirun not installed: bash .ci/setup installs openmpi-bin"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$SRC/scenarios/relay.yaml" "$tmp/"
printf 'base: relay.yaml\nparameters:\n  seed: [1, 2, 3]\n  duration: [1 min]\nreplications: 3\noutput: %s/mpi.h5\n' "$tmp" > "$tmp/mpi.yaml"
sed -e "s#$tmp/mpi.h5#$tmp/local.h5#" "$tmp/mpi.yaml" > "$tmp/local.yaml"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
expect_rc 0 mpirun --allow-run-as-root --oversubscribe -np 2 "$BTL" sweep "$tmp/mpi.yaml"
out | grep -q "^results: $tmp/mpi.h5" || fail "rank 0 did not write the file: $(out) $(err)"
[ "$(out | grep -c '^results:')" -eq 1 ] || fail "more than one rank wrote: $(out)"
expect_rc 0 "$BTL" sweep "$tmp/local.yaml" -j 2 -q
/usr/bin/python3 - "$tmp/mpi.h5" "$tmp/local.h5" <<'PY' || fail "MPI and local results differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert list(a["runs/status"].asstr()[()]) == ["ok"] * 9
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        assert (np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)), (g, name)
PY
echo "sweep under MPI: ok"
