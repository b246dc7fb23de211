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
# Inputs that are not a regular file of bounded size (issue 23 items 10 and 12): a message naming the file, no
# location 0:0, exit 2, at once (/dev/zero grew to gigabytes; a FIFO blocked forever).
check_input() {  # $1 path, $2 expected message
  timeout 10 "$BTL" validate "$1" > "$tmp/o" 2> "$tmp/e"; local rc=$?
  [ "$rc" -eq 2 ] || fail "validate $1: exit $rc (want 2): $(cat "$tmp/e")"
  grep -qF "$1: $2" "$tmp/e" || fail "validate $1: no message '$2': $(cat "$tmp/e")"
  grep -q ":0:0:" "$tmp/e" && fail "validate $1: located at 0:0: $(cat "$tmp/e")"
  return 0
}
check_input /dev/zero "is not a regular file (a device, FIFO or socket)"
mkfifo fifo.yaml
check_input fifo.yaml "is not a regular file (a device, FIFO or socket)"
check_input missing.yaml "cannot read the scenario file: No such file or directory; check the path"
ln -s loop.yaml loop.yaml
check_input loop.yaml "cannot read the scenario file: Too many levels of symbolic links"
truncate -s 17M big.yaml
check_input big.yaml "is 17 MiB; a scenario file is at most 16 MiB"
: > empty.yaml
expect_rc 2 "$BTL" validate empty.yaml
err | grep -q "^empty.yaml:1:1: .*scenario" || fail "empty file: $(err)"
printf 'sweep: s\nbase: fifo.yaml\nparameters:\n  duration: [1 s]\n' > fifo_sweep.yaml
timeout 10 "$BTL" sweep fifo_sweep.yaml --list > "$tmp/o" 2> "$tmp/e"; rc=$?
[ "$rc" -eq 2 ] || fail "a sweep on a FIFO base: exit $rc: $(cat "$tmp/e")"
grep -q "fifo_sweep.yaml:2:7: sweep.base '.*fifo.yaml': is not a regular file" "$tmp/e" || fail "sweep base FIFO: $(cat "$tmp/e")"
# An output that cannot be written is found before the first run (issue 23 item 8), by validate, run and sweep,
# with the system's reason: a path through a regular file for everyone; a read-only directory (a read-only
# tmpfs as root, permissions otherwise).
printf '%s\nreplications: 3\noutput: { file: notes.txt/r.h5 }\n' "$body" > through_file.yaml
for cmd in validate run; do
  expect_rc 2 "$BTL" $cmd through_file.yaml
  err | grep -q "^through_file.yaml:7:17: output.file 'notes.txt/r.h5' cannot be written: '.*/notes.txt' is not a directory" ||
    fail "$cmd, output through a file: $(err)"
done
mkdir ro
if [ "$(id -u)" -eq 0 ]; then mount -t tmpfs -o ro tmpfs ro 2>/dev/null && mounted=1 || mounted=0; else chmod 555 ro; mounted=0; fi
if [ "$(id -u)" -ne 0 ] || [ "$mounted" -eq 1 ]; then
  reason=$([ "$mounted" -eq 1 ] && echo "Read-only file system" || echo "Permission denied")
  printf '%s\noutput: { file: ro/sub/r.h5 }\n' "$body" > ro.yaml
  for cmd in validate run; do
    expect_rc 2 "$BTL" $cmd ro.yaml
    err | grep -qF "output.file 'ro/sub/r.h5' cannot be written: cannot create files in '$tmp/ro': $reason" || fail "$cmd, read-only: $(err)"
  done
  printf 'sweep: s\nbase: ok.yaml\nparameters:\n  duration: [1 s, 2 s]\noutput: ro/s.h5\n' > ro_sweep.yaml
  for flag in --dry-run ""; do
    expect_rc 2 "$BTL" sweep ro_sweep.yaml $flag -q
    err | grep -qF "ro_sweep.yaml:5:9: output 'ro/s.h5' cannot be written: cannot create files in '$tmp/ro': $reason" || fail "sweep $flag read-only: $(err)"
  done
  [ "$mounted" -eq 1 ] && umount ro
fi
echo "input guard: ok"
