"""Figures that put one or more run files (designs) on shared axes, one colour per design everywhere: the
headline metrics per sink (mean and 95 % interval from each file's /summary_sinks) and the transport latency's
distribution per sink (every packet's with output.timeseries, else the file's quantiles as points).
Axes are named by the columns' declared labels and units; a panel where nothing happened says so."""
import math
import os

import matplotlib.pyplot as plt
import numpy as np

from . import fmt

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
HEADLINE = ("e2e_latency_mean_s", "dropouts_per_min", "skew_max_s")
QUANTILES = (("latency_p50_s", 0.5), ("latency_p95_s", 0.95), ("latency_p99_s", 0.99), ("latency_max_s", 1.0))
LINESTYLES = ("-", "--", ":", "-.")


def design_colour(k):
    """The colour of the k-th design, the same in every figure of a report."""
    return OKABE_ITO[k % len(OKABE_ITO)]


def design_name(run):
    """A design's name: its scenario's title, else its file's name."""
    return run.provenance.get("title") or os.path.basename(run.path)


def _label(run, column):
    """(axis label, scale) of a /sinks column from the file's declarations (label, units)."""
    attrs = {"label": run.sinks.attrs.get("label", {}).get(column)}
    unit, scale = fmt.display_unit(run.sinks.attrs["units"].get(column, ""))
    return fmt.axis_label(fmt.column_label(attrs, column), unit), scale


def headline_figure(runs):
    """[(title, figure)]: one panel per headline metric, grouped bars (sink on x, one bar per design)."""
    sinks = list(dict.fromkeys(s for r in runs for s in r.sinks["sink"]))
    # A row of its own under the panels holds the legend: it never covers the data.
    fig, grid = plt.subplot_mosaic([list(range(len(HEADLINE))), ["legend"] * len(HEADLINE)],
                                   figsize=(4.2 * len(HEADLINE), 4.3), layout="constrained",
                                   gridspec_kw={"height_ratios": [9, 1]})
    axes = [grid[i] for i in range(len(HEADLINE))]
    grid["legend"].set_axis_off()
    width = 0.8 / len(runs)
    for ax, col in zip(axes, HEADLINE):
        label, scale = _label(runs[0], col)
        drawn = []
        for k, run in enumerate(runs):
            summary = run.summary_sinks.set_index("sink")
            for j, sink in enumerate(sinks):
                if sink not in summary.index:
                    continue
                m = float(summary.loc[sink, f"{col}_mean"]) * scale
                h = float(summary.loc[sink, f"{col}_ci95"]) * scale
                n = int(summary.loc[sink, f"{col}_n"])
                if math.isnan(m):
                    continue
                h = 0.0 if math.isnan(h) else h
                lower = min(h, m) if m >= 0 else h  # counts and times stop at zero
                ax.bar(j + (k - (len(runs) - 1) / 2) * width, m, width=width, yerr=[[lower], [h]], capsize=3,
                       color=design_colour(k), label=design_name(run) if j == 0 or not drawn else None,
                       gid=f"{design_name(run)}|{sink}|{col}")
                drawn.append((m, h, n))
        ax.set_xticks(range(len(sinks)))
        ax.set_xticklabels(sinks)
        ax.set_ylabel(label)
        ax.grid(axis="y", alpha=0.3)
        if drawn and all(m == 0 and h == 0 for m, h, _ in drawn):
            # Nothing to draw: a sentence instead of an empty panel.
            what = "dropouts" if col.startswith("dropouts") else "skew" if col.startswith("skew") else col
            reps = sorted({n for _, _, n in drawn})
            ax.cla()
            ax.set_axis_off()
            ax.text(0.5, 0.5, f"no {what} in any replication\n(n = {', '.join(map(str, reps))} per sink)",
                    ha="center", va="center", fontsize=10, transform=ax.transAxes, gid=f"none|{col}")
            ax.set_title(label, fontsize=9)
    handles, labels = [], []
    for ax in axes:
        for h_, l_ in zip(*ax.get_legend_handles_labels()):
            if l_ not in labels:
                handles.append(h_)
                labels.append(l_)
    if handles:
        grid["legend"].legend(handles, labels, loc="center", ncol=min(len(labels), 4), fontsize=8, frameon=False)
    fig.suptitle("mean and 95 % Student-t interval over the replications, per sink", fontsize=10)
    return fig


def stored_cdf(run, sink):
    """(latency [s] per level, levels) of a sink from the file's /latency_cdf: at each level the mean over the
    replications of that quantile; None for a file without it."""
    t = run.tables.get("latency_cdf")
    if t is None:
        return None
    mine = t[t["sink"] == sink]
    if not len(mine):
        return None
    g = mine.groupby("level")["latency_s"].mean()
    return g.to_numpy(), g.index.to_numpy()


def latency_figure(runs):
    """The transport latency's distribution per design (colour) and sink (line style): the empirical CDF of
    every packet where the file has /timeseries; else the stored distribution (/latency_cdf: each level's
    quantile, the mean over the replications); a file older than that gives its four stored quantiles (median,
    95th, 99th, largest) as points, never joined into a curve it does not hold."""
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    any_quantiles = stored_used = False
    for k, run in enumerate(runs):
        sinks = list(dict.fromkeys(run.sinks["sink"]))
        ts = run.tables.get("timeseries")
        for j, sink in enumerate(sinks):
            name = f"{design_name(run)}: {sink}"
            if ts is not None and len(ts):
                lat = np.sort((ts.arrival_s - ts.capture_s)[ts.sink_index == j].to_numpy()) * 1e3
                if len(lat):
                    ax.step(lat, np.arange(1, len(lat) + 1) / len(lat), where="post", color=design_colour(k),
                            linestyle=LINESTYLES[j % len(LINESTYLES)], label=name, gid=f"cdf|{name}")
                continue
            stored = stored_cdf(run, sink)
            if stored is not None:
                x, levels = stored
                ax.step(x * 1e3, levels, where="post", color=design_colour(k), linestyle=LINESTYLES[j % len(LINESTYLES)],
                        label=name, gid=f"stored|{name}")
                stored_used = True
                continue
            rows = run.sinks[run.sinks["sink"] == sink]
            xs = [rows[c].mean() * 1e3 for c, _ in QUANTILES]
            ax.plot(xs, [p for _, p in QUANTILES], linestyle="none", marker="os^D"[j % 4], color=design_colour(k),
                    label=name, gid=f"quantiles|{name}")
            any_quantiles = True
    ax.set_xlabel("transport latency [ms]")
    ax.set_ylabel("fraction of packets at or below [1]")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    how = ("median, 95th, 99th percentile and largest\n(the file has no stored distribution)" if any_quantiles
           else "each quantile's mean over the replications\n(log-binned histogram, 1.2 % resolution)" if stored_used
           else "every packet")
    ax.set_title(f"transport latency per sink: {how}", fontsize=9)
    return fig
