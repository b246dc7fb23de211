# Issue 23 item 3: every valid form of a YAML document is read as the original. Every example scenario, preset
# and sweep is rewritten with CR LF line ends, with CR line ends, in block style and with anchors on flow maps
# (tests/support/yaml_forms.py); each scenario must then give the same `run --json` statistics as the original,
# and each sweep the same points (`sweep --list` counts, `--dry-run` status). Before this, CR LF and CR files and
# an anchor on a flow map were refused ("a line cannot start with ','").
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3
results() {  # $1 = a copy of scenarios/: the statistics of every scenario, the points of every sweep
  (cd "$1" && for f in scenarios/*.yaml scenarios/kitchen/*.yaml scenarios/sweeps/*.yaml; do
     if grep -q '^sweep:' "$SRC/$f"; then  # what the file is, read from the original
       echo "== $f"; "$BTL" sweep "$f" --list; "$BTL" sweep "$f" --dry-run >/dev/null 2>&1; echo "dry-run exit $?"
     else
       echo "== $f"; "$BTL" run -q --json "$f" 2>&1 | sed 's/"file":"[^"]*",//'; echo "exit ${PIPESTATUS[0]}"
     fi
   done)
}
# The examples shortened to 20 s of audio (the same text for every form: what is compared is how the file is
# read, not how long it runs; a sanitizer build runs this test too).
mkdir "$tmp/short"; cp -r "$SRC/scenarios" "$tmp/short/"
find "$tmp/short/scenarios" -name '*.yaml' ! -path '*/sweeps/*' ! -path '*/presets/*' -exec sed -i 's/^duration: .*/duration: 20 s/' {} +
mkdir "$tmp/original"; cp -r "$tmp/short/scenarios" "$tmp/original/"
results "$tmp/original" > "$tmp/original.txt"
[ "$(grep -c '^exit 0$' "$tmp/original.txt")" -ge 20 ] || fail "fewer than 20 example scenarios ran: $(grep -B3 '^exit [^0]' "$tmp/original.txt")"
grep -q '^exit [^0]' "$tmp/original.txt" && fail "an example scenario failed: $(grep -B3 '^exit [^0]' "$tmp/original.txt")"
grep -q '^dry-run exit [^0]' "$tmp/original.txt" && fail "an example sweep failed --dry-run"
for form in crlf cr block anchors; do
  mkdir "$tmp/$form"; cp -r "$tmp/short/scenarios" "$tmp/$form/"
  anchored=$("$PY" "$SRC/tests/support/yaml_forms.py" "$form" "$tmp/$form/scenarios") || fail "yaml_forms.py $form"
  [ "$form" != anchors ] || [ "$anchored" -ge 10 ] || fail "only $anchored files got anchors: the anchors form tests too little"
  results "$tmp/$form" > "$tmp/$form.txt"
  cmp -s "$tmp/original.txt" "$tmp/$form.txt" || { diff "$tmp/original.txt" "$tmp/$form.txt" | head -20 >&2; fail "the $form form of the examples reads differently"; }
done
# The examples in the issue, as written.
printf 'duration: 10 s\r\ndevices:\r\n  phone: { role: source, position: [0 m, 0 m] }\r\n  a: { role: speaker, position: [2 m, 0 m] }\r\ntopology: { kind: single, sinks: [a] }\r\n' > "$tmp/crlf.yaml"
expect_rc 0 "$BTL" validate "$tmp/crlf.yaml"
tr '\n' '\r' < "$tmp/original/scenarios/relay.yaml" > "$tmp/cr_relay.yaml"
cat > "$tmp/anchor.yaml" <<'YAML'
duration: 10 s
devices:
  phone: { role: source, position: [0 m, 0 m], radio: &r { class: 2 } }
  a: { role: speaker, position: [2 m, 0 m], radio: *r }
  b: { role: speaker, position: [3 m, 0 m], radio: *r }
topology: { kind: dual_stream, sinks: [a, b] }
notes: |
  "a block scalar", then text
  , a line that begins with a comma
YAML
expect_rc 2 "$BTL" validate "$tmp/anchor.yaml"  # `notes` is no key of a scenario: refused for that, located
err | grep -q "anchor.yaml:7:1: unknown key 'notes'" || fail "the block scalar was not read as YAML: $(err)"
sed -i '/^notes/,$d' "$tmp/anchor.yaml"
expect_rc 0 "$BTL" validate "$tmp/anchor.yaml"
# A located error still reports the right line in a CR-only file (line breaks are counted as lines).
printf 'duration: 10 s\rdevices:\r  phone: { role: source, position: [0 m, 0 m] }\r  a: { role: speaker, position: [2 m, 0 m], colour: red }\rtopology: { kind: single, sinks: [a] }\r' > "$tmp/cr_bad.yaml"
expect_rc 2 "$BTL" validate "$tmp/cr_bad.yaml"
err | grep -q "cr_bad.yaml:4:.*colour" || fail "CR-only file: error not at line 4: $(err)"
# The protection stays: yaml-cpp's unbounded cases are refused, located, in every line-end form.
for f in leading_comma after_quoted yaml_cpp_unbounded; do
  expect_rc 2 "$BTL" validate "$SRC/tests/scenarios/bad/$f.yaml"
  sed 's/$/\r/' "$SRC/tests/scenarios/bad/$f.yaml" > "$tmp/$f.crlf.yaml"
  expect_rc 2 "$BTL" validate "$tmp/$f.crlf.yaml"
done
echo ok
