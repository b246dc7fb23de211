# docs/validation.md, the rows that run in CI: each compares the simulator with a published number, with its
# tolerance stated before looking (nothing is fitted to it).
source "$(dirname "$0")/lib.bash"
# 1. End-to-end latency of a default phone-to-speaker SBC stream against the Bluetooth part of tap-to-sound: through
#    a JBL speaker or an Echo about 225-250 ms [coyle], of which about 83 ms is the tablet's own touch-to-speaker path:
#    142-167 ms (derived once, issue 22). docs/validation.md states that the simulator DISAGREES: 180.7 ms with the
#    150 ms default buffer (U), above the band; with the 116 ms A2DP-sink buffer of [cypress-kba] it is inside. This
#    checks both statements, so a change of either the default or the model shows up here.
expect_rc 0 "$BTL" run "$SRC/scenarios/single_speaker.yaml" -j 2 --json
/usr/bin/python3 - "$(out)" <<'PY' || fail "end-to-end latency outside the published range"
import json, sys
s = json.loads(sys.argv[1])[0]
spk = [t for t in s["tables"] if t["table"] == "sinks"][0]["rows"][0]
e2e, transport = spk["e2e_latency_mean_s"], spk["latency_mean_s"]
assert e2e["n"] == 5 and e2e["mean"] > 0.167 and abs(e2e["mean"] - 0.1807) < 0.001, e2e  # above the band, as documented
assert transport["mean"] < 0.05, transport   # the air and the encoder tick are a small part of it
print("end-to-end %.1f ms (transport %.1f ms)" % (e2e["mean"] * 1e3, transport["mean"] * 1e3))
PY
sed -e '/^output:/d' -e 's/^topology: .*/&\naudio: { buffer: a2dp_sink_max }/' "$SRC/scenarios/single_speaker.yaml" > "${TMPDIR:-/tmp}/btl_val.$$.yaml"
expect_rc 0 "$BTL" run "${TMPDIR:-/tmp}/btl_val.$$.yaml" -j 2 --json; rm -f "${TMPDIR:-/tmp}/btl_val.$$.yaml"
/usr/bin/python3 - "$(out)" <<'PY' || fail "with the cited 116 ms buffer the latency should fall inside the band"
import json, sys
spk = [t for t in json.loads(sys.argv[1])[0]["tables"] if t["table"] == "sinks"][0]["rows"][0]
assert 0.142 <= spk["e2e_latency_mean_s"]["mean"] <= 0.167, spk["e2e_latency_mean_s"]
print("with a 116 ms buffer: %.1f ms" % (spk["e2e_latency_mean_s"]["mean"] * 1e3))
PY
echo "validation: ok"
