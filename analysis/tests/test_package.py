"""The btlinksim package against independent numbers: its loaders against the HDF5 file read directly with
h5py, its intervals against scipy's Student-t, its coordinates against the values written in the sweep file."""
import importlib
import math
import os
import pathlib
import re

import h5py
import numpy as np
import pytest
from scipy import stats

import btlinksim

REPO = pathlib.Path(__file__).resolve().parents[2]


def test_imported_from_where_expected():
    # tests/cli/python_package.sh sets BTLINKSIM_INSTALLED: the package must then come from the venv, not the tree.
    if os.environ.get("BTLINKSIM_INSTALLED"):
        assert "site-packages" in btlinksim.__file__, btlinksim.__file__


def test_version_is_the_projects():
    cmake = (REPO / "CMakeLists.txt").read_text(encoding="utf-8")
    assert btlinksim.__version__ == re.search(r"project\(btlinksim VERSION ([0-9.]+)", cmake).group(1)
    toml = (REPO / "analysis" / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{btlinksim.__version__}"' in toml


def test_declared_dependencies_import():
    toml = (REPO / "analysis" / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.findall(r'^\s+"([A-Za-z0-9_-]+)>=', toml.split("dependencies = [")[1].split("]")[0], re.M)
    assert set(deps) >= {"h5py", "numpy", "pandas", "xarray", "scipy", "matplotlib", "PyYAML"}
    for d in deps:
        importlib.import_module({"PyYAML": "yaml"}.get(d, d))


def test_run_tables_have_named_rows_and_units(files):
    run = btlinksim.load_run(files["run"])
    assert isinstance(run, btlinksim.Run)
    s = run.sinks
    assert list(s.columns[:2]) == ["sink", "replication"]
    with h5py.File(files["run"], "r") as f:
        assert s["sink"].tolist() == f["sinks/name"].asstr()[()].tolist()
        assert np.array_equal(s["latency_mean_s"].to_numpy(), f["sinks/latency_mean_s"][()], equal_nan=True)
        assert s.attrs["units"]["latency_mean_s"] == f["sinks/latency_mean_s"].attrs["units"] == "s"
        assert run.provenance["input_path"] == f.attrs["input_path"]
    assert sorted(set(s["sink"])) == ["left", "right"] and len(s) == 2 * 3
    assert set(run.links["link"]) == {"phone->left", "left->right"}
    with pytest.raises(AttributeError):
        run.no_such_table


def test_run_dataset_means_match_the_files_summary(files):
    ds = btlinksim.run_dataset(files["run"])
    assert list(ds["sink"].values) == ["left", "right"]  # topology order, not sorted by chance
    assert ds["latency_mean_s"].attrs["units"] == "s"
    summary = btlinksim.load_run(files["run"]).summary_sinks.set_index("sink")
    for sink in ("left", "right"):
        x = ds["latency_mean_s"].sel(sink=sink).values
        assert ds["latency_mean_s"].sel(sink=sink).mean("replication").item() == pytest.approx(
            summary.loc[sink, "latency_mean_s_mean"], rel=1e-12)
        half = stats.t.ppf(0.975, len(x) - 1) * np.std(x, ddof=1) / math.sqrt(len(x))
        assert btlinksim.t_halfwidth(x) == pytest.approx(half, rel=1e-12)
        assert summary.loc[sink, "latency_mean_s_ci95"] == pytest.approx(half, rel=1e-9)


def test_sweep_coordinates_are_numbers_in_metres_sorted_and_kinds(files):
    ds = btlinksim.sweep_dataset(files["sweep"])
    x = ds["devices.right.position[0]"]
    assert x.dtype.kind == "f" and list(x.values) == [5.0, 10.0, 40.0]  # 500 cm, 0.01 km, 40 m
    assert x.attrs["units"] == "m"
    assert sorted(ds["topology"].values.tolist()) == ["dual_stream", "relay"]
    assert list(ds["sink"].values) == ["left", "right"]


def test_sweep_mean_ci95_n_against_the_replications(files):
    ds = btlinksim.sweep_dataset(files["sweep"])
    t = btlinksim.load_sweep(files["sweep"])
    assert "sink" in t["sinks"].columns and "name" not in t["sinks"].columns
    sinks, points = t["sinks"], t["points"]
    # The point at 40 m with the relay: its replications' rows of /sinks, read back independently.
    pt = points[(points["devices.right.position[0]"] == "40 m") & points["topology"].str.contains("relay")]["index"]
    rows = sinks[(sinks["point"] == int(pt.iloc[0])) & (sinks["sink"] == "right")]["e2e_latency_mean_s"].to_numpy()
    cell = ds.sel({"devices.right.position[0]": 40.0, "topology": "relay", "sink": "right"})
    assert cell["e2e_latency_mean_s_mean"].item() == pytest.approx(rows.mean(), rel=1e-12)
    assert cell["e2e_latency_mean_s_n"].item() == len(rows) == 2
    assert cell["e2e_latency_mean_s_ci95"].item() == pytest.approx(btlinksim.t_halfwidth(rows), rel=1e-9)
    assert cell["e2e_latency_mean_s_mean"].attrs["units"] == "s"


def test_a_file_of_the_wrong_kind_is_refused(files):
    with pytest.raises(ValueError, match="not a btlinksim run file"):
        btlinksim.load_run(files["sweep"])
    with pytest.raises(ValueError, match="not a btlinksim sweep file"):
        btlinksim.load_sweep(files["run"])


def test_command_line_entry_point(files, capsys):
    from btlinksim import results

    assert results.main([files["run"]]) == 0
    out = capsys.readouterr().out
    assert "sink" in out and "right" in out


def test_stored_latency_distribution_is_the_files_and_drawn_as_it_is(files):
    # /latency_cdf against /sinks of the same file: level 0.5 is latency_p50_s and level 1 latency_max_s in every
    # replication (the same histogram); levels rise, latencies never fall.
    run = btlinksim.load_run(files["run"])
    cdf, sinks = run.latency_cdf, run.sinks
    for (rep, sink), rows in cdf.groupby(["replication", "sink"]):
        row = sinks[(sinks["replication"] == rep) & (sinks["sink"] == sink)].iloc[0]
        by_level = dict(zip(rows["level"], rows["latency_s"]))
        assert by_level[0.5] == pytest.approx(row["latency_p50_s"], rel=1e-12)
        assert by_level[1.0] == row["latency_max_s"]
        assert np.all(np.diff(rows["level"].to_numpy()) > 0) and np.all(np.diff(rows["latency_s"].to_numpy()) >= 0)
        assert len(rows) == 103
    import matplotlib
    matplotlib.use("Agg")
    from btlinksim import designs

    ax = designs.latency_figure([run]).axes[0]
    for line in ax.lines:
        sink = line.get_label().split(": ")[1]
        want = cdf[cdf["sink"] == sink].groupby("level")["latency_s"].mean()
        assert np.allclose(line.get_xdata(), want.to_numpy() * 1e3) and np.allclose(line.get_ydata(), want.index)
    assert len(ax.lines) == 2
