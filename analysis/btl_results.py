#!/usr/bin/python3
"""Read btlinksim HDF5 result files into pandas DataFrames (Debian's python3-h5py / -pandas; run with
/usr/bin/python3). Usage: /usr/bin/python3 analysis/btl_results.py results/relay_rep000.h5 [...]

A sweep's one file loads with load_sweep() (DataFrames) and sweep_dataset() (xarray, indexed by the swept
parameters). Each run's file holds one replication: groups /sinks, /links, /devices (and /formation, /outages, /timeseries when
present) of 1-D column datasets, and provenance in the root attributes. Every column carries its declared
"units" and "description" attributes (docs/outputs.md, generated from the same declarations); text columns
have no unit. The loader takes whatever the file declares, so a new column needs no change here."""
import sys

import h5py
import pandas as pd


TABLES = ("sinks", "links", "devices", "formation", "outages", "timeseries")


def _column(ds):
    return ds.asstr()[()] if ds.dtype.kind == "O" else ds[()]


def load_table(f, group):
    """One group as a DataFrame indexed by row name (timeseries: by row number); df.attrs holds each column's
    "units" and "description" as the file declares them."""
    g = f[group]
    cols = [c for c in g if c != "name"]
    df = pd.DataFrame({c: _column(g[c]) for c in cols})
    if "name" in g:
        df.index = pd.Index(g["name"].asstr()[()], name=group[:-1] if group.endswith("s") else group)
    df.attrs["units"] = {c: g[c].attrs.get("units", "text") for c in cols}
    df.attrs["description"] = {c: g[c].attrs.get("description", "") for c in cols}
    return df


def load_run(path):
    """Returns (provenance dict, {table name: DataFrame}) for every table the file holds."""
    with h5py.File(path, "r") as f:
        prov = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        tables = {g: load_table(f, g) for g in TABLES if g in f}
    return prov, tables


SWEEP_TABLES = ("points", "runs", "sinks", "links", "devices", "formation", "points_sinks")


def _frame(g):
    """Every 1-D dataset of a group as a column (text decoded), with units and descriptions in df.attrs."""
    df = pd.DataFrame({c: _column(g[c]) for c in g})
    df.attrs["units"] = {c: g[c].attrs.get("units", "text") for c in g}
    df.attrs["description"] = {c: g[c].attrs.get("description", "") for c in g}
    return df


def load_sweep(path):
    """A sweep's file (btlinksim sweep): {table: DataFrame} for points, runs, sinks, links, devices and
    points_sinks, plus the provenance dict under "provenance"."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema") != "btlinksim-sweep":
            raise ValueError(f"{path} is not a btlinksim sweep file")
        out = {g: _frame(f[g]) for g in SWEEP_TABLES if g in f}
        out["provenance"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
    return out


def sweep_dataset(path):
    """The per-point means of every sink metric as an xarray Dataset indexed by the swept parameters and the
    sink (python3-xarray): ds["e2e_latency_mean_s_mean"].sel(topology=..., sink="right")."""
    import xarray as xr

    t = load_sweep(path)
    points, ps = t["points"], t["points_sinks"]
    params = [c for c in points.columns if c != "index"]
    df = ps.merge(points, left_on="point", right_on="index").rename(columns={"name": "sink"})
    metrics = [c for c in ps.columns if c.endswith("_mean")]
    return xr.Dataset.from_dataframe(df.set_index(params + ["sink"])[metrics])


def load_runs(paths):
    """All replications stacked, with a 'replication' column: ready for groupby + mean/CI."""
    frames = []
    for p in paths:
        prov, t = load_run(p)
        frames.append(t["sinks"].assign(replication=prov["replication"], file=p))
    return pd.concat(frames)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    df = load_runs(sys.argv[1:])
    cols = ["replication", "dropouts", "dropout_duration_s", "latency_mean_s", "latency_p99_s", "skew_max_s"]
    pd.set_option("display.width", 200)
    print(df[cols])
    print(df.groupby(level=0)[cols[1:]].mean())
