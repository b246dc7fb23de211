"""btlinksim's Python package: read, analyse and plot the simulator's HDF5 result files.

Loaders (btlinksim.results): ``load_run`` (a run's file as a ``Run``: provenance and DataFrames), ``load_runs``,
``load_sweep``, ``run_dataset`` and ``sweep_dataset`` (xarray); ``load_optimisation`` for an optimiser's file
(btlinksim.optimise). Figures and the HTML report: btlinksim.plot (what ``btlinksim plot`` and ``btlinksim
report`` run). docs/python.md describes every function with an example.
"""
import importlib

__version__ = "0.1.0"  # the same as CMakeLists.txt project(VERSION), checked by analysis/tests

# Each name of the API and its module, imported when first used (so that `python -m btlinksim.results` does not
# find its module imported already, and `import btlinksim` stays light).
_API = {name: "results" for name in ("Run", "load_run", "load_runs", "load_sweep", "load_table",
                                     "parameter_coordinates", "run_dataset", "swept_parameters", "sweep_dataset",
                                     "t_halfwidth")}
_API["load_optimisation"] = "optimise"
__all__ = sorted(_API)


def __getattr__(name):
    if name in _API:
        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'btlinksim' has no attribute '{name}'")


def __dir__():
    return sorted(list(globals()) + list(_API))
