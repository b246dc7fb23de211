#!/usr/bin/python3
"""Optimisation result files (btlinksim optimise; docs/optimise.md): the evaluations as a DataFrame, the answer,
and the figures `btlinksim plot` draws and `btlinksim report` embeds (run with /usr/bin/python3).

    python -m btlinksim.optimise results/designs_through_wall.h5

load_optimisation(path) returns (provenance dict, {"evaluations", "combinations", "constraints": DataFrame},
best design's scenario text, active limits). Figures: the search (every evaluation's objective, feasible or not,
and the best so far, per combination of the listed values), the objective against a single continuous variable,
and for pareto files the front (every feasible design, the non-dominated ones joined, 95 % intervals)."""
import math
import sys

import h5py
import numpy as np

from . import results as btl_results  # noqa: E402

from .designs import OKABE_ITO  # noqa: E402  (one palette for every figure)


def load_optimisation(path):
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema") != "btlinksim-optimise":
            raise ValueError(f"{path} is not a btlinksim optimisation file")
        prov = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        tables = {g: btl_results.load_table(f, g) for g in ("evaluations", "combinations", "constraints")}
        best = f["best/scenario"].asstr()[0]
        active = list(f["best/active"].asstr()[()])
    return prov, tables, best, active


def _metric(attr):
    """'maximise range of speaker [m]' -> ('maximise', 'range of speaker', 'm')."""
    head, _, unit = attr.rpartition(" [")
    direction, _, label = head.partition(" ")
    return direction, label, unit.rstrip("]")


def shown(value, unit):
    """A value as the figures and the report show it: seconds in ms, every other unit as declared."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "s":
        return f"{value * 1e3:.4g} ms"
    return f"{value:.4g}" + ("" if unit in ("1", "") else (" /min" if unit == "1/min" else f" {unit}"))


def _scale(unit):
    return (1e3, "ms") if unit == "s" else (1.0, unit)


def _axis(label, unit):
    return f"{label} [{unit}]" if unit not in ("1", "") else label


def _combination_names(comb):
    return {int(i): (v or "all designs") for i, v in zip(comb["index"], comb["values"])}


def search_figure(prov, ev, comb):
    import matplotlib.pyplot as plt

    direction, label, unit = _metric(prov["objective"])
    k, u = _scale(unit)
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    names = _combination_names(comb)
    for n, (c, name) in enumerate(names.items()):
        rows = ev[ev["combination"] == c]
        colour = OKABE_ITO[n % len(OKABE_ITO)]
        ok = rows[rows["feasible"] == 1]
        bad = rows[(rows["feasible"] == 0) & np.isfinite(rows["objective_mean"])]
        ax.plot(ok["index"], ok["objective_mean"] * k, "o", color=colour, ms=4, label=f"{name}: feasible")
        if len(bad):
            ax.plot(bad["index"], bad["objective_mean"] * k, "x", color=colour, ms=5, label=f"{name}: infeasible")
        best, running = [], math.nan
        for _, r in rows.iterrows():
            if r["feasible"] == 1 and (math.isnan(running) or (r["objective_mean"] > running if direction == "maximise"
                                                                else r["objective_mean"] < running)):
                running = r["objective_mean"]
            best.append(running * k)
        ax.step(rows["index"], best, where="post", color=colour, lw=1.5)
    ax.set_xlabel("evaluation")
    ax.set_ylabel(_axis(f"{label} (mean)", u))
    ax.set_title(f"Search: {direction} {label}; the line is the best feasible so far")
    ax.legend(fontsize=8, loc="best")
    return fig


def landscape_figure(prov, ev, comb, variable):
    import matplotlib.pyplot as plt

    direction, label, unit = _metric(prov["objective"])
    k, u = _scale(unit)
    vunit = ev.attrs["units"].get(variable, "")
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    for n, (c, name) in enumerate(_combination_names(comb).items()):
        rows = ev[(ev["combination"] == c) & np.isfinite(ev["objective_mean"])].sort_values(variable)
        colour = OKABE_ITO[n % len(OKABE_ITO)]
        ok = rows[rows["feasible"] == 1]
        ax.errorbar(ok[variable], ok["objective_mean"] * k, yerr=ok["objective_ci95"] * k, fmt="o", ms=4, capsize=2,
                    color=colour, label=f"{name}: feasible")
        bad = rows[rows["feasible"] == 0]
        if len(bad):
            ax.plot(bad[variable], bad["objective_mean"] * k, "x", color=colour, label=f"{name}: infeasible")
    ax.set_xlabel(_axis(variable, vunit))
    ax.set_ylabel(_axis(label, u))
    ax.set_title(f"{label} against {variable} (mean and 95 % interval of every evaluation)")
    ax.legend(fontsize=8, loc="best")
    return fig


def front_figure(prov, ev, comb):
    import matplotlib.pyplot as plt

    _, l1, u1 = _metric(prov["objective"])
    _, l2, u2 = _metric(prov["second_objective"])
    (k1, s1), (k2, s2) = _scale(u1), _scale(u2)
    fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
    front = ev[ev["on_front"] == 1].sort_values("objective_mean")
    ax.plot(front["objective_mean"] * k1, front["second_mean"] * k2, "-", color="#000000", lw=1, zorder=1,
            label=f"Pareto front ({len(front)} designs)")
    for n, (c, name) in enumerate(_combination_names(comb).items()):
        colour = OKABE_ITO[n % len(OKABE_ITO)]
        ok = ev[(ev["feasible"] == 1) & (ev["combination"] == c)]
        ax.plot(ok["objective_mean"] * k1, ok["second_mean"] * k2, "o", color=colour, alpha=0.3, ms=4,
                label=f"{name}: designs evaluated")
        on = front[front["combination"] == c]
        if len(on):
            ax.errorbar(on["objective_mean"] * k1, on["second_mean"] * k2, xerr=on["objective_ci95"] * k1,
                        yerr=on["second_ci95"] * k2, fmt="o", color=colour, ms=6, capsize=2, zorder=2,
                        label=f"{name}: on the front ({len(on)})")
    ax.set_xlabel(_axis(l1, s1))
    ax.set_ylabel(_axis(l2, s2))
    ax.set_title("Pareto front: no design is better on both (mean; bars: 95 % intervals)")
    ax.legend(fontsize=8, loc="best")
    return fig


def optimise_figures(path):
    prov, t, _, _ = load_optimisation(path)
    ev, comb = t["evaluations"], t["combinations"]
    out = []
    if "second_objective" in prov:
        out.append(("Pareto front", front_figure(prov, ev, comb)))
    out.append(("Search", search_figure(prov, ev, comb)))
    continuous = [c for c in ev.columns if c not in ("index", "combination") and ev.attrs["units"].get(c) != "text"
                  and not c.startswith(("objective_", "second_", "constraint_")) and c not in
                  ("replications", "region_distance_m", "feasible", "on_front")]
    if len(continuous) == 1:
        out.append((f"Objective against {continuous[0]}", landscape_figure(prov, ev, comb, continuous[0])))
    return out


def _design_rows(prov, t, i):
    """(quantity, value) rows of evaluation i: its variables, objectives and constraints with their decision."""
    ev, cons = t["evaluations"], t["constraints"]
    r = ev.iloc[i]
    rows = []
    for c in ev.columns:
        unit = ev.attrs["units"].get(c, "")
        if c in ("index", "combination", "replications", "region_distance_m", "feasible", "on_front", "error") or \
                c.startswith(("objective_", "second_", "constraint_")):
            continue
        rows.append((c, r[c] if unit == "text" else shown(r[c], unit)))
    for key, attr in (("objective", "objective"), ("second", "second_objective")):
        if attr in prov:
            d, label, unit = _metric(prov[attr])
            rows.append((f"{label} ({d}d)", f"{shown(r[key + '_mean'], unit)} ± {shown(r[key + '_ci95'], unit)} "
                                             f"(n = {int(r[key + '_n'])})"))
    words = ("met", "violated", "undecided")
    for k in range(len(cons)):
        unit, kind = cons["unit"].iloc[k], cons["kind"].iloc[k]
        m, h = r[f"constraint_{k}_mean"], r[f"constraint_{k}_ci95"]
        bound = m + h if kind == "at_most" else m - h
        rows.append((f"{cons['metric'].iloc[k]} of {cons['of'].iloc[k]}",
                     f"{shown(m, unit)} ± {shown(h, unit)}; {kind.replace('_', ' ')} {cons['limit_text'].iloc[k]}: "
                     f"{words[int(r[f'constraint_{k}_status'])]} (95 % bound {shown(bound, unit)})"))
    return rows


def report_html(path):
    """The optimisation's section of `btlinksim report`: the answer, what limits it, the combinations and the front."""
    import html

    prov, t, best_text, active = load_optimisation(path)
    ev, comb = t["evaluations"], t["combinations"]
    e = html.escape
    best = int(prov["best"])
    parts = [f"<h2>Optimisation: {e(prov['title'])}</h2>",
             f"<p>{len(ev)} evaluations of designs ({int(prov['runs'])} runs), method {e(prov['method'])}; objective: "
             f"{e(prov['objective'])}" + (f"; second objective: {e(prov['second_objective'])}" if "second_objective" in prov else "")
             + ". Constraints are decided on the 95 % bound of their interval.</p>"]
    if best < 0:
        parts.append("<p><b>No design meets every constraint.</b></p>")
    else:
        parts.append(f"<h3>Best design (evaluation {best})</h3><table class='best'>")
        parts += [f"<tr><th>{e(str(a))}</th><td>{e(str(b))}</td></tr>" for a, b in _design_rows(prov, t, best)]
        parts.append("</table><p>Limited by: " + (e("; ".join(active)) if active else
                                                   "nothing at the end of the search (an interior optimum)") + "</p>")
        parts.append(f"<details><summary>The best design as a scenario</summary><pre>{e(best_text)}</pre></details>")
    if len(comb) > 1:
        _, _, unit = _metric(prov["objective"])
        parts.append("<h3>Per combination of the listed values</h3><table class='combinations'><tr><th>values</th>"
                     "<th>best objective</th><th>evaluation</th><th>evaluations</th><th>search</th></tr>")
        for _, c in comb.iterrows():
            b = int(c["best"])
            value = shown(ev["objective_mean"].iloc[b], unit) if b >= 0 else "no feasible design"
            parts.append(f"<tr><td>{e(c['values'])}</td><td>{e(value)}</td><td>{b if b >= 0 else '–'}</td>"
                         f"<td>{int(c['evaluations'])}</td><td>{e(c['stop'])}</td></tr>")
        parts.append("</table>")
    if "second_objective" in prov:
        _, l1, u1 = _metric(prov["objective"])
        _, l2, u2 = _metric(prov["second_objective"])
        front = ev[ev["on_front"] == 1].sort_values("objective_mean")
        parts.append(f"<h3>Pareto front ({len(front)} designs)</h3><table class='front'><tr><th>evaluation</th>"
                     f"<th>{e(l1)}</th><th>{e(l2)}</th></tr>")
        for _, r in front.iterrows():
            parts.append(f"<tr><td>{int(r['index'])}</td><td>{e(shown(r['objective_mean'], u1))}</td>"
                         f"<td>{e(shown(r['second_mean'], u2))}</td></tr>")
        parts.append("</table>")
    return parts


def main(argv):
    for p in argv:
        prov, t, best, active = load_optimisation(p)
        print(f"{p}: {prov['title']}: {len(t['evaluations'])} evaluations; best evaluation {prov['best']}")
        if int(prov["best"]) >= 0:
            for a, b in _design_rows(prov, t, int(prov["best"])):
                print(f"  {a}: {b}")
        for a in active:
            print(f"  limited by {a}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
