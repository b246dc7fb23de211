# Malformed-scenario corpus: every file must fail validate and run with exit 2, each expected
# "file:line:column: message" must appear (a preset file's errors: "presets/NAME.yaml:line:column: message"), and run must write no output file.
source "$(dirname "$0")/lib.bash"
n=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$SRC"/tests/scenarios/bad/*.yaml; do
  n=$((n + 1))
  expect_rc 2 "$BTL" validate "$f"
  IFS='|' read -ra exps <<< "$(head -1 "$f" | sed 's/^# expect: //; s/ || /|/g')"
  for e in "${exps[@]}"; do
    loc=${e%%: *}; msg=${e#*: }; at=$f
    # "presets/x.yaml:L:C: msg" expects the error inside a preset file next to the scenario.
    if [[ $loc == *.yaml:* ]]; then at=$(dirname "$f")/${loc%%.yaml:*}.yaml; loc=${loc#*.yaml:}; fi
    err | grep -qF -- "$at:$loc: " || fail "$f: no error at $at:$loc; got: $(err)"
    err | grep -F -- "$at:$loc: " | grep -qF -- "$msg" || fail "$f: error at $at:$loc lacks '$msg'; got: $(err)"
  done
  (cd "$tmp" && expect_rc 2 "$BTL" run "$f") || exit 1
  [ -z "$(find "$tmp" -name '*.h5*')" ] || fail "$f: run left an output file"
done
[ "$n" -ge 50 ] || fail "corpus has only $n files"
echo "bad scenarios: $n files rejected with located errors"
