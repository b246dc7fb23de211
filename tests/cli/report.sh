# btlinksim plot and report (issue 15): figures as PNG and SVG for a run file and a sweep file; one
# self-contained HTML page for two runs (summary, compare's verdicts, figures embedded as data URIs, scenario
# text, provenance), opened in headless Chromium (Debian's chromium): its screenshot is written, every image
# decoded (the page counts them after load), the expected headings are there. Bad inputs exit 2.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
for n in relay dual_stream; do
  sed -e 's/^duration:.*/duration: 20 s/' -e 's/^replications:.*/replications: 3/' \
      -e "\$a output: { file: $tmp/$n.h5, timeseries: true }" "$SRC/scenarios/$n.yaml" > "$tmp/$n.yaml"
done
expect_rc 0 "$BTL" compare "$tmp/relay.yaml" "$tmp/dual_stream.yaml" -q
expect_rc 0 "$BTL" plot "$tmp/relay.h5" -o "$tmp/plots"
[ "$(ls "$tmp"/plots/*.png | wc -l)" -eq 4 ] && [ "$(ls "$tmp"/plots/*.svg | wc -l)" -eq 4 ] || fail "run figures: $(ls "$tmp/plots")"
cp "$SRC/scenarios/living_room.yaml" "$tmp/"
sed -e "s#output: results/architectures.h5#output: $tmp/a.h5#" -e 's/^replications: 5/replications: 2/' \
    -e 's/^parameters:/parameters:\n  duration: [10 s]/' "$SRC/scenarios/architectures.yaml" > "$tmp/a.yaml"
expect_rc 0 "$BTL" sweep "$tmp/a.yaml" -q -j 2
expect_rc 0 "$BTL" plot "$tmp/a.h5" -o "$tmp/splots"
ls "$tmp"/splots/*topology*.png > /dev/null || fail "sweep figure: $(ls "$tmp/splots")"
# What the sweep figure shows is the file's (issue 26): no figure against duration (one value); one bar per
# (point, sink), side by side, of the height of /points_sinks' mean, its error bar stopping at zero; legends name
# sinks, not Python tuples.
/usr/bin/python3 - "$SRC/analysis" "$tmp/a.h5" <<'PY' || fail "sweep figure against the file"
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np, h5py
from btlinksim import plot as btl_plot
figs = dict(btl_plot.sweep_figures(sys.argv[2]))
assert "Metrics against topology" in figs and not any("duration" in k for k in figs), list(figs)
fig = figs["Metrics against topology"]
with h5py.File(sys.argv[2]) as f:
    g = f["points_sinks"]
    want = {(int(p), n): (m, h) for p, n, m, h in zip(g["point"][()], g["name"].asstr()[()], g["dropouts_per_min_mean"][()],
                                                     g["dropouts_per_min_ci95"][()])}
    npoints = len(f["points/index"][()])
ax = fig.axes[0]
from matplotlib.container import BarContainer
bars = [b for c in ax.containers if isinstance(c, BarContainer) for b in c.patches]
heights = sorted(round(b.get_height(), 9) for b in bars)
assert heights == sorted(round(np.nan_to_num(m), 9) for m, _ in want.values()), (heights, want)
xs = [round(b.get_x(), 9) for b in bars]
assert len(set(xs)) == len(xs), "bars drawn on top of each other"
for c in ax.containers:
    if isinstance(c, BarContainer) and c.errorbar:
        for line in c.errorbar.lines[2]:
            for seg in line.get_segments():
                assert min(seg[:, 1]) >= -1e-12, "an error bar below zero"
labels = [t.get_text() for t in ax.get_legend().get_texts()]
assert labels and not any("('" in t for t in labels), labels
print(f"sweep figure: {len(bars)} bars for {npoints} points x sinks, as in the file")
PY
expect_rc 0 "$BTL" report "$tmp/relay.h5" "$tmp/dual_stream.h5" -o "$tmp/report.html"
/usr/bin/python3 - "$tmp" <<'PY' || fail "report contents"
import sys, re, base64, io, glob
import xml.etree.ElementTree as ET
import matplotlib.image as mpimg
d = sys.argv[1]
page = open(f"{d}/report.html", encoding="utf-8").read()
for h in ("Verdict", "Summary", "Figures", "Scenarios and provenance"):
    assert f"<h2>{h}" in page, h
assert page.index("<h2>Verdict") < page.index("<h2>Summary")  # the verdict first
assert "<th>dropouts by cause [per replication]</th>" in page
assert "living room, relay" in page and "living room, dual stream" in page
# e2e latency: ttp 151.8 ms vs free-running ~180 ms; skew: ttp microseconds vs free-running milliseconds
rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr><td>([a-z -]+)</td>.*?</tr>", page)}
assert "A (living room, relay) better" in rows["end-to-end latency"], rows["end-to-end latency"]
assert "A (living room, relay) better" in rows["skew"], rows["skew"]
# The summary's numbers are the file's: per run file and sink, played/replications and the mean end-to-end and
# transport latency over the replications that have one (3 significant digits, as the page prints them).
import h5py, numpy as np
for f in ("relay", "dual_stream"):
    s = h5py.File(f"{d}/{f}.h5")["sinks"]
    names, reps = s["name"].asstr()[()], len(set(s["replication"][()]))
    for sink in sorted(set(names)):
        at = names == sink
        row = re.search(rf"<tr><td>{f}.h5</td><td>{sink}</td>(.*?)</tr>", page).group(1)
        cells = re.findall(r"<td>(.*?)</td>", row)
        played = int(np.isfinite(s["dropouts"][()][at]).sum())  # dropouts is NaN where the sink never played
        assert cells[0] == f"{played}/{reps}", (f, sink, cells[0])
        for col, k in (("e2e_latency_mean_s", 3), ("latency_mean_s", 4)):
            v = s[col][()][at]
            want = f"{np.nanmean(v) * 1e3:.3g}"
            assert cells[k].split(" ± ")[0] == want, (f, sink, col, cells[k], want)
imgs = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
assert len(imgs) == 8, len(imgs)  # 4 figures per run file
for b in imgs:
    raw = base64.b64decode(b)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    assert mpimg.imread(io.BytesIO(raw)).shape[0] > 100
for svg in glob.glob(f"{d}/plots/*.svg"):
    ET.parse(svg)  # well-formed
print("report: ok")
PY
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || fail "chromium is not installed (bash .ci/setup installs Debian's chromium)"
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$tmp/chrome")
timeout 120 "$browser" "${flags[@]}" --window-size=1200,4000 --screenshot="$tmp/shot.png" "file://$tmp/report.html" > "$tmp/c1.log" 2>&1
[ -s "$tmp/shot.png" ] || fail "no screenshot: $(tail -5 "$tmp/c1.log")"
timeout 120 "$browser" "${flags[@]}" --virtual-time-budget=5000 --dump-dom "file://$tmp/report.html" > "$tmp/dom.html" 2> "$tmp/c2.log"
grep -q 'data-images-ok="8"' "$tmp/dom.html" && grep -q 'data-images-broken="0"' "$tmp/dom.html" \
  || fail "images did not render in Chromium: $(grep -o 'data-images-[a-z]*="[0-9]*"' "$tmp/dom.html") $(tail -3 "$tmp/c2.log")"
/usr/bin/python3 -c "
import sys, matplotlib.image as m; a = m.imread(sys.argv[1]); assert a.shape[0] > 1000 and a.std() > 0.01, a.shape" "$tmp/shot.png" \
  || fail "blank screenshot"
# Bad inputs: not a result, output onto an input.
expect_rc 2 "$BTL" report "$SRC/README.md" -o "$tmp/x.html"
expect_rc 2 "$BTL" report "$tmp/relay.h5" -o "$tmp/relay.h5"
echo "report: ok"
