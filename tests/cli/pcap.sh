# output.pcap (issue 15): replication 0's delivered ACL packets as HCI H4 (link type 201), dissected by Debian's
# tshark: as many packets as /links says were delivered on each connection handle (link index + 1), each ACL
# length = L2CAP header 4 + RTP 12 + SBC media header 1 + frames x 119-byte SBC frames, L2CAP channel 0x0041,
# in time order. A capture never replaces a file that is not one; kinds without Bluetooth traffic are refused.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
command -v tshark > /dev/null || fail "tshark is not installed (bash .ci/setup installs Debian's tshark)"
sed -e 's/^duration:.*/duration: 5 s/' -e 's/^replications:.*/replications: 2/' \
    -e "\$a output: { file: $tmp/r.h5, pcap: $tmp/r.pcap, trace_for: 10 s }" \
    "$SRC/scenarios/relay.yaml" > "$tmp/r.yaml"
grep -q "$tmp/r.pcap" "$tmp/r.yaml" || fail "could not derive the scenario"
expect_rc 0 "$BTL" run "$tmp/r.yaml" -q
tshark -r "$tmp/r.pcap" -T fields -e frame.time_epoch -e bthci_acl.chandle -e bthci_acl.length -e btl2cap.cid \
  > "$tmp/fields.txt" 2> "$tmp/tshark.err" || fail "tshark: $(cat "$tmp/tshark.err")"
/usr/bin/python3 - "$tmp" <<'PY' || fail "capture contents"
import sys, h5py, collections
d = sys.argv[1]
rows = [l.split("\t") for l in open(f"{d}/fields.txt").read().splitlines()]
assert rows and all(len(r) == 4 for r in rows), rows[:3]
with h5py.File(f"{d}/r.h5") as f:
    g = f["links"]
    rep0 = g["replication"][()] == 0
    delivered = dict(zip(g["name"].asstr()[()][rep0], g["delivered"][()][rep0]))
    s = f["sinks"]
    frames_left = s["frames_received"][()][(s["name"].asstr()[()] == "left") & (s["replication"][()] == 0)][0]
handles = collections.Counter(int(r[1], 16) for r in rows)
assert handles == {1: delivered["phone->left"], 2: delivered["left->right"]}, (handles, delivered)
assert all(r[3] == "0x0041" for r in rows)
lengths = [int(r[2]) for r in rows]
frames = [(n - 4 - 12 - 1) / 119 for n in lengths]
assert all(x == int(x) and x >= 1 for x in frames), set(lengths)
# The frames captured on handle 1 are exactly what the left speaker received.
assert sum(fr for fr, r in zip(frames, rows) if r[1] == "0x0001") == frames_left
times = [float(r[0]) for r in rows]
assert times == sorted(times) or all(b - a > -0.01 for a, b in zip(times, times[1:]))
print("pcap: ok")
PY
echo "my notes" > "$tmp/notes.pcap"
sed -e "s#pcap: $tmp/r.pcap#pcap: $tmp/notes.pcap#" "$tmp/r.yaml" > "$tmp/notes.yaml"
expect_rc 2 "$BTL" run "$tmp/notes.yaml"
[ "$(cat "$tmp/notes.pcap")" = "my notes" ] || fail "a foreign file was overwritten"
# LE Audio (issue 27): every SDU a sink's controller hands its host is an HCI ISO Data packet, and every SDU lost
# on the air one with Packet_Status_Flag 0b10 and no data. Per handle (link index + 1): as many valid packets as
# /sinks says the sink received, as many lost ones as it lost to the channel, each valid SDU the 100-octet LC3
# frame of BAP 48_2_1, sequence numbers the frame indices, in time order. For a CIS and for a broadcast whose
# receivers skip copies in runs (one far receiver, so lost SDUs occur).
for kind in le_audio_cis auracast; do
  sed -e 's/^duration:.*/duration: 20 s/' -e 's/^replications:.*/replications: 1/' -e 's/position: \[6, 1\]/position: [55, 1]/' \
      -e 's/shadowing_sigma: 4 dB/shadowing_sigma: 0 dB/' \
      -e "\$a output: { file: $tmp/$kind.h5, pcap: $tmp/$kind.pcap, trace_for: 30 s }" "$SRC/scenarios/$kind.yaml" > "$tmp/$kind.yaml"
  grep -q "position: \[55, 1\]" "$tmp/$kind.yaml" || fail "could not derive $kind"
  expect_rc 0 "$BTL" run "$tmp/$kind.yaml" -q
  tshark -r "$tmp/$kind.pcap" -T fields -e frame.time_epoch -e bthci_iso.chandle -e bthci_iso.pb_flag \
    -e bthci_iso_data.packet_seq_num -e bthci_iso_data.sdu_length -e bthci_iso_data.status_flag \
    > "$tmp/$kind.txt" 2> "$tmp/tshark.err" || fail "tshark: $(cat "$tmp/tshark.err")"
  /usr/bin/python3 - "$tmp" "$kind" <<'PY' || fail "$kind capture contents"
import sys, h5py, collections
d, kind = sys.argv[1], sys.argv[2]
rows = [l.split("\t") for l in open(f"{d}/{kind}.txt").read().splitlines()]
assert rows and all(len(r) == 6 and r[1] for r in rows), rows[:3]
with h5py.File(f"{d}/{kind}.h5") as f:
    s = f["sinks"]
    names = list(s["name"].asstr()[()])
    received = dict(zip(names, s["frames_received"][()]))
    lost = dict(zip(names, s["frames_lost"][()] - s["frames_late"][()]))
valid = collections.Counter(int(r[1], 16) for r in rows if int(r[5], 0) == 0)
bad = collections.Counter(int(r[1], 16) for r in rows if int(r[5], 0) == 2)
assert valid == {1: received["left"], 2: received["right"]}, (valid, received)
assert bad[2] > 0 and bad[2] >= lost["right"] - 2, (bad, lost)  # (frames due at the very end may not be settled)
assert all(int(r[2], 0) == 2 for r in rows), "PB_Flag: complete SDU"
assert all(int(r[4]) == (100 if int(r[5], 0) == 0 else 0) for r in rows), set(r[4] for r in rows)
for h in (1, 2):
    seq = [int(r[3]) for r in rows if int(r[1], 16) == h]
    assert seq == sorted(seq) and len(set(seq)) == len(seq), (h, seq[:10])
times = [float(r[0]) for r in rows]
assert times == sorted(times)
print(kind, "pcap: ok", dict(valid), dict(bad))
PY
done
sed -e 's/^duration:.*/duration: 5 s/' -e "\$a output: { pcap: $tmp/wifi.pcap }" "$SRC/scenarios/wifi_multiroom.yaml" > "$tmp/wifi.yaml"
expect_rc 2 "$BTL" validate "$tmp/wifi.yaml"
err | grep -q "output.pcap captures HCI ACL (BR/EDR) and ISO (LE Audio) packets; this topology kind sends neither" \
  || fail "Wi-Fi pcap: $(err)"
echo "pcap: ok"
