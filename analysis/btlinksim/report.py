"""`btlinksim report FILE... -o report.html`: one self-contained HTML page.

From the top: compare's verdict for two or more run files (computed by the simulator, sim/cli/verdict.cpp, and
handed over as JSON) with one overall sentence; the summary (one row per design and sink, named by the
scenario's title, every interval written with the digits it supports); for a sweep, one compact table with the
swept parameters as columns; the figures (a floor plan of every run, the designs on shared axes with one colour
each, the latency distributions, each file's own figures); the scenarios and their provenance."""
import base64
import html
import io
import json
import os

import h5py
import matplotlib.pyplot as plt

from . import designs, floorplan, fmt, results

CAUSES = ("channel", "air_time", "link_loss", "host", "late")  # the /sinks dropouts_* columns (docs/outputs.md)
STYLE = ("body{font-family:sans-serif;max-width:1100px;margin:auto;padding:1em}"
         "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:3px 8px;font-size:90%}"
         "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee}"
         "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;font-size:85%}"
         "img{max-width:100%;display:block;margin:1em 0}.overall{font-size:115%;padding:.5em;background:#eef5ff}")


def _e(x):
    return html.escape(str(x))


def png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _kind(path):
    with h5py.File(path, "r") as f:
        return f.attrs.get("schema")


# ---- verdict ---------------------------------------------------------------------------------------------
def overall_sentence(v):
    """One sentence from compare's criteria: which design is better on which, where no difference shows."""
    better, same = {}, []
    for c in v:
        if c.get("better"):
            better.setdefault(c["better"], []).append(c["criterion"])
        else:
            same.append(c["criterion"])
    parts = [f"{d} is better on {', '.join(cs)}" for d, cs in better.items()]
    if same:
        parts.append(f"no design is better on {', '.join(same)}")
    return ("; ".join(parts) + ".") if parts else ""


def verdict_html(verdict_path):
    with open(verdict_path, encoding="utf-8") as fh:
        v = json.load(fh)
    if not v:
        return []
    names = [d["design"] for d in v[0]["designs"]]
    parts = [f"<h2>Verdict</h2><p class='overall' id='overall'>{_e(overall_sentence(v))}</p>",
             "<table id='verdict'><tr><th>criterion</th><th>measure</th>"
             + "".join(f"<th>{chr(65 + k)}: {_e(t)}</th>" for k, t in enumerate(names)) + "<th>verdict</th></tr>"]
    for c in v:
        cells = "".join(f"<td class='n'>{_e(d['value'])}</td>" for d in c["designs"])
        verdict = _e(c["verdict"]) + "".join(f"<br>cause, {_e(x)}" for x in c["causes"])
        parts.append(f"<tr><td>{_e(c['criterion'])}</td><td>{_e(c['measure'])} [{_e(c['unit'])}]</td>{cells}"
                     f"<td>{verdict}</td></tr>")
    parts.append("</table><p>Mean ± 95 % Student-t half-width over the replications that have the value (n); a "
                 "design is better where its interval separates from every other's. Range is not part of the "
                 "verdict: <code>btlinksim range FILES --vary DEVICE</code>.</p>")
    return parts


# ---- summary tables --------------------------------------------------------------------------------------
SUMMARY = (("dropouts_per_min", "dropouts [1/min]"), ("e2e_latency_mean_s", "end-to-end latency [ms]"),
           ("latency_mean_s", "transport latency [ms]"), ("skew_max_s", "inter-speaker skew, largest [ms]"))


def _cells(row, reps):
    out = [f"{int(row['startup_s_n'])}/{reps}"]
    for col, _ in SUMMARY:
        scale = 1e3 if col.endswith("_s") else 1.0
        out.append(fmt.interval_text(float(row[f"{col}_mean"]), float(row[f"{col}_ci95"]), scale))
    causes = [f"{c.replace('_', ' ')} {float(row[f'dropouts_{c}_mean']):.3g}" for c in CAUSES
              if f"dropouts_{c}_mean" in row and float(row[f"dropouts_{c}_mean"]) > 0]
    out.insert(2, "; ".join(causes) or "–")
    return out


def _header(first):
    return ("<tr>" + "".join(f"<th>{_e(h)}</th>" for h in first) + "<th>played</th><th>dropouts [1/min]</th>"
            "<th>dropouts by cause [per replication]</th>" + "".join(f"<th>{_e(h)}</th>" for _, h in SUMMARY[1:])
            + "</tr>")


def runs_summary_html(paths):
    """One row per design and sink, the design named by its scenario's title."""
    parts = ["<h2>Summary</h2><table id='summary'>" + _header(["design", "sink"])]
    for p in paths:
        run = results.load_run(p)
        reps = int(run.provenance.get("replications", 0))
        for _, row in run.summary_sinks.iterrows():
            cells = [designs.design_name(run), row["sink"]] + _cells(row, reps)
            parts.append("<tr>" + "".join(f"<td class='n'>{_e(c)}</td>" if k >= 2 else f"<td>{_e(c)}</td>"
                                          for k, c in enumerate(cells)) + "</tr>")
    parts.append("</table><p>Mean ± 95 % Student-t half-width over the replications that have the value, written "
                 "with the digits the interval supports; played = replications in which the sink played.</p>")
    return parts


def sweep_summary_html(path):
    """A sweep's points in one compact table: each swept parameter that varies is a column (a quantity as its
    number in the canonical unit, a topology as its kind); those with one value are named once above it."""
    t = results.load_sweep(path)
    coords = results.parameter_coordinates(t)
    points, ps = t["points"], t["points_sinks"]
    reps = int(t["provenance"].get("replications", 0))
    varying = [p for p in coords if points[p].nunique() > 1]
    fixed = [p for p in coords if p not in varying]
    heads = [f"{p} [{coords[p][1]}]" if coords[p][1] else p for p in varying]
    parts = [f"<h2>Sweep: {_e(t['provenance'].get('title', os.path.basename(path)))}</h2>"]
    if fixed:
        parts.append("<p>The same at every point: " + "; ".join(f"{_e(p)} = {_e(points[p].iloc[0])}" for p in fixed)
                     + ".</p>")
    parts.append("<table id='sweep'>" + _header(heads + ["sink"]))
    for _, row in ps.iterrows():
        i = int(row["point"])
        vals = []
        for p in varying:
            v = coords[p][0][i]
            vals.append(f"{v:g}" if isinstance(v, float) else str(v))
        cells = vals + [row["sink"]] + _cells(row, reps)
        parts.append("<tr>" + "".join(f"<td class='n'>{_e(c)}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    return parts


# ---- the page --------------------------------------------------------------------------------------------
def _figure(name, fig, where):
    return (f"<h3>{_e(name)} ({_e(where)})</h3>"
            f"<img alt='{_e(name)}' src='data:image/png;base64,{png(fig)}'>")


def report(paths, out, verdict=None):
    from . import optimise as btl_optimise
    from . import plot

    kinds = {p: _kind(p) for p in paths}
    runs = [p for p in paths if kinds[p] == "btlinksim-results"]
    loaded = [results.load_run(p) for p in runs]
    title = " vs ".join(designs.design_name(r) for r in loaded) if loaded else "btlinksim report"
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>", f"<h1>{_e(title)}</h1>"]
    if verdict:
        parts += verdict_html(verdict)
    for p in paths:
        if kinds[p] == "btlinksim-optimise":
            parts += btl_optimise.report_html(p)
        elif kinds[p] == "btlinksim-sweep":
            parts += sweep_summary_html(p)
    if runs:
        parts += runs_summary_html(runs)
    parts.append("<h2>Figures</h2>")
    for r in loaded:
        fig = floorplan.floorplan_figure(r.path)
        if fig is not None:
            parts.append(_figure("Floor plan", fig, designs.design_name(r)))
    if loaded:
        where = ", ".join(designs.design_name(r) for r in loaded)
        parts.append(_figure("End-to-end latency, dropouts and skew", designs.headline_figure(loaded), where))
        parts.append(_figure("Transport latency distribution", designs.latency_figure(loaded), where))
    for p in paths:
        own = plot.timeline_figures(p) if kinds[p] == "btlinksim-results" else plot.figures(p)
        for name, fig in own:
            parts.append(_figure(name, fig, os.path.basename(p)))
    parts.append("<h2>Scenarios and provenance</h2>")
    for p in paths:
        with h5py.File(p, "r") as f:
            group = next(g for g in ("scenario", "sweep", "optimise") if g in f)
            text = f[f"{group}/text"].asstr()[0]
            attrs = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        parts.append(f"<h3>{_e(os.path.basename(p))}</h3><pre>{_e(text)}</pre><table>")
        for k, val in attrs.items():
            parts.append(f"<tr><th>{_e(k)}</th><td>{_e(val)}</td></tr>")
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
