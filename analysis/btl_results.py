#!/usr/bin/python3
"""Read btlinksim HDF5 result files into pandas DataFrames (Debian's python3-h5py / -pandas; run with
/usr/bin/python3). Usage: /usr/bin/python3 analysis/btl_results.py results/relay.h5 [...]

A run's file (btlinksim run) holds every replication of the scenario: groups /sinks, /links, /devices,
/outages, /replications (and /formation, /timeseries when present) of 1-D column datasets whose rows stack the
replications with a "replication" column, /summary_sinks (per sink: mean, sd, n and 95 % CI of each metric),
and provenance in the root attributes. load_run() reads it as DataFrames, run_dataset() as an xarray Dataset
with replication and sink as dimensions. A sweep's one file loads with load_sweep() (DataFrames) and
sweep_dataset() (xarray, indexed by the swept parameters). Every column carries its declared
"units" and "description" attributes (docs/outputs.md, generated from the same declarations); text columns
have no unit. The loader takes whatever the file declares, so a new column needs no change here."""
import math
import sys

import h5py
import numpy as np
import pandas as pd


TABLES = ("sinks", "links", "devices", "formation", "outages", "timeseries", "replications", "summary_sinks")


def _column(ds):
    return ds.asstr()[()] if ds.dtype.kind == "O" else ds[()]


def load_table(f, group):
    """One group as a DataFrame indexed by row name (timeseries, replications: by row number); the replication
    is a column. df.attrs holds each column's "units" and "description" as the file declares them."""
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
        if f.attrs.get("schema") != "btlinksim-results" or f.attrs.get("schema_version", 1) < 2:
            raise ValueError(f"{path} is not a btlinksim run file of schema version 2 (one file per run)")
        prov = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
        tables = {g: load_table(f, g) for g in TABLES if g in f}
    return prov, tables


SWEEP_TABLES = ("points", "runs", "sinks", "links", "devices", "outages", "formation", "points_sinks")
# The columns of /points that are not swept parameters: the point's index and the checks' status and warnings.
POINT_COLUMNS = ("index", "status", "warnings")


def t_halfwidth(x):
    """95 % Student-t half-width of the mean of x (scipy.stats.t), for a subset the result file does not summarise
    (the file's COL_ci95 columns hold it for every metric over the replications with a value); NaN below 2 values."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    if len(x) < 2:
        return float("nan")
    return float(stats.t.ppf(0.975, len(x) - 1) * np.std(x, ddof=1) / math.sqrt(len(x)))


def swept_parameters(columns):
    """The swept parameters among the columns of /points, in file order."""
    return [c for c in columns if c not in POINT_COLUMNS]


def _frame(g):
    """Every 1-D dataset of a group as a column (text decoded), with units and descriptions in df.attrs."""
    df = pd.DataFrame({c: _column(g[c]) for c in g})
    df.attrs["units"] = {c: g[c].attrs.get("units", "text") for c in g}
    df.attrs["description"] = {c: g[c].attrs.get("description", "") for c in g}
    return df


def load_sweep(path):
    """A sweep's file (btlinksim sweep): {table: DataFrame} for points, runs, sinks, links, devices, outages,
    formation (when the base forms links) and points_sinks, plus the provenance dict under "provenance"."""
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
    params = swept_parameters(points.columns)
    df = ps.merge(points, left_on="point", right_on="index").rename(columns={"name": "sink"})
    metrics = [c for c in ps.columns if c.endswith("_mean")]
    return xr.Dataset.from_dataframe(df.set_index(params + ["sink"])[metrics])


def run_dataset(path, table="sinks"):
    """One table of a run's file as an xarray Dataset with dimensions (replication, NAME) -- NAME is the
    table's row name: sink, link or device -- every numeric column a variable carrying its units:
    ds["latency_mean_s"].mean("replication")."""
    import xarray as xr

    _, t = load_run(path)
    df = t[table]
    dim = df.index.name
    ds = xr.Dataset.from_dataframe(df.reset_index().set_index(["replication", dim]).select_dtypes("number"))
    ds = ds.reindex({dim: list(dict.fromkeys(df.index))})  # the file's row order (topology order), not sorted
    for c in ds.data_vars:
        ds[c].attrs = {"units": df.attrs["units"][c], "description": df.attrs["description"][c]}
    return ds


def load_runs(paths):
    """The sinks of several run files stacked, with a 'file' column beside 'replication': ready for groupby."""
    return pd.concat([load_run(p)[1]["sinks"].assign(file=p) for p in paths])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    df = load_runs(sys.argv[1:])
    cols = ["replication", "dropouts", "dropout_duration_s", "latency_mean_s", "latency_p99_s", "skew_max_s"]
    pd.set_option("display.width", 200)
    print(df[["file"] + cols])
    print(df.groupby(["file", df.index])[cols[1:]].mean())
