# Issue 26 item 2: results never silently replace another scenario's. A scenario without output.file writes
# results/STEM.h5 named after its file (`none`: no file); a result file remembers the file it was made from
# (/@input_path, absolute), and a run, sweep or optimisation of another file is refused at that path (exit 2,
# located, the file unchanged) unless --force. The file's own scenario, edited, still replaces its result.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
body='duration: 2 s
replications: 2
devices:
  phone: { role: source, position: [0, 0] }
  spk: { role: speaker, position: [2, 0] }
topology: { kind: single, sinks: [spk] }'
owner() { /usr/bin/python3 -c 'import h5py, sys; print(h5py.File(sys.argv[1], "r").attrs["input_path"])' "$1"; }

# The default: named after the scenario file, relative to the working directory; the owner is the file's path.
printf '%s\n' "$body" > near.yaml
expect_rc 0 "$BTL" run near.yaml -q
[ -f results/near.h5 ] || fail "no default output results/near.h5: $(ls -R)"
[ "$(owner results/near.h5)" = "$tmp/near.yaml" ] || fail "input_path: $(owner results/near.h5)"
out | grep -q "results: results/near.h5" || fail "the default output is not named: $(out)"
# A copy that changes one thing writes its own file: both results stay.
sed 's/position: \[2, 0\]/position: [9, 0]/' near.yaml > far.yaml
expect_rc 0 "$BTL" run far.yaml -q
[ -f results/far.h5 ] && [ "$(owner results/near.h5)" = "$tmp/near.yaml" ] || fail "the copy replaced the original's result"
# `none`: no file at all.
mkdir none && printf '%s\noutput: { file: none }\n' "$body" > none/n.yaml
(cd none && expect_rc 0 "$BTL" run n.yaml -q)
[ -z "$(ls none | grep -v n.yaml)" ] || fail "output.file none wrote: $(ls none)"

# A copy that kept the original's explicit output is refused where it names it, the original's result unchanged.
printf '%s\noutput: { file: results/near.h5 }\n' "$body" | sed 's/\[2, 0\]/[7, 0]/' > copy.yaml
before=$(sha256sum < results/near.h5)
expect_rc 2 "$BTL" run copy.yaml -q
err | grep -q "^copy.yaml:7:17: output.file 'results/near.h5' holds the results of another file, $tmp/near.yaml; give this one its own output (e.g. results/copy.h5), or pass --force to replace them" ||
  fail "not refused as another scenario's result: $(err)"
[ "$(sha256sum < results/near.h5)" = "$before" ] || fail "the refused run changed the result"
# compare refuses the same way; validate judges the file, not what the results directory holds.
expect_rc 2 "$BTL" compare near.yaml copy.yaml -q
err | grep -q "^copy.yaml:7:17: output.file 'results/near.h5' holds the results of another file" || fail "compare: $(err)"
expect_rc 0 "$BTL" validate copy.yaml
# A default output in the way is located at the start of the scenario file.
mkdir other && printf '%s\n' "$body" > other/near.yaml
expect_rc 2 "$BTL" run other/near.yaml -q
err | grep -q "^other/near.yaml:1:1: output.file 'results/near.h5' holds the results of another file, $tmp/near.yaml; give this one its own output (e.g. results/near-2.h5)" ||
  fail "default output of a same-named scenario elsewhere: $(err)"
# --force replaces it, and the result then belongs to the copy.
expect_rc 0 "$BTL" run copy.yaml -q --force
[ "$(owner results/near.h5)" = "$tmp/copy.yaml" ] || fail "--force did not replace: $(owner results/near.h5)"
# The scenario's own result is replaced without --force after an edit, and when reached by another path.
sed -i 's/duration: 2 s/duration: 3 s/' copy.yaml
expect_rc 0 "$BTL" run ./copy.yaml -q
expect_rc 0 "$BTL" run "$tmp/copy.yaml" -q

# Sweeps: another sweep file at the same output is refused (located at output), --force replaces.
printf '%s\noutput: { file: none }\n' "$body" > base.yaml
printf 'sweep: a\nbase: base.yaml\nparameters:\n  duration: [1 s, 2 s]\noutput: sw.h5\n' > a.yaml
sed 's/^sweep: a/sweep: b/' a.yaml > b.yaml
expect_rc 0 "$BTL" sweep a.yaml -q -j 2
before=$(sha256sum < sw.h5)
expect_rc 2 "$BTL" sweep b.yaml -q -j 2
err | grep -q "^b.yaml:5:9: output 'sw.h5' holds the results of another file, $tmp/a.yaml; give this one its own output (e.g. results/b.h5), or pass --force" ||
  fail "sweep: $(err)"
[ "$(sha256sum < sw.h5)" = "$before" ] || fail "the refused sweep changed the output"
expect_rc 0 "$BTL" sweep b.yaml -q -j 2 --force
[ "$(owner sw.h5)" = "$tmp/b.yaml" ] || fail "sweep --force: $(owner sw.h5)"
# A run's scenario may not take a sweep's result either.
printf '%s\noutput: { file: sw.h5 }\n' "$body" > taker.yaml
expect_rc 2 "$BTL" run taker.yaml -q
err | grep -q "holds the results of another file, $tmp/b.yaml" || fail "run onto a sweep's result: $(err)"

# Optimisations share the check (batch_output_problem).
cp "$SRC/tests/data/optimise/chain_line.yaml" line.yaml
cat > opt.yaml <<'YAML'
optimise: move the relay
base: line.yaml
variables:
  audio.playout_delay: { from: 40 ms, to: 200 ms }
objective: { minimise: audio.playout_delay }
max_evaluations: 3
replications: 2
output: sw.h5
YAML
expect_rc 2 "$BTL" optimise opt.yaml --quiet -j 2
err | grep -q "^opt.yaml:8:9: optimise.output: output 'sw.h5' holds the results of another file, $tmp/b.yaml" || fail "optimise: $(err)"
exit 0
