# Snooping (issue 14): the snooper overhears the phone's exchanges with the primary; the primary re-sends exactly
# the packets the snooper missed (and only those), over its own link, and both render on the piconet clock.
# Checked from the result tables by accounting worked by hand:
#   repairs = snooped packets - snooped packets heard (the primary got every packet: nothing flushed);
#   snooper's frames = frames per packet x (heard + repaired);
#   the primary's radio = its exchanges with the phone + its repair exchanges; the snooper's = what it listened to
#   + the repairs it received (each exchange of the one packet type);
#   skew within 2 x the +/-10 us piconet-clock tracking window.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
sed -e 's/^duration:.*/duration: 30 s/' -e 's/^replications:.*/replications: 2/' -e 's/shadowing_sigma: 4 dB/shadowing_sigma: 0 dB/' \
    -e 's/position: \[6, 1\]/position: [45, 1]/' -e 's/position: \[2, 1\]/position: [42, 2]/' \
    -e "\$a output: { file: $tmp/s.h5 }" "$SRC/scenarios/snoop.yaml" > "$tmp/s.yaml"
grep -q "position: \[45, 1\]" "$tmp/s.yaml" && grep -q "$tmp/s.h5" "$tmp/s.yaml" || fail "could not derive the scenario"
expect_rc 0 "$BTL" run "$tmp/s.yaml" -q
/usr/bin/python3 - "$tmp/s.h5" <<'PY' || fail "snoop accounting"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1])
def tab(g):
    return {k: (f[g][k].asstr()[()] if f[g][k].dtype.kind == "O" else f[g][k][()]) for k in f[g]}
L, S, D = tab("links"), tab("sinks"), tab("devices")
for rep in (0, 1):
    li = lambda n: np.flatnonzero((L["name"] == n) & (L["replication"] == rep))[0]
    si = lambda n: np.flatnonzero((S["name"] == n) & (S["replication"] == rep))[0]
    di = lambda n: np.flatnonzero((D["name"] == n) & (D["replication"] == rep))[0]
    audio, snoop, repair = li("phone->left"), li("phone->right"), li("left->right")
    assert L["flushed"][audio] == 0
    missed = L["packets"][snoop] - L["delivered"][snoop]
    assert missed > 0, "the geometry should make the snooper miss some packets"
    assert L["packets"][repair] == missed, (L["packets"][repair], missed)
    assert L["delivered"][repair] == missed  # a 3 m repair link at -51 dBm: every repair gets through
    fpp = S["frames_received"][si("left")] / L["delivered"][audio]
    assert fpp == int(fpp) and fpp > 1, fpp
    assert S["frames_received"][si("right")] == fpp * (L["delivered"][snoop] + L["delivered"][repair])
    assert abs(D["airtime_s"][di("left")] - L["airtime_s"][audio] - L["airtime_s"][repair]) < 1e-9
    assert abs(D["airtime_s"][di("right")] - L["airtime_s"][snoop] - L["airtime_s"][repair]) < 1e-9
    assert S["frames_lost"][si("right")] == 0 and S["skew_max_s"][si("right")] <= 20e-6
print("snoop: ok")
PY
echo "snoop: ok"
