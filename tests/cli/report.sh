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
# floor plan, headline metrics, latency distribution, and the two timelines of the time series
[ "$(ls "$tmp"/plots/*.png | wc -l)" -eq 5 ] && [ "$(ls "$tmp"/plots/*.svg | wc -l)" -eq 5 ] || fail "run figures: $(ls "$tmp/plots")"
ls "$tmp"/plots/relay_0_floor_plan.png > /dev/null || fail "no floor plan: $(ls "$tmp/plots")"
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
# A sweep's report: one compact table, the varying parameter (topology) a column of kinds, the parameter with one
# value (duration) said once above it; a row per point and sink with the file's played count.
expect_rc 0 "$BTL" report "$tmp/a.h5" -o "$tmp/sweep.html"
PYTHONPATH="$SRC/analysis" /usr/bin/python3 - "$tmp" <<'PY' || fail "sweep report table"
import sys, re, html, h5py, yaml
d = sys.argv[1]
page = html.unescape(open(f"{d}/sweep.html", encoding="utf-8").read())
table = re.search(r"<table id='sweep'>(.*?)</table>", page, re.S).group(1)
head = re.findall(r"<th>(.*?)</th>", table)
assert head[:3] == ["topology", "sink", "played"], head
assert "The same at every point: duration = 10 s." in page
rows = [re.findall(r"<td class='n'>(.*?)</td>", r) for r in re.findall(r"<tr><td.*?</tr>", table)]
with h5py.File(f"{d}/a.h5") as f:
    g = f["points_sinks"]
    kinds = [yaml.safe_load(t)["kind"] for t in f["points/topology"].asstr()[()]]
    want = [(kinds[int(p)], n, f"{int(k)}/{f.attrs['replications']}")
            for p, n, k in zip(g["point"][()], g["name"].asstr()[()], g["startup_s_n"][()])]
assert [tuple(r[:3]) for r in rows] == want, (rows[:3], want[:3])
assert not any("{" in c or "\n" in c for r in rows for c in r)
print(f"sweep table: {len(rows)} rows, parameters as columns")
PY
expect_rc 0 "$BTL" report "$tmp/relay.h5" "$tmp/dual_stream.h5" -o "$tmp/report.html"
/usr/bin/python3 - "$tmp" <<'PY' || fail "report contents"
import sys, re, base64, io, glob, math, html
import xml.etree.ElementTree as ET
import matplotlib.image as mpimg
import h5py, numpy as np
from scipy import stats
d = sys.argv[1]
page = open(f"{d}/report.html", encoding="utf-8").read()
for h in ("Verdict", "Summary", "Figures", "Scenarios and provenance"):
    assert f"<h2>{h}" in page, h
assert page.index("<h2>Verdict") < page.index("<h2>Summary")  # the verdict first
assert "<th>dropouts by cause [per replication]</th>" in page
assert "<title>living room, relay vs living room, dual stream</title>" in page
# The overall sentence sums up compare's criteria: the relay is better on latency and skew.
overall = html.unescape(re.search(r"<p class='overall' id='overall'>(.*?)</p>", page).group(1))
assert overall.startswith("living room, relay is better on ") and "end-to-end latency" in overall and "skew" in overall, overall
rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr><td>([a-z -]+)</td>.*?</tr>", page)}
assert "A (living room, relay) better" in rows["end-to-end latency"], rows["end-to-end latency"]
assert "A (living room, relay) better" in rows["skew"], rows["skew"]
# The summary's rows are named by the design's title, and each interval is the file's: mean and 95 % Student-t
# half-width worked here from the replications (scipy), written with the digits the half-width supports (two
# significant digits in the half-width, the mean to the same decimal place).
def check(cell, values, scale):
    v = np.asarray(values, dtype=float) * scale
    v = v[np.isfinite(v)]
    mean = v.mean()
    half = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
    m_txt, h_txt = cell.split(" ± ")
    decimals = len(h_txt.split(".")[1]) if "." in h_txt else 0
    assert abs(float(m_txt) - mean) <= 0.51 * 10 ** -decimals, (cell, mean)
    assert abs(float(h_txt) - half) <= 0.51 * 10 ** -decimals + 1e-12, (cell, half)
    assert float(h_txt) == 0 or len(h_txt.replace(".", "").lstrip("0")) == 2, cell  # two significant digits
    assert len(m_txt.split(".")[1] if "." in m_txt else "") == decimals, cell      # the mean to the same place
for f, title in (("relay", "living room, relay"), ("dual_stream", "living room, dual stream")):
    s = h5py.File(f"{d}/{f}.h5")["sinks"]
    names, reps = s["name"].asstr()[()], len(set(s["replication"][()]))
    for sink in sorted(set(names)):
        at = names == sink
        row = re.search(rf"<tr><td>{re.escape(title)}</td><td>{sink}</td>(.*?)</tr>", page).group(1)
        cells = [html.unescape(c) for c in re.findall(r"<td class='n'>(.*?)</td>", row)]
        played = int(np.isfinite(s["dropouts"][()][at]).sum())  # dropouts is NaN where the sink never played
        assert cells[0] == f"{played}/{reps}", (f, sink, cells[0])
        check(cells[3], s["e2e_latency_mean_s"][()][at], 1e3)
        check(cells[4], s["latency_mean_s"][()][at], 1e3)
imgs = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
# two floor plans, the designs' headline metrics and latency on shared axes, two timelines per run file
assert len(imgs) == 8, len(imgs)
for b in imgs:
    raw = base64.b64decode(b)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    assert mpimg.imread(io.BytesIO(raw)).shape[0] > 100
for svg in glob.glob(f"{d}/plots/*.svg"):
    ET.parse(svg)  # well-formed
print("report: ok")
PY
# The figures show the file's numbers (issue 26): the floor plan's devices at /devices x_m, y_m and each link's
# label its mean /links median_rx_dbm; the headline bars the /summary_sinks means with one colour per design in
# every figure; a panel where nothing dropped is a sentence, not empty axes.
PYTHONPATH="$SRC/analysis" /usr/bin/python3 - "$tmp" <<'PY' || fail "figures against the file"
import sys, h5py, numpy as np, matplotlib
matplotlib.use("Agg")
from matplotlib import colors
from btlinksim import designs, floorplan, results
d = sys.argv[1]
with h5py.File(f"{d}/relay.h5") as f:
    dev, links = f["devices"], f["links"]
    rep0 = dev["replication"][()] == 0
    want_pos = {n: (x, y) for n, x, y in zip(dev["name"].asstr()[()][rep0], dev["x_m"][()][rep0], dev["y_m"][()][rep0])}
    ln = links["name"].asstr()[()]
    want_rx = {n: links["median_rx_dbm"][()][ln == n].mean() for n in set(ln)}
fig = floorplan.floorplan_figure(f"{d}/relay.h5")
ax = fig.axes[0]
got_pos = {}
for line in ax.lines:
    if line.get_marker() in ("o", "s"):
        x, y = line.get_xdata()[0], line.get_ydata()[0]
        got_pos[min(want_pos, key=lambda n: np.hypot(want_pos[n][0] - x, want_pos[n][1] - y))] = (x, y)
assert got_pos == {n: tuple(map(float, p)) for n, p in want_pos.items()}, (got_pos, want_pos)
labels = sorted(t.get_text() for t in ax.texts if t.get_text().endswith("dBm"))
assert labels == sorted(f"{v:.0f} dBm" for v in want_rx.values()), (labels, want_rx)
runs = [results.load_run(f"{d}/relay.h5"), results.load_run(f"{d}/dual_stream.h5")]
fig = designs.headline_figure(runs)
ax = fig.axes[0]  # end-to-end latency (mean) [ms]
assert ax.get_ylabel() == "end-to-end latency (mean) [ms]", ax.get_ylabel()
for k, run in enumerate(runs):
    summary = run.summary_sinks.set_index("sink")
    mine = [p for p in ax.patches if p.get_gid() and p.get_gid().startswith(designs.design_name(run) + "|")]
    assert len(mine) == 2
    for p in mine:
        sink = p.get_gid().split("|")[1]
        assert np.isclose(p.get_height(), summary.loc[sink, "e2e_latency_mean_s_mean"] * 1e3), (sink, p.get_height())
        assert colors.to_hex(p.get_facecolor()) == designs.design_colour(k).lower()
drop = fig.axes[1]
dropped = any(r.summary_sinks["dropouts_per_min_mean"].max() > 0 for r in runs)
sentence = [t.get_text() for t in drop.texts]
assert dropped or (sentence and sentence[0].startswith("no dropouts in any replication")), sentence
lat = designs.latency_figure(runs).axes[0]
for k, run in enumerate(runs):
    for line in lat.lines:
        if line.get_label().startswith(designs.design_name(run) + ":"):
            assert colors.to_hex(line.get_color()) == designs.design_colour(k).lower()
print("figures: the file's numbers, one colour per design")
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
