# mpirun -np 2 btlinksim optimise FILE: the ranks share the combinations of the listed values, each searching its
# own into the run store; rank 0 replays every search from the store and answers -- the same answer and the same
# result file as one process with -j 2. (.ci/setup installs Open MPI.)
source "$(dirname "$0")/lib.bash"
command -v mpirun > /dev/null || fail "mpirun not installed: bash .ci/setup installs openmpi-bin"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cp "$SRC"/tests/data/optimise/*.yaml "$tmp/"
cd "$tmp"
sed 's/^max_replications: 3/max_replications: 3\noutput: mpi.h5/' smallest_delay.yaml > mpi.yaml
sed 's/^max_replications: 3/max_replications: 3\noutput: local.h5/' smallest_delay.yaml > local.yaml
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
expect_rc 0 mpirun --allow-run-as-root --oversubscribe -np 2 "$BTL" optimise mpi.yaml --json --quiet -j 1
out > mpi.json
expect_rc 0 "$BTL" optimise local.yaml --json --quiet -j 2
out > local.json
/usr/bin/python3 - <<'PY' || fail "MPI and local answers differ"
import json, h5py, numpy as np
a, b = json.load(open("mpi.json")), json.load(open("local.json"))
assert a["best"] == b["best"] and a["combinations"] == b["combinations"] and a["evaluations"] == b["evaluations"]
assert a["stored_runs"] == a["runs"], "rank 0 ran runs again instead of replaying them from the store"
with h5py.File("mpi.h5") as x, h5py.File("local.h5") as y:
    for name, ds in x["evaluations"].items():
        u, v = ds[()], y["evaluations"][name][()]
        assert np.array_equal(u, v) if u.dtype.kind in "OSU" else np.array_equal(u, v, equal_nan=True), name
print("MPI answer and evaluations identical to -j 2; rank 0 replayed", a["runs"], "runs from the store")
PY
echo "optimise under MPI: ok"
