# Output never overwrites an input nor a file that is not a btlinksim result, and a folder is not a scenario:
# each is bad input (exit 2, located message), and the file in the way is left byte for byte as it was.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
mkdir presets
cp "$SRC/scenarios/presets/jbl_partyboost.yaml" presets/
body='duration: 1 s
devices:
  phone: { role: source, position: [0, 0] }
  spk: { role: speaker, position: [2, 0] }
topology: { kind: single, sinks: [spk] }'
check_untouched() {  # $1 file, $2 expected message, $3.. command
  local f=$1 msg=$2; shift 2
  local before; before=$(sha256sum < "$f")
  expect_rc 2 "$@"
  err | grep -q "output.file .* $msg" || fail "$*: no message '$msg': $(err)"
  [ "$(sha256sum < "$f")" = "$before" ] || fail "$f was changed"
}
printf '%s\noutput: { file: self.yaml }\n' "$body" > self.yaml
check_untouched self.yaml "is the scenario file itself" "$BTL" run self.yaml
err | grep -q "^self.yaml:6:17: " || fail "not located at output.file: $(err)"
check_untouched self.yaml "is the scenario file itself" "$BTL" validate self.yaml
printf '%s\npreset: jbl_partyboost\noutput: { file: presets/jbl_partyboost.yaml }\n' "$body" > preset.yaml
sed -i 's/kind: single, sinks: \[spk\]/kind: relay, chain: [phone, spk]/' preset.yaml
check_untouched presets/jbl_partyboost.yaml "is the preset file" "$BTL" run preset.yaml
echo "my notes" > notes.txt
printf '%s\noutput: { file: notes.txt }\n' "$body" > notes.yaml
check_untouched notes.txt "exists and is not a btlinksim result" "$BTL" run notes.yaml
# Two scenarios of one command may not share a file (one file holds all of a scenario's replications).
printf '%s\nreplications: 2\noutput: { file: r.h5 }\n' "$body" > reps.yaml
cp reps.yaml reps2.yaml
expect_rc 2 "$BTL" run reps.yaml reps2.yaml
err | grep -q "^reps2.yaml:[0-9]*:[0-9]*: .*output.file 'r.h5' is also the output of reps.yaml" || fail "shared output: $(err)"
[ ! -e r.h5 ] || fail "a result was written although the run was refused"
# A btlinksim result may be replaced.
printf '%s\noutput: { file: ok.h5 }\n' "$body" > ok.yaml
expect_rc 0 "$BTL" run ok.yaml
expect_rc 0 "$BTL" run ok.yaml
# A folder given as the scenario.
expect_rc 2 "$BTL" validate "$tmp"
err | grep -q "is a directory, not a scenario file" || fail "folder not reported: $(err)"
echo "input guard: ok"
