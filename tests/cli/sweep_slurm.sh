# A sweep on a real single-node Slurm (tests/cli/slurm_lib.bash): --slurm writes the job array and its merge job,
# submit.sh submits them, and the merged file equals the local -j 2 sweep. (.ci/setup installs the packages.)
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/slurm_lib.bash"
mkdir -p "$tmp/w"; cd "$tmp/w"
cp "$SRC/scenarios/relay.yaml" .
printf 'base: relay.yaml\nparameters:\n  seed: [1, 2, 3, 4]\n  duration: [1 min]\nreplications: 2\noutput: slurm.h5\n' > s.yaml
sed -e 's#slurm.h5#local.h5#' s.yaml > l.yaml
expect_rc 0 "$BTL" sweep s.yaml --slurm --tasks 3
out | grep -q "8 runs in 3 array tasks" || fail "--slurm: $(out)"
ids=$(bash slurm.h5.slurm/submit.sh) || fail "submit failed: $ids"
slurm_wait
[ -f slurm.h5 ] || fail "the merge job wrote no file: $(cat slurm.h5.slurm/*.log 2>/dev/null)"
expect_rc 0 "$BTL" sweep l.yaml -j 2 -q
/usr/bin/python3 - slurm.h5 local.h5 <<'PY' || fail "Slurm and local results differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert list(a["runs/status"].asstr()[()]) == ["ok"] * 8
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        assert (np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)), (g, name)
PY
echo "sweep on Slurm ($ids): ok"
