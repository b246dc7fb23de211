"""Read btlinksim HDF5 result files into pandas DataFrames and xarray Datasets.

A run's file (``btlinksim run``) holds every replication of a scenario: groups /sinks, /links, /devices,
/outages, /replications (and /formation, /timeseries when present) of 1-D column datasets whose rows stack the
replications with a ``replication`` column, /summary_sinks (per sink: mean, sd, n and 95 % CI of each metric)
and provenance in the root attributes. A sweep's file (``btlinksim sweep``) adds /points (the swept values),
/point_values (the same as numbers in canonical units), /runs and /points_sinks (the summary per point).

Every table is a DataFrame with a plain integer index. The row's name is a column named after what the row
is: ``sink`` (/sinks, /summary_sinks, /points_sinks), ``link`` (/links, /formation, /outages) or ``device``.
``df.attrs["units"]`` and ``df.attrs["description"]`` hold each column's declared unit and meaning
(docs/outputs.md, generated from the same declarations; text columns have the unit "text"). The loader takes
whatever the file declares, so a new column needs no change here.

    >>> import btlinksim
    >>> run = btlinksim.load_run("results/relay.h5")
    >>> run.sinks.groupby("sink")["latency_mean_s"].mean()
    >>> run.provenance["scenario_sha256"]
    >>> ds = btlinksim.sweep_dataset("results/relay_vs_dual_distance.h5")
    >>> ds["dropouts_per_min_mean"].sel(topology="relay", sink="right")   # against distance in m, sorted
"""
import dataclasses
import math
import sys

import h5py
import numpy as np
import pandas as pd

TABLES = ("sinks", "links", "devices", "formation", "outages", "timeseries", "replications", "summary_sinks", "walls",
          "latency_cdf")
SWEEP_TABLES = ("points", "runs", "sinks", "links", "devices", "outages", "formation", "points_sinks")
# What a table's row names are: the column that holds them.
ROW = {"sinks": "sink", "summary_sinks": "sink", "points_sinks": "sink", "latency_cdf": "sink", "links": "link", "formation": "link",
       "outages": "link", "devices": "device", "walls": "wall"}
# The columns of /points that are not swept parameters: the point's index and the checks' status and warnings.
POINT_COLUMNS = ("index", "status", "warnings")


def _text(v):
    return v.decode() if isinstance(v, bytes) else v


def _column(ds):
    return ds.asstr()[()] if ds.dtype.kind == "O" else ds[()]


def load_table(f, group):
    """One group of an open h5py.File as a DataFrame: the row names (if any) as the column ROW[group], then
    ``point`` and ``replication`` (where present), then the other columns; units and descriptions in df.attrs."""
    g = f[group]
    row = ROW.get(group, "name")
    cols = {}
    if "name" in g:
        cols[row] = g["name"].asstr()[()]
    first = [c for c in ("point", "replication") if c in g]  # h5py lists a group's datasets alphabetically
    for c in first + [c for c in g if c != "name" and c not in first]:
        cols[c] = _column(g[c])
    for c in first:  # stored as doubles like every column; they are indices
        cols[c] = cols[c].astype(np.int64)
    df = pd.DataFrame(cols)
    df.attrs["units"] = {c: ("text" if c == row else g[c].attrs.get("units", "text")) for c in cols}
    df.attrs["description"] = {c: (f"the {row}" if c == row and "name" in g else g[c].attrs.get("description", ""))
                               for c in cols}
    df.attrs["label"] = {c: (row if c == row and "name" in g else g[c].attrs.get("label", c)) for c in cols}
    return df


def _provenance(f):
    return {k: _text(v) for k, v in f.attrs.items()}


@dataclasses.dataclass
class Run:
    """A run's file: ``provenance`` (the root attributes: scenario_file, input_path, scenario_sha256, seed,
    replications, ...) and ``tables`` ({name: DataFrame}); each table is also an attribute (``run.sinks``)."""
    path: str
    provenance: dict
    tables: dict

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"{name}: the file has no such table (it has {', '.join(tables)})")


def load_run(path):
    """A run's file (schema btlinksim-results, version 2) as a Run."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema") != "btlinksim-results" or f.attrs.get("schema_version", 1) < 2:
            raise ValueError(f"{path} is not a btlinksim run file of schema version 2 (one file per run)")
        return Run(path, _provenance(f), {g: load_table(f, g) for g in TABLES if g in f})


def load_runs(paths):
    """The sinks of several run files stacked, with a ``file`` column beside ``replication``: ready for groupby."""
    return pd.concat([load_run(p).sinks.assign(file=p) for p in paths], ignore_index=True)


def load_sweep(path):
    """A sweep's file (schema btlinksim-sweep): {table: DataFrame} for points, runs, sinks, links, devices,
    outages, formation (when the base forms links), points_sinks and point_values (when a parameter is a
    quantity), plus the provenance dict under "provenance"."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("schema") != "btlinksim-sweep":
            raise ValueError(f"{path} is not a btlinksim sweep file")
        out = {g: load_table(f, g) for g in SWEEP_TABLES + ("point_values",) if g in f}
        out["provenance"] = _provenance(f)
    return out


def swept_parameters(columns):
    """The swept parameters among the columns of /points, in file order."""
    return [c for c in columns if c not in POINT_COLUMNS]


def t_halfwidth(x):
    """95 % Student-t half-width of the mean of x (scipy.stats.t), for a subset the result file does not summarise
    (the file's COL_ci95 columns hold it for every metric over the replications with a value); NaN below 2 values."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    if len(x) < 2:
        return float("nan")
    return float(stats.t.ppf(0.975, len(x) - 1) * np.std(x, ddof=1) / math.sqrt(len(x)))


def _kind_of(text):
    """The topology kind of a swept topology value ("{kind: relay, chain: [...]}" -> "relay"), else None."""
    import yaml

    try:
        v = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return v.get("kind") if isinstance(v, dict) and isinstance(v.get("kind"), str) else None


def parameter_coordinates(t):
    """{parameter: (values per point, unit, description)} for a loaded sweep: numbers in the canonical unit where
    the file has them (/point_values), the topology kind where each value is a topology with its own kind, the
    YAML text otherwise."""
    points = t["points"]
    values = t.get("point_values")
    out = {}
    for p in swept_parameters(points.columns):
        text = points[p].tolist()
        if values is not None and p in values:
            unit = values.attrs["units"][p]
            out[p] = (values[p].to_numpy(dtype=float), "" if unit == "1" else unit, values.attrs["description"][p])
            continue
        kinds = [_kind_of(x) for x in text]
        distinct = dict(zip(text, kinds))
        if all(kinds) and len(set(distinct.values())) == len(distinct):
            out[p] = (np.array(kinds, dtype=object), "", f"topology kind of {p}")
        else:
            out[p] = (np.array(text, dtype=object), "", f"value of {p} (YAML text)")
    return out


def sweep_dataset(path):
    """Every sink metric of a sweep as an xarray Dataset over the swept parameters and the sink.

    Coordinates are sorted; a quantity is a number in its canonical unit (m, s, dBm, bit/s: the coordinate's
    ``units`` attribute), a topology its kind ("relay"), anything else its YAML text. For each metric COL the
    file summarises, three variables: ``COL_mean``, ``COL_ci95`` (95 % Student-t half-width over the
    replications with a value) and ``COL_n`` (how many had one), with the metric's units and description."""
    import xarray as xr

    t = load_sweep(path)
    ps = t["points_sinks"]
    coords = parameter_coordinates(t)
    df = ps.copy()
    point = ps["point"].astype(int).to_numpy()
    for p, (vals, _, _) in coords.items():
        df[p] = vals[point]
    stats = [c for c in ps.columns if c.endswith(("_mean", "_ci95", "_n"))]
    ds = xr.Dataset.from_dataframe(df.set_index(list(coords) + ["sink"])[stats]).sortby(list(coords))
    for c in stats:
        base = c.rsplit("_", 1)[0]
        unit = ps.attrs["units"].get(c, "")
        ds[c].attrs = {"units": "1" if c.endswith("_n") else unit,
                       "description": ps.attrs["description"].get(c, "") or f"{c} of {base}"}
    for p, (_, unit, desc) in coords.items():
        ds[p].attrs = {"units": unit, "description": desc}
    ds.attrs = {k: v for k, v in t["provenance"].items() if isinstance(v, (str, int, float))}
    return ds


def run_dataset(path, table="sinks"):
    """One table of a run's file as an xarray Dataset over (replication, ROW) -- ROW is what the rows are: sink,
    link or device, in the file's (topology) order -- every numeric column a variable with its units and
    description: ``ds["latency_mean_s"].mean("replication")``."""
    import xarray as xr

    df = getattr(load_run(path), table)
    row = ROW.get(table, "name")
    order = list(dict.fromkeys(df[row]))
    ds = xr.Dataset.from_dataframe(df.set_index(["replication", row]).select_dtypes("number"))
    ds = ds.reindex({row: order})
    for c in ds.data_vars:
        ds[c].attrs = {"units": df.attrs["units"][c], "description": df.attrs["description"][c]}
    return ds


def main(argv=None):
    """``python -m btlinksim.results FILE...``: each run file's sinks, replication by replication, then the means."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        sys.exit("usage: python -m btlinksim.results RUN.h5 [...]")
    df = load_runs(argv)
    cols = ["replication", "dropouts", "dropout_duration_s", "latency_mean_s", "latency_p99_s", "skew_max_s"]
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", None)
    print(df[["file", "sink"] + cols])
    print(df.groupby(["file", "sink"], sort=False)[cols[1:]].mean())
    return 0


if __name__ == "__main__":
    sys.exit(main())
