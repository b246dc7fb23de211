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
import os
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import designs, floorplan  # noqa: E402
from . import optimise as btl_optimise  # noqa: E402
from . import results as btl_results  # noqa: E402

from .designs import OKABE_ITO  # noqa: E402  (one palette for every figure)
plt.rcParams["axes.prop_cycle"] = matplotlib.cycler(color=OKABE_ITO)
CAUSES = ("channel", "air_time", "link_loss", "host", "late")  # the /sinks dropouts_* columns (docs/outputs.md)
def _kind(path):
    import h5py

    with h5py.File(path, "r") as f:
        return f.attrs.get("schema")


# ---- run files -------------------------------------------------------------------------------------------
def run_figures(path):
    """[(title, figure)] for a run's file: its floor plan, the headline metrics per sink, the transport latency's
    distribution (btlinksim.designs, the same figures a report draws for several designs), then the timelines."""
    run = btl_results.load_run(path)
    figs = []
    fig = floorplan.floorplan_figure(path)
    if fig is not None:
        figs.append(("Floor plan", fig))
    figs.append(("End-to-end latency, dropouts and skew", designs.headline_figure([run])))
    figs.append(("Transport latency distribution per sink", designs.latency_figure([run])))
    return figs + timeline_figures(path)


def timeline_figures(path):
    """[(title, figure)] drawn from a run's /timeseries (none without it), replication 0."""
    run = btl_results.load_run(path)
    prov, t = run.provenance, run.tables
    sinks = list(dict.fromkeys(t["sinks"]["sink"]))
    title = prov.get("title", os.path.basename(path))
    figs = []
    # Dropout timeline (frames that never arrived, per second) with the feeding link's median received power and
    # the sink's buffer ahead (play time - arrival) underneath; and the skew to the first sink over time.
    # Replication 0, from the time series.
    if "timeseries" in t and len(t["timeseries"]):
        ts = t["timeseries"]
        ts0 = ts[ts.replication == ts.replication.min()]
        fig, (a1, a2, a3) = plt.subplots(3, 1, figsize=(7, 6.4), sharex=True, layout="constrained")
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
        figs.append(("Dropout timeline with received power and buffer level", fig))
        if len(sinks) > 1 and "play_s" in ts0:
            fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
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
            figs.append(("Inter-speaker skew over time", fig))
    return figs


# ---- sweep files -----------------------------------------------------------------------------------------
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
    coords = btl_results.parameter_coordinates(t)

    def _numeric_param(p):  # (values per point, unit) of a parameter that is a quantity, else (None, None)
        v, unit, _ = coords[p]
        return (v.astype(float), unit) if v.dtype.kind == "f" else (None, None)

    labels = t["sinks"].attrs.get("label", {})
    metrics = [("dropouts_per_min", 1, "1/min"), ("e2e_latency_mean_s", 1e3, "ms"), ("latency_mean_s", 1e3, "ms"),
               ("skew_max_s", 1e3, "ms")]
    for p in params:
        if points[p].nunique() < 2:
            continue  # a parameter with one value: nothing varies along it (issue 26)
        others = [q for q in params if q != p and points[q].nunique() > 1]
        x, unit = _numeric_param(p)
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
            ax.set_ylabel(f"{labels.get(col, col)} [{munit}]")
            ax.set_ylim(bottom=0)
            ax.grid(alpha=0.3)
        axes[0].legend(fontsize=7)
        fig.suptitle(f"{title}: against {p} (mean, 95 % t band)")
        figs.append((f"Metrics against {p}", fig))
    if "formation" in t and params:
        f = t["formation"]
        p = params[0]
        x, unit = _numeric_param(p)
        if x is not None and len(f):
            fig, ax = plt.subplots(figsize=(6, 3.4), layout="constrained")
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
            from .report import report

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
