# SimGrid's logging shows the protocol as it happens (stderr), off by default, and never changes the results.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sed -e 's/replications: 5/replications: 1/' -e '$a output: { file: none }' \
  "$SRC/scenarios/walking_away.yaml" > "$tmp/w.yaml"
expect_rc 0 "$BTL" run "$tmp/w.yaml"; quiet=$(out | grep -v "engine wall time")
[ -z "$(err)" ] || fail "logging is on by default: $(err)"
expect_rc 0 "$BTL" run "$tmp/w.yaml" --verbose
[ "$(out | grep -v "engine wall time")" = "$quiet" ] || fail "--verbose changed the results"
err | grep -q "btl_link/INFO.* lost at .*supervision timeout" || fail "no supervision timeout logged: $(err | head)"
err | grep -q "btl_link/INFO.* reconnected at" || fail "no reconnection logged"
expect_rc 0 "$BTL" run "$SRC/scenarios/jbl_partyboost.yaml" --log btl_formation.thres:verbose
err | grep -q "btl_formation/VERBOSE.*handshake state .* sends" || fail "no handshake message logged: $(err | head)"
err | grep -q "btl_formation/INFO.* discovered " || fail "no discovery logged"
expect_rc 0 "$BTL" run "$tmp/w.yaml" --log btl_acl.thres:verbose
err | grep -q "btl_acl/VERBOSE.*attempt 1 of frame .* failed" || fail "no retransmission logged: $(err | head)"
echo "log: ok"
