# A source pages an unreachable speaker exactly formation.page_attempts times of Page_Timeout (5.12 s) each, then
# gives it up (issue 23: a page loop off by one passed every test). Hand count: retries == page_attempts, the
# reason names the same count, and the speaker in range links at once on its first page.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for n in 1 3; do
  cat > "$tmp/p$n.yaml" <<YAML
duration: 40 s
replications: 3
formation: { page_attempts: $n }
devices:
  phone: { role: source, position: [0 m, 0 m] }
  near: { role: speaker, position: [2 m, 0 m] }
  far: { role: speaker, position: [2 km, 0 m] }
topology: { kind: dual_stream, sinks: [near, far] }
output: { file: $tmp/p$n.h5 }
YAML
  expect_rc 0 "$BTL" run -q "$tmp/p$n.yaml"
  /usr/bin/python3 - "$tmp/p$n.h5" "$n" <<'PY' || fail "page_attempts $n"
import sys, h5py, numpy as np
f, n = h5py.File(sys.argv[1]), int(sys.argv[2])
t = f["formation"]
names = np.array([x.decode() for x in t["name"][()]])
far, near = names == "phone->far", names == "phone->near"
assert far.sum() == 3 and near.sum() == 3, names
assert (t["retries"][()][far] == n).all(), t["retries"][()][far]
assert all(r.decode() == f"page timeout ({n} x 5.12 s)" for r in t["reason"][()][far]), t["reason"][()][far]
assert (t["outcome"][()][far] == 2).all() and np.isnan(t["up_s"][()][far]).all()
assert (t["retries"][()][near] == 0).all() and (t["outcome"][()][near] == 0).all()
PY
done
echo "page attempts: ok"
