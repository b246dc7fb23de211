# The ACL source carries packets ahead of SimGrid's clock while no other actor exists (sim/engine/transport.cpp;
# docs/performance.md): the results must be the same, bit for bit, as with one engine event per packet
# (BTLINKSIM_NO_BATCH=1). And a radio's reservations forgotten once no later exchange may ask about them
# (AclTransport::settle) must change nothing either: the same, bit for bit, as when they are kept until the
# source's time (BTLINKSIM_NO_SETTLE=1). Scenarios that leave the batched path and come back: formation at
# power-on, a link lost and re-formed (walking_away), snooping with repairs, dual stream, a static relay, time
# series on.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp" /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
n=0
for sc in relay dual_stream snoop walking_away power_on_race living_room; do
  for mode in batch event kept; do
    sed -e "s#^output: .*#output: { file: $tmp/$sc.$mode.h5, timeseries: true }#" -e 's#^replications: .*#replications: 2#' \
        "$SRC/scenarios/$sc.yaml" > "$tmp/$sc.$mode.yaml"
    grep -q "^output:" "$tmp/$sc.$mode.yaml" || echo "output: { file: $tmp/$sc.$mode.h5, timeseries: true }" >> "$tmp/$sc.$mode.yaml"
    # keep the runs short where the scenario is long (the walk-away keeps its own duration: it loses the link)
    [ "$sc" = walking_away ] || sed -i -e 's#^duration: .*#duration: 40 s#' "$tmp/$sc.$mode.yaml"
  done
  (cd "$tmp" && expect_rc 0 "$BTL" run "$sc.batch.yaml" -q -j 2 && BTLINKSIM_NO_BATCH=1 expect_rc 0 "$BTL" run "$sc.event.yaml" -q -j 2 \
     && BTLINKSIM_NO_SETTLE=1 expect_rc 0 "$BTL" run "$sc.kept.yaml" -q -j 2) || fail "$sc: $(err)"
  same() { /usr/bin/python3 "$SRC/tests/support/h5_identical.py" --ignore /replications/wall_s --ignore /scenario/text --ignore /@scenario_file --ignore /@input_path --ignore /@scenario_sha256 "$@"; }
  same "$tmp/$sc.batch.h5" "$tmp/$sc.event.h5" || fail "$sc: batched and per-packet runs differ"
  same "$tmp/$sc.batch.h5" "$tmp/$sc.kept.h5" || fail "$sc: runs with radios settled and kept to the source's time differ"
  n=$((n + 1))
done
# walking_away must really have lost and re-formed its link, or the reconnection path was not exercised.
/usr/bin/python3 - "$tmp/walking_away.batch.h5" <<'PY' || fail "walking_away lost no link"
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    assert len(f["outages/down_s"]) > 0, "no outage"
    print("walking_away: outages", len(f["outages/down_s"]))
PY
echo "batching: $n scenarios identical with and without batching, with and without settled radios"
