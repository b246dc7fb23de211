# The HDF5 result is written to NAME.tmp and renamed: when the rename itself fails (LD_PRELOAD shim), the run
# exits 1 naming the file, leaves no temporary behind and the earlier result stays byte for byte as it was;
# stale temporaries of killed writers are cleaned by the next write.
source "$(dirname "$0")/lib.bash"
[ -n "$SHIM" ] && [ -f "$SHIM" ] || fail "no rename shim given"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/s.yaml" <<YAML
duration: 2 s
devices:
  phone: { role: source, position: [0, 0] }
  spk: { role: speaker, position: [2, 0] }
topology: { kind: single, sinks: [spk] }
output: { file: $tmp/out.h5 }
YAML
expect_rc 0 "$BTL" run "$tmp/s.yaml"
[ -f "$tmp/out.h5" ] || fail "first run wrote no result"
before=$(sha256sum < "$tmp/out.h5")
sed -i 's/duration: 2 s/duration: 3 s/' "$tmp/s.yaml"   # a different result would be written
BTL_FAIL_RENAME=out.h5 LD_PRELOAD="$SHIM" expect_rc 1 "$BTL" run "$tmp/s.yaml"
err | grep -q "cannot rename" || fail "no message about the failed rename: $(err)"
[ -z "$(find "$tmp" -name '*.tmp')" ] || fail "temporary file left: $(ls "$tmp")"
[ "$(sha256sum < "$tmp/out.h5")" = "$before" ] || fail "the earlier result was changed"
# Without the fault the same command replaces the result.
expect_rc 0 "$BTL" run "$tmp/s.yaml"
[ "$(sha256sum < "$tmp/out.h5")" != "$before" ] || fail "the new result did not replace the old one"
# Temporaries a killed writer left (its PID gone) are removed by the next write; one of a live process is kept
# (issue 16: nothing removed them). A process that has exited gives a PID that no longer runs.
sleep 0 & dead=$!; wait "$dead"
kill -0 "$dead" 2>/dev/null && fail "pid $dead still runs"
echo partial > "$tmp/out.h5.$dead.tmp"
echo partial > "$tmp/out.h5.$$.tmp"
sed -i "s#output: { file: $tmp/out.h5 }#output: { file: $tmp/out.h5, trace: $tmp/t.json, pcap: $tmp/t.pcap }#" "$tmp/s.yaml"
echo partial > "$tmp/t.json.$dead.tmp"; echo partial > "$tmp/t.pcap.$dead.tmp"
expect_rc 0 "$BTL" run "$tmp/s.yaml"
[ ! -e "$tmp/out.h5.$dead.tmp" ] && [ ! -e "$tmp/t.json.$dead.tmp" ] && [ ! -e "$tmp/t.pcap.$dead.tmp" ] \
  || fail "stale temporaries kept: $(ls "$tmp")"
[ -e "$tmp/out.h5.$$.tmp" ] || fail "a live process's temporary was removed"
rm -f "$tmp/out.h5.$$.tmp"
echo "atomic write: ok"
