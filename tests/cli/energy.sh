# Radio energy by mechanism (issue 14; models/radio/power.hpp, CC256x profile for BR/EDR):
#  - dual stream: the phone sends every packet twice (one per speaker), so it transmits 2x what it does in the
#    relay, where the primary re-sends instead: the primary sends its attempts to the far speaker plus a NULL
#    answer (126 us) per packet it received, and draws more than twice what a dual-stream speaker does;
#  - energy = V (I_tx t_tx + I_rx t_rx + I_idle t_idle) with 3.6 V, 77 / 40.5 / 1 mA, worked from the tables.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
for n in relay dual_stream; do
  sed -e 's/^duration:.*/duration: 20 s/' -e 's/^replications:.*/replications: 1/' -e 's/shadowing_sigma: 4 dB/shadowing_sigma: 0 dB/' \
      -e 's/fading: { model: rician, k: 6 dB }/fading: { model: none }/' \
      -e "\$a output: { file: $tmp/$n.h5 }" "$SRC/scenarios/$n.yaml" > "$tmp/$n.yaml"
  grep -q "$tmp/$n.h5" "$tmp/$n.yaml" || fail "could not derive $n"
  expect_rc 0 "$BTL" run "$tmp/$n.yaml" -q
done
/usr/bin/python3 - "$tmp" <<'PY' || fail "energy by mechanism"
import sys, h5py, numpy as np
d = sys.argv[1]
def dev(n):
    g = h5py.File(f"{d}/{n}.h5")["devices"]
    return {name: {k: g[k][()][i] for k in g if k != "name"} for i, name in enumerate(g["name"].asstr()[()])}, \
           h5py.File(f"{d}/{n}.h5")["replications/sim_end_s"][0]
(r, T), (ds, _) = dev("relay"), dev("dual_stream")
assert abs(ds["phone"]["tx_s"] - 2 * r["phone"]["tx_s"]) < 0.01 * r["phone"]["tx_s"], (ds["phone"]["tx_s"], r["phone"]["tx_s"])
links = h5py.File(f"{d}/relay.h5")["links"]
L = {name: {k: links[k][()][i] for k in links if k != "name"} for i, name in enumerate(links["name"].asstr()[()])}
# One packet's air = the phone's tx per attempt (the same packets on both hops); the primary sends each of its
# attempts to right and a 126 us NULL answer for each packet it received from the phone.
air = r["phone"]["tx_s"] / L["phone->left"]["attempts"]
want = L["left->right"]["attempts"] * air + L["phone->left"]["delivered"] * 126e-6
assert abs(r["left"]["tx_s"] - want) < 1e-9, (r["left"]["tx_s"], want)
assert r["left"]["current_a"] > 2 * ds["left"]["current_a"], (r["left"]["current_a"], ds["left"]["current_a"])
for name, x in r.items():
    e = 3.6 * (0.077 * x["tx_s"] + 0.0405 * x["rx_s"] + 0.001 * (T - x["tx_s"] - x["rx_s"]))
    assert abs(x["energy_j"] - e) < 1e-9 * e, (name, x["energy_j"], e)
    assert abs(x["current_a"] - e / (3.6 * T)) < 1e-12
print("energy: ok")
PY
echo "energy: ok"
