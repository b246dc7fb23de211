# btlinksim optimise: bad optimisation files are refused with file:line:column, what to do, exit 2 and no output;
# the result file holds what the answer says; a killed optimisation resumes from OUTPUT.runs to the same answer;
# -j does not change the answer.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
D="$SRC/tests/data/optimise"
cp "$D"/*.yaml "$tmp/"
base_opt() {  # a small, valid optimisation; $1 extra lines replace the matching top-level keys
  cat > "$tmp/$1.yaml"
}
bad() {  # name, expected text in the message
  local name=$1 want=$2
  rm -f "$tmp/out.h5"
  expect_rc 2 "$BTL" optimise "$tmp/$name.yaml"
  err | grep -q "$tmp/$name.yaml:[0-9]*:[0-9]*: " || fail "$name: no file:line:column in: $(err)"
  err | grep -qF -- "$want" || fail "$name: expected '$want' in: $(err)"
  [ ! -e "$tmp/out.h5" ] || fail "$name: an output was written"
}
head='optimise: t
base: noisy_pair.yaml
output: out.h5'
cd "$tmp"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\ncolour: red\n' "$head" | base_opt unknown_key
bad unknown_key "unknown key 'colour' in optimise"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\n' "$head" | base_opt no_objective
bad no_objective "give an objective (one metric) or pareto (two)"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: latency_avg, of: right }\n' "$head" | base_opt bad_metric
bad bad_metric "'latency_avg' is not a column of the sinks, links or devices table"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: latency_mean_s, of: centre }\n' "$head" | base_opt bad_of
bad bad_of "of: 'centre' is not a device"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nconstraints: [ { metric: e2e_latency_mean_s, of: right, at_most: 200 } ]\n' "$head" | base_opt no_unit
bad no_unit "200"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nconstraints: [ { metric: sync_perception, of: right, at_most: 1 } ]\n' "$head" | base_opt category
bad category "a category, not a quantity"
printf '%s\nvariables: { devices.left.position: { inside: [[0 m, 0 m], [4 m, 0 m]] } }\nobjective: { minimise: latency_mean_s, of: right }\n' "$head" | base_opt two_corners
bad two_corners "at least three corners"
printf '%s\nvariables: { audio.playout_delay: { from: 100 ms, to: 5 ms } }\nobjective: { minimise: audio.playout_delay }\n' "$head" | base_opt empty_bounds
bad empty_bounds "from must be a finite number below to"
printf '%s\nvariables: { audio.playout_delya: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: latency_mean_s, of: right }\n' "$head" | base_opt bad_path
bad bad_path "unknown key 'playout_delya'"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nconstraints: [ { metric: frames_late, of: right, at_most: 5 } ]\nmethod: bobyqa\n' "$head" | base_opt bobyqa
bad bobyqa "bobyqa takes bounds only"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nreplications: 5\nmax_replications: 3\n' "$head" | base_opt reps
bad reps "max_replications (3) is below replications (5)"
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nvariables: { audio.codec: [sbc] }\nobjective: { minimise: audio.playout_delay }\n' "$head" | base_opt twice
bad twice "given twice"
printf 'optimise: t\nbase: noisy_pair.yaml\noutput: noisy_pair.yaml\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\n' | base_opt output_is_input
expect_rc 2 "$BTL" optimise output_is_input.yaml
err | grep -q "output_is_input.yaml:3:9: .*is an input" || fail "output over the base scenario: $(err)"

# A share's limit as a percentage, a link's metric by a->b; a share's limit in metres refused.
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nconstraints: [ { metric: per, of: phone->left, at_most: 5 %% } ]\n' "$head" > share.yaml
expect_rc 0 "$BTL" optimise share.yaml --check
printf '%s\nvariables: { audio.playout_delay: { from: 5 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nconstraints: [ { metric: per, of: phone->left, at_most: 5 m } ]\n' "$head" | base_opt share_m
bad share_m "the metric is in plain numbers"

# validate knows optimisation files: the same located errors, exit 2; a valid one is ok.
expect_rc 2 "$BTL" validate empty_bounds.yaml
err | grep -q "empty_bounds.yaml:[0-9]*:[0-9]*: .*from must be a finite number below to" || fail "validate: $(err)"
expect_rc 0 "$BTL" validate smallest_delay.yaml
out | grep -q "smallest_delay.yaml: ok (an optimisation: 2 variables, 2 combinations" || fail "validate: $(out)"

# A valid file: the answer, the result file, resume and -j.
sed 's/^max_replications: 3/max_replications: 3\noutput: opt.h5/' smallest_delay.yaml > opt.yaml
expect_rc 0 "$BTL" optimise opt.yaml -j 2 --json --quiet
out > fresh.json
[ -d opt.h5.runs ] && [ -f opt.h5 ] || fail "no result file or run store"
expect_rc 0 "$BTL" optimise opt.yaml -j 1 --json --quiet
out > again.json
expect_rc 0 "$BTL" optimise opt.yaml -j 2 --quiet
out | grep -q "runs ([0-9]* from the store)" || fail "no run count: $(out)"
out | sed '1d; /^results: /d' > live.txt
# summary reads the same answer back from the file (all but the first line's timing).
expect_rc 0 "$BTL" summary opt.h5
diff <(out | sed 1d) live.txt >&2 || fail "summary of the result file differs from the answer printed by optimise"
grep -q "^best design (evaluation" live.txt && grep -q "^per combination:" live.txt || fail "answer: $(cat live.txt)"
# Killed part-way: the rerun completes to the same answer.
"$BTL" optimise opt.yaml -j 2 --quiet --fresh > /dev/null 2>&1 &
pid=$!; sleep 0.15; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
sleep 0.5  # its processes (searching the two combinations side by side, and their runs) die with it
expect_rc 0 "$BTL" optimise opt.yaml -j 2 --json --quiet
out > resumed.json
expect_rc 0 "$BTL" optimise opt.yaml -j 2 --json --quiet --fresh
out > nostore.json
/usr/bin/python3 - <<'PY' || fail "answers or the result file"
import json, h5py, numpy as np
fresh, again, resumed, nostore = (json.load(open(f)) for f in ("fresh.json", "again.json", "resumed.json", "nostore.json"))
for other, what in ((again, "-j 1"), (resumed, "resumed after a kill"), (nostore, "--fresh")):
    assert other["best"] == fresh["best"] and other["combinations"] == fresh["combinations"], what
with h5py.File("opt.h5") as f:
    assert f.attrs["schema"] == "btlinksim-optimise"
    e = f["evaluations"]
    assert len(e["index"]) == fresh["evaluations"], (len(e["index"]), fresh["evaluations"])
    b = fresh["best"]["evaluation"]
    assert int(f.attrs["best"]) == b
    assert abs(e["audio.playout_delay"][b] - fresh["best"]["variables"]["audio.playout_delay"]) < 1e-9
    assert e["audio.playout_delay"].attrs["units"] == "ms"
    c = fresh["best"]["constraints"][0]["value"]
    assert abs(e["constraint_0_mean"][b] - c["mean"]) < 1e-9 and abs(e["constraint_0_ci95"][b] - c["ci95"]) < 1e-9
    assert e["constraint_0_status"][b] == 0 and e["feasible"][b] == 1
    # The best is the smallest delay among the feasible designs (what the answer claims, checked on every row).
    feas = np.array(e["feasible"][:]) == 1
    assert np.isclose(np.min(np.array(e["audio.playout_delay"][:])[feas]), e["audio.playout_delay"][b])
    # Feasible rows have every constraint's 95 % upper bound within its limit.
    up = np.array(e["constraint_0_mean"][:]) + np.array(e["constraint_0_ci95"][:])
    assert np.all(up[feas] <= f["constraints"]["limit"][0])
    open("best.yaml", "w").write(f["best"]["scenario"][0].decode())
print("answers identical (-j 1, resumed, fresh); result file agrees")
PY
expect_rc 0 "$BTL" validate best.yaml
# Replications are added while a constraint is undecided: a limit at the mean of the first 3 replications puts it
# inside their interval, so the design must grow past 3 (doubling, up to max_replications) and end decided on its
# bound, or undecided at 12.
printf 'optimise: t\nbase: noisy_pair.yaml\nvariables: { audio.playout_delay: [42 ms] }\nobjective: { minimise: e2e_latency_mean_s, of: right }\nconstraints: [ { metric: frames_late, of: right, at_most: LIMIT } ]\nreplications: 3\nmax_replications: MAX\n' > grow.tmpl
sed 's/LIMIT/1e9/; s/MAX/3/' grow.tmpl > grow3.yaml
expect_rc 0 "$BTL" optimise grow3.yaml -j 2 --quiet --json
mean=$(out | /usr/bin/python3 -c "import json, sys; c = json.load(sys.stdin)['best']['constraints'][0]['value']; assert c['ci95'] > 0, c; print(repr(c['mean']))")
sed "s/LIMIT/$mean/; s/MAX/12/" grow.tmpl > grow.yaml
echo "output: grow.h5" >> grow.yaml
expect_rc 0 "$BTL" optimise grow.yaml -j 2 --quiet
/usr/bin/python3 - "$mean" <<'PY' || fail "replications were not added while the constraint was undecided"
import sys, h5py
limit = float(sys.argv[1])
with h5py.File("grow.h5") as f:
    e = f["evaluations"]
    assert len(e["index"]) == 1
    reps, n = int(e["replications"][0]), int(e["constraint_0_n"][0])
    m, h, st = e["constraint_0_mean"][0], e["constraint_0_ci95"][0], int(e["constraint_0_status"][0])
assert reps in (6, 12) and n == reps, (reps, n)
want = 0 if m + h <= limit else 1 if m - h > limit else 2
assert st == want, (m, h, limit, st)
assert st != 2 or reps == 12, "stopped undecided before max_replications"
print(f"replications 3 -> {reps}; {m:.2f} ± {h:.2f} against {limit:.2f}: status {st}")
PY

# No feasible design: the answer says so and why, per constraint (battery_h has no value without a battery).
printf 'optimise: t\nbase: noisy_pair.yaml\nvariables: { audio.playout_delay: { from: 40 ms, to: 100 ms } }\nobjective: { minimise: audio.playout_delay }\nconstraints: [ { metric: battery_h, of: right, at_least: 2 h } ]\nreplications: 2\nmax_evaluations: 5\n' > none.yaml
expect_rc 0 "$BTL" optimise none.yaml -j 2 --quiet
out | grep -q "^no design meets every constraint" || fail "infeasible: $(out)"
out | grep -q "battery_h of right >= 2 h: met in 0, violated in [1-9][0-9]*, undecided in 0; no value in" || fail "infeasible, why: $(out)"
expect_rc 0 "$BTL" optimise none.yaml -j 2 --quiet --json
out | /usr/bin/python3 -c "import json, sys; j = json.load(sys.stdin); assert j['best'] is None, j['best']" || fail "JSON best of no feasible design"
echo "optimise_file: ok"
