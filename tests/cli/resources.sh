# Resource bounds (issue 23 item 9): `sweep --list` enumerates the points without building their scenarios (a
# million points; it built every one: 1e5 took 16 s and 540 MB, 1e6 ran out of patience at 1.9 GB; the timing is a
# benchmark in docs/performance.md, not a test); points x replications is capped at 1,000,000 runs, located; a run
# whose time series would need more memory than the limit is refused before it starts, with the estimate.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cd "$tmp"
cp -r "$SRC/scenarios" .
cat > million.yaml <<'YAML'
sweep: a million points
base: scenarios/relay.yaml
parameters:
  devices.right.position[0]: { from: 1 m, to: 1000 m, step: 1 m }
  devices.left.position[0]: { from: 1 m, to: 1000 m, step: 1 m }
where: devices.right.position[0] > 0 m and topology.kind == relay
replications: 1
YAML
expect_rc 0 timeout 60 "$BTL" sweep million.yaml --list
[ "$(out | head -1)" = "a million points: 1000000 points x 1 replication = 1000000 runs" ] || fail "list: $(out | head -1)"
[ "$(out | tail -1)" = "  point 999999: devices.right.position[0] = 1000 m; devices.left.position[0] = 1000 m;" ] || fail "last point: $(out | tail -1)"
out | sed -n 1002p | grep -qx "  point 1000: devices.right.position\[0\] = 2 m; devices.left.position\[0\] = 1 m;" || fail "point 1000: $(out | sed -n 1002p)"
# where: on a key inside a swept map and on the base's own keys, judged without the scenarios
cat > kinds.yaml <<'YAML'
sweep: kinds
base: scenarios/relay.yaml
parameters:
  topology: [{ kind: relay, chain: [phone, left, right] }, { kind: dual_stream, sinks: [left, right] }]
  audio.bitrate: [192 kbps, 328 kbps]
where: topology.kind == dual_stream and audio.bitrate > 200 kbps and audio.codec == sbc
YAML
expect_rc 0 "$BTL" sweep kinds.yaml --list
[ "$(out | head -1)" = "kinds: 1 point x 5 replications = 5 runs" ] || fail "where in a swept map: $(out)"
out | grep -q "topology = {kind: dual_stream, sinks: \[left, right\]}; audio.bitrate = 328 kbps;" || fail "kept point: $(out)"
# points x replications: at most 1,000,000 runs
sed 's/^replications: 1$/replications: 2/' million.yaml > two.yaml
expect_rc 2 "$BTL" sweep two.yaml --list
err | grep -q "^two.yaml:7:15: sweep: 1000000 points x 2 replications = 2000000 runs; a sweep runs at most 1000000" || fail "runs cap: $(err)"
# a time series estimated above the memory limit: refused before the first run, nothing written
sed -e 's/^duration:.*/duration: 10 min/' -e "\$a output: { file: $tmp/ts.h5, timeseries: true }" scenarios/relay.yaml > ts.yaml
expect_rc 2 "$BTL" run -q ts.yaml --max-memory 100M
err | grep -q "^ts.yaml:16:17: output.timeseries: 4.13e+05 rows (a packet at each of 2 sinks, 600 s, 5 replications) need about 0.2 GB of memory, above the limit of 0.1 GB (--max-memory)" || fail "time series estimate: $(err)"
[ ! -e ts.h5 ] || fail "a refused run wrote its file"
sed -i 's/^duration:.*/duration: 20 s/' ts.yaml
expect_rc 0 "$BTL" run -q ts.yaml --max-memory 100M
expect_rc 2 "$BTL" run -q ts.yaml --max-memory 2x
echo "resources: ok"
