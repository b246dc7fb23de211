"""The floor plan of a run's file seen from above: its walls (/walls), its devices at t = 0 (/devices x_m, y_m;
the sinks of /sinks drawn as speakers) and each radio link of the topology coloured by its median received
power, the mean over the replications of /links median_rx_dbm, written beside it."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cm, colors

from . import results

# The colour scale of received power: -100 dBm (below any Bluetooth receiver's sensitivity) to -30 dBm.
RX_RANGE_DBM = (-100.0, -30.0)


def link_power(run):
    """{link "a->b": mean median received power over the replications [dBm]} from /links."""
    links = run.links
    return {k: float(v) for k, v in links.groupby("link", sort=False)["median_rx_dbm"].mean().items()}


def positions(run):
    """{device: (x, y)} at t = 0 (replication 0's rows; every replication starts from the scenario's positions)."""
    d = run.devices
    d = d[d["replication"] == d["replication"].min()]
    return {n: (float(x), float(y)) for n, x, y in zip(d["device"], d["x_m"], d["y_m"])}


def floorplan_figure(path):
    """The figure, or None for a file written before devices had positions."""
    run = results.load_run(path)
    if "x_m" not in run.devices.columns:
        return None
    pos = positions(run)
    power = link_power(run)
    sinks = set(run.sinks["sink"])
    title = run.provenance.get("title", path)
    fig, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    if "walls" in run.tables:
        for _, w in run.walls.iterrows():
            ax.plot([w.from_x_m, w.to_x_m], [w.from_y_m, w.to_y_m], color="#555555", lw=4, solid_capstyle="butt",
                    zorder=1)
            ax.annotate(f"{w.wall} ({w.loss_db:g} dB)", ((w.from_x_m + w.to_x_m) / 2, max(w.from_y_m, w.to_y_m)),
                        textcoords="offset points", xytext=(0, 4), ha="center", fontsize=7, color="#555555")
    norm = colors.Normalize(*RX_RANGE_DBM)
    cmap = plt.get_cmap("viridis")
    for link, p in power.items():
        a, b = link.split("->")
        if a not in pos or b not in pos:
            continue
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.annotate("", (x1, y1), (x0, y0), zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=cmap(norm(p)), lw=2.5, shrinkA=9, shrinkB=9),
                    gid=f"link {link}")
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, f"{p:.0f} dBm", fontsize=7, ha="center", va="bottom", zorder=4,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    for name, (x, y) in pos.items():
        marker = "o" if name in sinks else "s"
        ax.plot([x], [y], marker=marker, ms=10, color="#0072B2" if name in sinks else "#D55E00", zorder=3,
                linestyle="none")
        ax.annotate(name, (x, y), textcoords="offset points", xytext=(0, -15), ha="center", fontsize=8)
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, label="median received power [dBm]")
    xs = np.array([p[0] for p in pos.values()])
    ys = np.array([p[1] for p in pos.values()])
    pad = max(1.0, 0.1 * max(np.ptp(xs), np.ptp(ys)))
    ax.set_xlim(xs.min() - pad, xs.max() + pad)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.grid(alpha=0.3)
    ax.set_title(f"{title}: floor plan at t = 0\ncircles: speakers; squares: the rest; links: median received "
                 f"power, mean of {run.provenance.get('replications', '?')} replications", fontsize=8)
    return fig
