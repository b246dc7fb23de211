# Wi-Fi multi-room on the packet-level network (wifi.network: packet, ns-3's 802.11n BSS; issue 27 item 2),
# against numbers worked by hand and the flow model:
#  - idle network: each 873-byte message is two MPDUs on the air (phone -> access point -> speaker), each at best
#    MCS 7: 26 + 4 + 8 + 873 = 911 octets, 16 + 7288 + 6 = 7310 bits in 29 symbols of 260 bits: 36 + 116 + 6 =
#    158 us; so it arrives at least 2 x 158 us after it is sent (+ the access point's 1 ms), and on an idle
#    network, with at most CWmin = 15 slots of backoff per hop, AIFS, SIFS and the 34 us ACK, and a beacon in
#    the way, within 3 ms: no dropouts;
#  - 5 saturating background stations: the messages wait for the medium (the mean transfer grows) and the
#    speakers drop out, where the flow model shares the air time out and never loses a message;
#  - retries: an audio frame collides when one of the 5 saturated stations sends in the same slot; Bianchi's tau
#    for 5 saturated stations is 0.0761 (models/wifi/bianchi.hpp), so p = 1 - (1 - 0.0761)^5 = 0.327 per try,
#    p / (1 - p) = 0.486 retransmissions per hop, 0.97 per message over its two hops (links' retransmissions /
#    packets; within 20 %); on the idle network the source's second message of each chunk contends with the
#    access point's forwarding of the first, both backoffs uniform over 0..15 slots: they collide with
#    probability 1/16, two retransmissions per two messages: 0.0625 per message (~31 collisions in 10 s:
#    0.03-0.1 holds it to about 2 standard deviations);
#  - the same scenario and seed give identical results (ns-3's streams fixed per run).
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
derive() {  # $1 name, $2 background stations, $3 network
  sed -e 's/^duration:.*/duration: 10 s/' -e 's/^replications:.*/replications: 1/' \
      -e "s/background_flows: 0/background_flows: $2, network: $3/" \
      -e "\$a output: { file: $tmp/$1.h5, timeseries: true }" "$SRC/scenarios/wifi_multiroom.yaml" > "$tmp/$1.yaml"
  grep -q "network: $3" "$tmp/$1.yaml" || fail "could not derive $1"
}
derive idle 0 packet
derive busy 5 packet
derive busy_again 5 packet
derive busy_flow 5 flow
for n in idle busy busy_again busy_flow; do expect_rc 0 "$BTL" run "$tmp/$n.yaml" -q; done
/usr/bin/python3 - "$tmp" <<'PY' || fail "packet-level Wi-Fi"
import sys, h5py, numpy as np
d = sys.argv[1]
T = 128 / 44100  # SBC frame
def transfer(name):
    with h5py.File(f"{d}/{name}.h5") as f:
        ts = f["timeseries"]
        return ts["arrival_s"][()] - (ts["capture_s"][()] + ts["frames"][()] * T) - 1e-3, f["sinks"]["dropouts"][()]
def retries(name):
    with h5py.File(f"{d}/{name}.h5") as f:
        l = f["links"]
        return l["retransmissions"][()].sum() / l["packets"][()].sum()
idle, idle_drops = transfer("idle")
assert idle.size > 900, idle.size  # 2 speakers x ~497 messages in 10 s
assert idle.min() >= 2 * 158e-6 - 1e-9, idle.min()
assert idle.max() < 3e-3, idle.max()
assert (idle_drops == 0).all(), idle_drops
busy, busy_drops = transfer("busy")
flow, flow_drops = transfer("busy_flow")
assert busy.mean() > 3 * idle.mean(), (busy.mean(), idle.mean())
assert busy_drops.sum() > 0 and (flow_drops == 0).all(), (busy_drops, flow_drops)
assert 0.03 < retries("idle") < 0.1, retries("idle")
assert abs(retries("busy") / 0.972 - 1) < 0.2, retries("busy")
with h5py.File(f"{d}/busy.h5") as a, h5py.File(f"{d}/busy_again.h5") as b:
    for g, c in (("timeseries", "arrival_s"), ("sinks", "dropouts"), ("sinks", "latency_mean_s")):
        assert np.array_equal(a[g][c][()], b[g][c][()], equal_nan=True), (g, c)
print(f"idle {idle.min()*1e3:.3f}-{idle.max()*1e3:.3f} ms (mean {idle.mean()*1e3:.3f}); busy mean {busy.mean()*1e3:.2f} ms, "
      f"dropouts {busy_drops.tolist()}, retransmissions per message {retries('busy'):.3f} (idle {retries('idle'):.4f}); "
      f"flow mean {flow.mean()*1e3:.2f} ms")
PY
echo "wifi_packet: ok"
