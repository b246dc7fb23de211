#!/usr/bin/python3
"""Power-on race sweep (issue 4): run scenarios/power_on_race.yaml with speaker b switched on 0..10 s after a and
report, per offset, the speaker-link failure rate (Wilson 95 % interval) and the mean time to link of the
replications that linked (Student-t 95 % interval). A simple loop on one machine; no cluster needed.

usage: /usr/bin/python3 analysis/power_on_race.py [--btlinksim build/btlinksim] [--offsets 0,1,...] [--jobs 2]
"""
import argparse, glob, math, os, re, subprocess, sys, tempfile

import h5py
import numpy as np
from scipy import stats

def wilson(k, n):
    """Wilson 95 % interval of a proportion k / n (scipy.stats.binomtest)."""
    if n == 0:
        return float("nan"), float("nan")
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low, ci.high


def t_halfwidth(x):
    """95 % Student-t half-width of the mean of x (scipy.stats.t, any degrees of freedom)."""
    if len(x) < 2:
        return float("nan")
    return stats.t.ppf(0.975, len(x) - 1) * np.std(x, ddof=1) / math.sqrt(len(x))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--btlinksim", default=os.path.join(here, "..", "build", "btlinksim"))
    ap.add_argument("--scenario", default=os.path.join(here, "..", "scenarios", "power_on_race.yaml"))
    ap.add_argument("--offsets", default="0,0.5,1,1.5,2,2.5,3,4,5,6,7,8,9,10")
    ap.add_argument("--jobs", default="2")
    a = ap.parse_args()
    base = open(a.scenario).read()
    print(f"{'offset_s':>8} {'n':>3} {'fail_rate':>9} {'fail_95%':>15} {'link_s':>8} {'±95%':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for off in [float(x) for x in a.offsets.split(",")]:
            text = re.sub(r"(b: \{[^}]*power_on: )[0-9.]+ s", rf"\g<1>{off} s", base)
            text += f"output: {{ file: {tmp}/race_{off}.h5 }}\n"
            path = os.path.join(tmp, f"race_{off}.yaml")
            open(path, "w").write(text)
            # Presets are found next to the scenario or in the installed preset folder.
            r = subprocess.run([a.btlinksim, "run", path, "-j", a.jobs], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(r.stderr)
            fails, times = 0, []
            files = sorted(glob.glob(f"{tmp}/race_{off}_rep*.h5")) or [f"{tmp}/race_{off}.h5"]
            for f in files:
                with h5py.File(f) as h:
                    names = list(h["formation/name"].asstr()[()])
                    i = names.index("a<->b")
                    if h["formation/outcome"][i] == 2:
                        fails += 1
                    else:
                        times.append(h["formation/time_to_link_s"][i])
            n = len(files)
            lo, hi = wilson(fails, n)
            m = np.mean(times) if times else float("nan")
            hw = t_halfwidth(times)
            print(f"{off:8.1f} {n:3d} {fails / n:9.2f} [{lo:5.2f}, {hi:5.2f}] {m:8.2f} {hw:7.2f}")


if __name__ == "__main__":
    main()
