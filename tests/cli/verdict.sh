# compare's verdict and the dropout causes (issue 22): one line per criterion naming the better design where the 95 %
# intervals separate, "no difference at 95 %" otherwise, the cause behind a design's dropouts; the same verdict from
# the run files (`btlinksim verdict`) as from the runs in memory (`compare --json`); the cause columns sum to the totals.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
short() { sed -e 's/^duration:.*/duration: 30 s/' -e 's/^replications:.*/replications: 3/' -e "\$a output: { file: $tmp/$2.h5 }" "$1"; }
short "$SRC/scenarios/relay.yaml" relay3 | sed 's/2-DH5/2-DH3/' > "$tmp/relay3.yaml"   # over its air time (108 %)
short "$SRC/scenarios/dual_stream.yaml" dual > "$tmp/dual.yaml"
short "$SRC/scenarios/dual_stream.yaml" dual_again > "$tmp/dual_again.yaml"

expect_rc 0 "$BTL" compare "$tmp/relay3.yaml" "$tmp/dual.yaml" -q -j 2
out | grep -q "^== verdict" || fail "no verdict: $(out)"
line() { out | grep "^$1 "; }
line dropouts | grep -qF -- "-> B (living room, dual stream) better" || fail "dropouts verdict: $(line dropouts)"
out | grep -qF "cause, A (living room, relay): air time 100 % of the dropouts: radio of left needs 108 % of the air time" ||
  fail "air-time cause: $(out | grep cause)"
line "end-to-end latency" | grep -qF -- "-> A (living room, relay) better" || fail "latency verdict: $(line 'end-to-end latency')"
line skew | grep -qF -- "-> A (living room, relay) better" || fail "skew verdict: $(line skew)"
out | grep -qF "sink right: dropouts to air time" || fail "compare lacks the cause rows"
out | grep -qF "device left: air time needed %" || fail "compare lacks the air-time need"

# The same verdict from the files as from the runs in memory.
expect_rc 0 "$BTL" compare "$tmp/relay3.yaml" "$tmp/dual.yaml" -q -j 2 --json
/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1])["verdict"], sort_keys=True))' "$(out)" > "$tmp/mem.json"
expect_rc 0 "$BTL" verdict "$tmp/relay3.h5" "$tmp/dual.h5" --json
/usr/bin/python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1]), sort_keys=True))' "$(out)" > "$tmp/files.json"
diff "$tmp/mem.json" "$tmp/files.json" >&2 || fail "verdict from files differs from compare's"

# Every cause column sums to its total, in every replication and sink.
/usr/bin/python3 - "$tmp/relay3.h5" "$tmp/dual.h5" <<'PY' || fail "causes do not sum to the totals"
import sys, h5py, numpy as np
for p in sys.argv[1:]:
    s = h5py.File(p)["sinks"]
    d = s["dropouts"][()]
    parts = sum(s["dropouts_" + c][()] for c in ("channel", "air_time", "link_loss", "host", "late"))
    assert np.array_equal(d, parts, equal_nan=True), (p, d, parts)
    sil = sum(s["silent_" + c][()] for c in ("startup_s", "displaced_s", "refused_s", "not_linked_s"))
    assert np.allclose(s["silent_s"][()], sil, rtol=0, atol=1e-9), (p, s["silent_s"][()], sil)
PY

# summary of a run file names the main cause; of a sweep, its parameters are the swept ones only (not status/warnings).
expect_rc 0 "$BTL" summary "$tmp/relay3.h5"
out | grep -E "^0 +left " | grep -q "air time 100%" || fail "summary's cause: $(out)"
out | grep -q "^parameters: none" || fail "summary of a run: $(out)"
mkdir -p "$tmp/sweeps"
cat > "$tmp/sweeps/s.yaml" <<YAML
sweep: packet types
base: ../dual.yaml
parameters:
  audio.packet_type: [2-DH5, 3-DH5]
replications: 2
output: $tmp/s.h5
YAML
expect_rc 0 "$BTL" sweep "$tmp/sweeps/s.yaml" -q -j 2
expect_rc 0 "$BTL" summary "$tmp/s.h5"
out | grep -q "^parameters: audio.packet_type$" || fail "summary of a sweep: $(out)"
# Two runs of the same design: no difference at 95 % (the same seed gives the same results: no spread between them).
expect_rc 0 "$BTL" compare "$tmp/dual.yaml" "$tmp/dual_again.yaml" -q -j 2
line dropouts | grep -qF -- "-> no difference at 95 %" || fail "equal designs: $(line dropouts)"
line "end-to-end latency" | grep -qF -- "-> no difference at 95 %" || fail "equal designs: $(line 'end-to-end latency')"
# One replication: no verdict.
sed -e 's/^replications:.*/replications: 1/' -e "s#$tmp/dual.h5#$tmp/one.h5#" "$tmp/dual.yaml" > "$tmp/one.yaml"
expect_rc 0 "$BTL" compare "$tmp/relay3.yaml" "$tmp/one.yaml" -q -j 2
line "end-to-end latency" | grep -qF "fewer than 2 replications" || fail "n = 1: $(line 'end-to-end latency')"
# Bad input: a sweep file, a missing file.
expect_rc 2 "$BTL" verdict "$tmp/relay3.h5" "$tmp/nosuch.h5"
echo "verdict: ok"
