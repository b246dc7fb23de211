#!/usr/bin/python3
"""Figures and a self-contained HTML report from btlinksim result files (Debian's python3-matplotlib, -h5py,
-numpy, -pandas; run with /usr/bin/python3). `btlinksim plot FILE -o DIR` and `btlinksim report FILE... -o
report.html` call this module.

    python -m btlinksim.plot plot results/relay.h5 -o results/plots
    python -m btlinksim.plot report results/relay.h5 results/dual_stream.h5 -o results/report.html

Run files (btlinksim run) give: transport latency CDF per sink (from /timeseries when recorded, else the
quantiles of /sinks), end-to-end latency with 95 % intervals, dropouts per minute, inter-speaker skew, a dropout
timeline (frames missing per second) with the link's received power and the buffer level underneath, and the
skew over time (both from /timeseries). Sweep files give, per swept parameter: curves
with 95 % bands against a numeric parameter (range curves: dropouts against distance), side-by-side panels
against a categorical one (topology kinds), and time to link against a power-on offset (/formation). Every axis
names its unit (from the file's declarations); colours are the Okabe-Ito palette (colour-blind safe)."""
import argparse
import base64
import html
import io
import math
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import optimise as btl_optimise  # noqa: E402
from . import results as btl_results  # noqa: E402

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
plt.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=OKABE_ITO)
CAUSES = ("channel", "air_time", "link_loss", "host", "late")  # the /sinks dropouts_* columns (docs/outputs.md)
def _kind(path):
    import h5py

    with h5py.File(path, "r") as f:
        return f.attrs.get("schema")


def _label(df, col, scale_unit=None):
    unit = df.attrs["units"].get(col, "")
    return f"{col} [{scale_unit or unit}]" if unit and unit not in ("1", "text") else col


# ---- run files -------------------------------------------------------------------------------------------
def run_figures(path):
    """[(title, figure)] for a run's file."""
    run = btl_results.load_run(path)
    prov, t = run.provenance, run.tables
    s = t["sinks"]
    sinks = list(dict.fromkeys(s["sink"]))
    figs = []
    title = prov.get("title", os.path.basename(path))
    # Transport latency CDF per sink.
    fig, ax = plt.subplots(figsize=(6, 3.6))
    if "timeseries" in t and len(t["timeseries"]):
        ts = t["timeseries"]
        for i, name in enumerate(sinks):
            lat = np.sort((ts.arrival_s - ts.capture_s)[ts.sink_index == i].to_numpy()) * 1e3
            if len(lat):
                ax.plot(lat, np.arange(1, len(lat) + 1) / len(lat), label=name)
        ax.set_title(f"{title}\ntransport latency, every packet", fontsize=9)
    else:
        qs = [("latency_p50_s", 0.5), ("latency_p95_s", 0.95), ("latency_p99_s", 0.99), ("latency_max_s", 1.0)]
        for name in sinks:
            rows = s[s["sink"] == name]
            ax.plot([rows[c].mean() * 1e3 for c, _ in qs], [p for _, p in qs], marker="o", label=name)
        ax.set_title(f"{title}\ntransport latency quantiles (output.timeseries: every packet)", fontsize=9)
    ax.set_xlabel("transport latency [ms]")
    ax.set_ylabel("fraction of packets [1]")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    figs.append(("Transport latency CDF per sink", fig))
    # End-to-end latency, dropouts, skew: mean and 95 % interval over the replications, per sink.
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
    for ax, (col, scale, unit) in zip(axes, [("e2e_latency_mean_s", 1e3, "ms"), ("dropouts_per_min", 1, "1/min"),
                                             ("skew_max_s", 1e3, "ms")]):
        means, halves = [], []
        summary = t["summary_sinks"].set_index("sink")  # the file's mean and 95 % t half-width over the replications with a value
        for name in sinks:
            m, h = float(summary.loc[name, f"{col}_mean"]) * scale, float(summary.loc[name, f"{col}_ci95"]) * scale
            means.append(m)
            halves.append(0 if math.isnan(h) else h)
        ax.bar(sinks, means, yerr=halves, color=OKABE_ITO[: len(sinks)], capsize=4)
        ax.set_ylabel(f"{col} [{unit}]")
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(f"{title}: mean and 95 % t interval over {prov.get('replications', '?')} replications", fontsize=10)
    fig.tight_layout()
    figs.append(("End-to-end latency, dropouts and skew", fig))
    # Dropout timeline (frames that never arrived, per second) with the feeding link's median received power and
    # the sink's buffer ahead (play time - arrival) underneath; and the skew to the first sink over time.
    # Replication 0, from the time series.
    if "timeseries" in t and len(t["timeseries"]):
        ts = t["timeseries"]
        ts0 = ts[ts.replication == ts.replication.min()]
        fig, (a1, a2, a3) = plt.subplots(3, 1, figsize=(7, 6.4), sharex=True)
        for i, name in enumerate(sinks):
            mine = ts0[ts0.sink_index == i]
            if len(mine) < 2:
                continue
            colour = OKABE_ITO[i % len(OKABE_ITO)]
            T = float((mine.capture_s.diff() / mine.first_frame.diff()).dropna().median())
            got = np.zeros(int(mine.first_frame.max() + mine.frames.max()) + 1, dtype=bool)
            for first, n in zip(mine.first_frame.astype(int), mine.frames.astype(int)):
                got[first:first + n] = True
            sec = (np.arange(len(got)) * T).astype(int)
            missing = np.bincount(sec[~got], minlength=sec.max() + 1)
            a1.step(np.arange(len(missing)), missing, where="post", label=name, color=colour)
            if "rx_dbm" in mine and mine.rx_dbm.notna().any():
                a2.plot(mine.capture_s, mine.rx_dbm, label=name, color=colour, lw=0.8)
            if "play_s" in mine:
                a3.plot(mine.capture_s, (mine.play_s - mine.arrival_s) * 1e3, label=name, color=colour, lw=0.8)
        a1.set_ylabel("frames missing\nper second [1]")
        a2.set_ylabel("median rx\npower [dBm]")
        a3.set_ylabel("buffer ahead\n(play - arrival) [ms]")
        a3.set_xlabel("capture time [s]")
        a1.set_title(f"{title}\ndropouts, link power and buffer, replication 0", fontsize=9)
        for ax in (a1, a2, a3):
            ax.grid(alpha=0.3)
        a1.legend(fontsize=7)
        fig.tight_layout()
        figs.append(("Dropout timeline with received power and buffer level", fig))
        if len(sinks) > 1 and "play_s" in ts0:
            fig, ax = plt.subplots(figsize=(6, 3.2))
            ref = ts0[ts0.sink_index == 0].set_index("first_frame")
            for i, name in enumerate(sinks[1:], start=1):
                mine = ts0[ts0.sink_index == i].set_index("first_frame")
                common = ref.index.intersection(mine.index)
                if len(common):
                    ax.plot(mine.loc[common, "capture_s"], (mine.loc[common, "play_s"] - ref.loc[common, "play_s"]) * 1e3,
                            label=f"{name} - {sinks[0]}", color=OKABE_ITO[i % len(OKABE_ITO)])
            ax.set_xlabel("capture time [s]")
            ax.set_ylabel("skew (play-time difference) [ms]")
            ax.set_title(f"{title}\ninter-speaker skew over time, replication 0", fontsize=9)
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
            fig.tight_layout()
            figs.append(("Inter-speaker skew over time", fig))
    return figs


# ---- sweep files -----------------------------------------------------------------------------------------
def _numeric(texts):
    vals = []
    for x in texts:
        m = re.match(r"^\s*(-?[0-9.eE+-]+)\s*([a-zA-Zµ/%]*)\s*$", str(x))
        if not m:
            return None, None
        vals.append(float(m.group(1)))
    unit = re.match(r"^\s*-?[0-9.eE+-]+\s*([a-zA-Zµ/%]*)\s*$", str(texts[0])).group(1)
    return np.asarray(vals), unit


def group_label(names, key):
    """A group of points as its parameters' values ("duration = 60 s; topology = relay"), not a Python tuple."""
    values = key if isinstance(key, tuple) else (key,)
    return "; ".join(f"{n} = {_short(v)}" for n, v in zip(names, values))


def sweep_figures(path):
    t = btl_results.load_sweep(path)
    prov, points, ps = t["provenance"], t["points"], t["points_sinks"]
    params = btl_results.swept_parameters(points.columns)
    title = prov.get("title", os.path.basename(path))
    figs = []
    metrics = [("dropouts_per_min", 1, "1/min"), ("e2e_latency_mean_s", 1e3, "ms"), ("latency_mean_s", 1e3, "ms"),
               ("skew_max_s", 1e3, "ms")]
    for p in params:
        if points[p].nunique() < 2:
            continue  # a parameter with one value: nothing varies along it (issue 26)
        others = [q for q in params if q != p and points[q].nunique() > 1]
        x, unit = _numeric(points[p].tolist())
        groups = points.groupby(others).groups if others else {"": points.index}
        sinks = sorted(set(ps["sink"]))
        series = len(groups) * len(sinks)  # bars side by side per category: one per (group, sink)
        fig, axes = plt.subplots(1, len(metrics), figsize=(4 * len(metrics), 3.8), layout="constrained")
        for ax, (col, scale, munit) in zip(axes, metrics):
            for gi, (gkey, idx) in enumerate(groups.items()):
                for si, sink in enumerate(sinks):
                    sel = ps[(ps.point.isin(points.loc[idx, "index"])) & (ps["sink"] == sink)].sort_values("point")
                    if not len(sel):
                        continue
                    m = sel[f"{col}_mean"].to_numpy() * scale
                    h = np.nan_to_num(sel[f"{col}_ci95"].to_numpy() * scale)
                    label = sink + (f" ({group_label(others, gkey)})" if others else "")
                    colour = OKABE_ITO[(gi * len(sinks) + si) % len(OKABE_ITO)]
                    # Every metric drawn here is a count, a rate or a time: the interval stops at zero.
                    lower = np.maximum(m - h, 0)
                    if x is not None:
                        xs = x[sel.point.astype(int).to_numpy()]
                        ax.plot(xs, m, marker="o", color=colour, label=label)
                        ax.fill_between(xs, lower, m + h, color=colour, alpha=0.2)
                    else:
                        width = 0.8 / series
                        pos = np.arange(len(sel)) + (gi * len(sinks) + si - (series - 1) / 2) * width
                        ax.bar(pos, m, width=width, yerr=[m - lower, h], color=colour, capsize=2, label=label)
                        ax.set_xticks(np.arange(len(sel)))
                        ax.set_xticklabels([_short(points.loc[int(k), p]) for k in sel.point], rotation=30, ha="right",
                                           fontsize=7)
            ax.set_xlabel(f"{p} [{unit}]" if x is not None and unit else p)
            ax.set_ylabel(f"{col} [{munit}]")
            ax.set_ylim(bottom=0)
            ax.grid(alpha=0.3)
        axes[0].legend(fontsize=7)
        fig.suptitle(f"{title}: against {p} (mean, 95 % t band)")
        figs.append((f"Metrics against {p}", fig))
    if "formation" in t and params:
        f = t["formation"]
        p = params[0]
        x, unit = _numeric(points[p].tolist())
        if x is not None and len(f):
            fig, ax = plt.subplots(figsize=(6, 3.4))
            for li, link in enumerate(sorted(set(f["link"]))):
                sel = f[f["link"] == link]
                xs, ys = [], []
                for pt, grp in sel.groupby("point"):
                    xs.append(x[int(pt)])
                    ys.append(np.nanmean(grp.time_to_link_s) if grp.time_to_link_s.notna().any() else np.nan)
                ax.plot(xs, ys, marker="o", label=link, color=OKABE_ITO[li % len(OKABE_ITO)])
            ax.set_xlabel(f"{p} [{unit}]")
            ax.set_ylabel("time to link [s]")
            ax.set_title(f"{title}\ntime to link, mean over linked replications", fontsize=9)
            fig.tight_layout()
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7)
            figs.append(("Time to link", fig))
    return figs


def _short(text):
    m = re.search(r"kind:\s*(\w+)", str(text))
    return m.group(1) if m else str(text)[:20]


def figures(path):
    kind = _kind(path)
    if kind == "btlinksim-optimise":
        return btl_optimise.optimise_figures(path)
    return sweep_figures(path) if kind == "btlinksim-sweep" else run_figures(path)


def plot(path, outdir):
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        raise ValueError(f"-o {outdir} is a file; plot writes its figures into a directory: name a new or existing directory")
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(path))[0]
    written = []
    for i, (name, fig) in enumerate(figures(path)):
        base = os.path.join(outdir, f"{stem}_{i}_{re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')}")
        for ext in ("png", "svg"):
            fig.savefig(f"{base}.{ext}", dpi=120)
            written.append(f"{base}.{ext}")
        plt.close(fig)
    return written


# ---- report ----------------------------------------------------------------------------------------------
def _png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _summary_table(path):
    """Rows (label, sink, played, drop/min, e2e ms, lat ms, skew ms) with 95 % intervals, from the file."""
    import h5py

    rows = []
    with h5py.File(path, "r") as f:
        sweep = f.attrs.get("schema") == "btlinksim-sweep"
        g = f["points_sinks" if sweep else "summary_sinks"]
        reps = int(f.attrs.get("replications", 0))
        labels = {}
        if sweep:
            pts = f["points"]
            cols = btl_results.swept_parameters(list(pts))
            for i in range(len(pts["index"])):
                labels[i] = "; ".join(f"{c} = {pts[c].asstr()[i]}" for c in cols)
        names = g["name"].asstr()[()]
        point = g["point"][()] if sweep else np.zeros(len(names))

        def cell(col, i, scale):
            m, h = g[f"{col}_mean"][i] * scale, g[f"{col}_ci95"][i] * scale
            return "–" if math.isnan(m) else (f"{m:.3g}" if math.isnan(h) else f"{m:.3g} ± {h:.2g}")

        def causes(i):
            # The mean dropouts per replication of each cause that occurs (files before issue 22 have none).
            out = [f"{c.replace('_', ' ')} {g[f'dropouts_{c}_mean'][i]:.3g}" for c in CAUSES
                   if f"dropouts_{c}_mean" in g and g[f"dropouts_{c}_mean"][i] > 0]
            return "; ".join(out) or "–"

        for i, name in enumerate(names):
            rows.append((labels.get(int(point[i]), os.path.basename(path)), name, f"{int(g['startup_s_n'][i])}/{reps}",
                         cell("dropouts_per_min", i, 1), causes(i), cell("e2e_latency_mean_s", i, 1e3),
                         cell("latency_mean_s", i, 1e3), cell("skew_max_s", i, 1e3)))
    return rows


def _verdict_html(verdict_path):
    """compare's verdict (computed by btlinksim from the run files, sim/cli/verdict.cpp) as a table: a row per
    criterion with each design's value, the verdict and the cause of a design's dropouts."""
    import json

    with open(verdict_path, encoding="utf-8") as fh:
        v = json.load(fh)
    if not v:
        return []
    designs = [d["design"] for d in v[0]["designs"]]
    parts = ["<h2>Verdict</h2><table><tr><th>criterion</th><th>measure</th>"
             + "".join(f"<th>{chr(65 + k)}: {html.escape(t)}</th>" for k, t in enumerate(designs))
             + "<th>verdict</th></tr>"]
    for c in v:
        cells = [c["criterion"], f"{c['measure']} [{c['unit']}]"] + [d["value"] for d in c["designs"]]
        verdict = html.escape(c["verdict"]) + "".join(f"<br>cause, {html.escape(x)}" for x in c["causes"])
        parts.append("<tr>" + "".join(f"<td>{html.escape(str(x))}</td>" for x in cells) + f"<td>{verdict}</td></tr>")
    parts.append("</table><p>Mean ± 95 % Student-t half-width over the replications that have the value; a design is "
                 "better where its interval separates from every other's. Range is not part of the verdict: "
                 "<code>btlinksim range FILES --vary DEVICE</code>.</p>")
    return parts


def _summary_html(paths):
    parts = ["<h2>Summary</h2><table><tr><th>run / design point</th><th>sink</th><th>played</th>"
             "<th>dropouts [1/min]</th><th>dropouts by cause [per replication]</th><th>end-to-end latency [ms]</th>"
             "<th>transport latency [ms]</th><th>skew max [ms]</th></tr>"]
    for p in paths:
        for r in _summary_table(p):
            parts.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>")
    parts.append("</table><p>Mean ± 95 % Student-t half-width over the replications that have the value; "
                 "played = replications in which the sink played.</p>")
    return parts


def report(paths, out, verdict=None):
    import h5py

    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>btlinksim report</title>",
             "<style>body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
             "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:3px 8px;font-size:90%}"
             "th{background:#eee}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:85%}"
             "img{max-width:100%;display:block;margin:1em 0}</style></head><body>",
             "<h1>btlinksim report</h1>"]
    if verdict:
        parts += _verdict_html(verdict)
    for p in paths:
        if _kind(p) == "btlinksim-optimise":
            parts += btl_optimise.report_html(p)
    runs = [p for p in paths if _kind(p) != "btlinksim-optimise"]
    if runs:
        parts += _summary_html(runs)
    parts.append("<h2>Figures</h2>")
    for p in paths:
        for name, fig in figures(p):
            parts.append(f"<h3>{html.escape(name)} ({html.escape(os.path.basename(p))})</h3>"
                         f"<img alt='{html.escape(name)}' src='data:image/png;base64,{_png(fig)}'>")
    parts.append("<h2>Scenarios and provenance</h2>")
    for p in paths:
        with h5py.File(p, "r") as f:
            group = next(g for g in ("scenario", "sweep", "optimise") if g in f)
            text = f[f"{group}/text"].asstr()[0]
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        parts.append(f"<h3>{html.escape(os.path.basename(p))}</h3><pre>{html.escape(text)}</pre><table>")
        for k, val in attrs.items():
            parts.append(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(val))}</td></tr>")
        parts.append("</table>")
    # After loading, the page marks how many of its images decoded (a headless browser's test reads it).
    parts.append("<script>window.addEventListener('load',function(){var im=document.images,ok=0,bad=0;"
                 "for(var i=0;i<im.length;i++){if(im[i].complete&&im[i].naturalWidth>0)ok++;else bad++;}"
                 "document.body.setAttribute('data-images-ok',ok);document.body.setAttribute('data-images-broken',bad);});"
                 "</script>")
    parts.append("</body></html>")
    tmp = out + f".{os.getpid()}.tmp"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("\n".join(parts))
    os.replace(tmp, out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    pp = sub.add_parser("plot")
    pp.add_argument("file")
    pp.add_argument("-o", "--out", default=None)
    rp = sub.add_parser("report")
    rp.add_argument("files", nargs="+")
    rp.add_argument("-o", "--out", required=True)
    rp.add_argument("--verdict", default=None, help="compare's verdict as JSON (btlinksim verdict --json)")
    a = ap.parse_args(argv)
    try:
        if a.cmd == "plot":
            out = a.out or os.path.splitext(a.file)[0] + "_plots"
            for w in plot(a.file, out):
                print(w)
        else:
            print(report(a.files, a.out, a.verdict))
    except OSError as e:  # "[Errno 17] File exists: 'x'" -> "x: File exists"
        where = e.filename or (a.out if a.cmd == "report" else a.file)
        print(f"btlinksim {a.cmd}: {where}: {e.strerror or e}", file=sys.stderr)
        return 1
    except (ValueError, KeyError) as e:
        print(f"btlinksim {a.cmd}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
