#!/usr/bin/python3
"""Power-on race sweep (issue 4): run scenarios/power_on_race.yaml with speaker b switched on 0..10 s after a and
report, per offset, the speaker-link failure rate (Wilson 95 % interval) and the mean time to link of the
replications that linked (Student-t 95 % interval). The offsets are one `btlinksim sweep` (docs/sweeps.md; the
same sweep as scenarios/sweeps/power_on_race.yaml, with the offsets given here), read back with the btlinksim package.

With --le, the LE Audio race (issue 27): scenarios/le_audio_power_on_race.yaml with speaker right switched on after
left; per offset, the rate of replications where a CIS was not up by the end (Wilson), the time from right's
power-on until both CISes are up, and how long the later CIS started after the earlier one (Student-t).

usage: /usr/bin/python3 analysis/power_on_race.py [--le] [--btlinksim build/btlinksim] [--offsets 0,1,...] [--jobs 2]
"""
import argparse, os, subprocess, sys, tempfile

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the package beside it, installed or not
from btlinksim import load_sweep, t_halfwidth  # noqa: E402

def wilson(k, n):
    """Wilson 95 % interval of a proportion k / n (scipy.stats.binomtest)."""
    if n == 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low, ci.high


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--btlinksim", default=os.path.join(here, "..", "build", "btlinksim"))
    ap.add_argument("--le", action="store_true", help="the LE Audio race (scenarios/le_audio_power_on_race.yaml)")
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--offsets", default=None)
    ap.add_argument("--jobs", default="2")
    a = ap.parse_args()
    if a.scenario is None:
        a.scenario = os.path.join(here, "..", "scenarios", "le_audio_power_on_race.yaml" if a.le else "power_on_race.yaml")
    if a.offsets is None:
        a.offsets = "0,0.05,0.1,0.5,1,2,5" if a.le else "0,0.5,1,1.5,2,2.5,3,4,5,6,7,8,9,10"
    offsets = [float(x) for x in a.offsets.split(",")]
    if a.le:
        return le_race(a, offsets)
    print(f"{'offset_s':>8} {'n':>3} {'fail_rate':>9} {'fail_95%':>15} {'link_s':>8} {'±95%':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        t = run_sweep(a, offsets, "b", tmp)
    runs, form = t["runs"], t["formation"]
    link = form[form["link"] == "a<->b"]
    for p, off in enumerate(offsets):
        n = int(((runs["point"] == p) & (runs["status"] == "ok")).sum())
        rows = link[link["point"] == p]
        fails = int((rows["outcome"] == 2).sum())
        times = rows.loc[rows["outcome"] != 2, "time_to_link_s"].to_numpy()
        lo, hi = wilson(fails, n)
        m = np.mean(times) if len(times) else float("nan")
        print(f"{off:8.1f} {n:3d} {fails / n:9.2f} [{lo:5.2f}, {hi:5.2f}] {m:8.2f} {t_halfwidth(times):7.2f}")


def run_sweep(a, offsets, device, tmp):
    sweep = os.path.join(tmp, "race.yaml")
    values = ", ".join(f"{off:g} s" for off in offsets)
    with open(sweep, "w") as f:
        f.write(f"sweep: power-on race\nbase: {os.path.abspath(a.scenario)}\n"
                f"parameters:\n  devices.{device}.power_on: [{values}]\noutput: {tmp}/race.h5\n")
    r = subprocess.run([a.btlinksim, "sweep", sweep, "-j", a.jobs, "-q"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(r.stderr)
    return load_sweep(f"{tmp}/race.h5")


def le_race(a, offsets):
    """The LE Audio race: per offset, replications without both CISes, both up after right's power-on, the gap."""
    print(f"{'offset_s':>8} {'n':>3} {'not_up':>6} {'not_up_95%':>15} {'all_up_s':>8} {'±95%':>6} {'gap_s':>6} {'±95%':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        t = run_sweep(a, offsets, "right", tmp)
    runs, form = t["runs"], t["formation"]
    for p, off in enumerate(offsets):
        n = int(((runs["point"] == p) & (runs["status"] == "ok")).sum())
        rows = form[form["point"] == p]
        up = rows.pivot(index="replication", columns="link", values="up_s")
        formed = up.notna().all(axis=1)
        k = int((~formed).sum())
        lo, hi = wilson(k, n)
        both = up[formed].max(axis=1).to_numpy() - off
        gap = (up[formed].max(axis=1) - up[formed].min(axis=1)).to_numpy()
        print(f"{off:8.2f} {n:3d} {k / n:6.2f} [{lo:5.2f}, {hi:5.2f}] {np.mean(both):8.3f} {t_halfwidth(both):6.3f} "
              f"{np.mean(gap):6.3f} {t_halfwidth(gap):6.3f}")


if __name__ == "__main__":
    main()
