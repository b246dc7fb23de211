# Wi-Fi multi-room (issue 14) on SimGrid's Wi-Fi model, against numbers worked by hand:
#  - a chunk message (7 SBC frames of 119 B + 40 B headers = 873 B) crosses the air twice (station -> access
#    point -> station) at MCS 7 (65 Mb/s); the two speakers' messages and k saturating background transfers
#    share the air time equally: transfer = (2 + k) x 2 x 873 B / 8.125 MB/s = 0.4298, 0.6447, 1.0745 ms for
#    k = 0, 1, 3: throughput falls with contention;
#  - network-time rendering: speakers within 2 x time_error of each other, and with the stations far from the
#    access point (MCS 0) and 20 background transfers at MCS 0, each flow gets 1 / (2 x 22 x 8 / 6.5 Mb/s) =
#    18.5 kB/s < the 43.7 kB/s the stream needs (802.11's equal-throughput sharing): the stream falls behind, dropouts.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
derive() {  # $1 name, rest: sed expressions
  local name=$1; shift
  sed -e 's/^duration:.*/duration: 20 s/' -e 's/^replications:.*/replications: 2/' -e 's/shadowing_sigma: 4 dB/shadowing_sigma: 0 dB/' \
      -e "\$a output: { file: $tmp/$name.h5, timeseries: true }" "$@" "$SRC/scenarios/wifi_multiroom.yaml" > "$tmp/$name.yaml"
  grep -q "$tmp/$name.h5" "$tmp/$name.yaml" || fail "could not derive $name"
}
for k in 0 1 3; do derive "bg$k" -e "s/background_flows: 0/background_flows: $k/"; done
derive far -e "s/access_point: \\[4, 5\\]/access_point: [4, 110]/" -e "s/background_flows: 0/background_flows: 20, background_mcs: 0/"
grep -q "background_flows: 3" "$tmp/bg3.yaml" && grep -q "access_point: \[4, 110\]" "$tmp/far.yaml" || fail "scenarios not derived"
for n in bg0 bg1 bg3 far; do expect_rc 0 "$BTL" run "$tmp/$n.yaml" -q; done
/usr/bin/python3 - "$tmp" <<'PY' || fail "Wi-Fi mechanisms"
import sys, h5py, numpy as np
d = sys.argv[1]
T = 128 / 44100  # SBC frame: 16 blocks x 8 subbands at 44.1 kHz
B = 7 * 119 + 40
for k in (0, 1, 3):
    with h5py.File(f"{d}/bg{k}.h5") as f:
        ts = f["timeseries"]
        transfer = ts["arrival_s"][()] - (ts["capture_s"][()] + ts["frames"][()] * T) - 1e-3  # minus the AP's 1 ms
        want = (2 + k) * 2 * B / (65e6 / 8)
        assert np.all(np.abs(transfer - want) < 1e-9), (k, transfer.min(), transfer.max(), want)
        s = f["sinks"]
        assert (s["dropouts"][()] == 0).all() and (s["skew_max_s"][()] <= 2e-3).all(), (s["dropouts"][()], s["skew_max_s"][()])
with h5py.File(f"{d}/far.h5") as f:
    s = f["sinks"]
    assert (s["dropouts"][()] > 0).all(), s["dropouts"][()]
print("wifi: ok")
PY
echo "wifi: ok"
# Issue 23 item 7: a Wi-Fi group is not a piconet: 12 speakers play (Bluetooth's max_links of 7 bounded it before),
# while 8 speakers on the source's ACL links are still refused by the piconet limit.
stations=$(for i in $(seq 0 9); do printf '  s%d: { role: speaker, position: [%d, 2] }\n' "$i" $((3 + i)); done)
names=$(for i in $(seq 0 9); do printf ', s%d' "$i"; done)
sed -e 's/^duration: .*/duration: 20 s/' -e "\$a output: { file: $tmp/w12.h5 }" \
    -e "s/^topology: .*/topology: { kind: wifi_multiroom, sinks: [left, right$names] }/" "$SRC/scenarios/wifi_multiroom.yaml" |
  awk -v st="$stations" '{print} /^  right:/{print st}' > "$tmp/w12.yaml"
expect_rc 0 "$BTL" run -q "$tmp/w12.yaml"
out | grep -q "every sink played in 5 of 5 replications" || fail "12 Wi-Fi speakers: $(out | tail -3)"
sed -e "s/kind: wifi_multiroom, sinks: \[left, right$names\]/kind: dual_stream, sinks: [left, right$names]/" "$tmp/w12.yaml" > "$tmp/acl12.yaml"
expect_rc 2 "$BTL" validate "$tmp/acl12.yaml"
err | grep -q "device 'phone' needs 12 links but allows 7 (max_links)" || fail "12 ACL links were not refused: $(err)"
echo "wifi, 12 stations: ok"
