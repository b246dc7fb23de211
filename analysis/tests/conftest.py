"""Result files for the package's tests, made by the btlinksim executable of this build ($BTLINKSIM, default
build/btlinksim beside analysis/): a short run and a small sweep, once per test session."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SCENARIO = """scenario: two speakers
duration: 2 s
replications: 3
seed: 7
devices:
  phone: { role: source, position: [0, 0] }
  left:  { role: speaker, position: [2, 0] }
  right: { role: speaker, position: [4, 1] }
topology: { kind: relay, chain: [phone, left, right] }
audio: { codec: sbc, bitrate: 328 kbps, packet_type: 2-DH5, playout_delay: 150 ms }
"""
# Distances in three spellings of metres, out of order; two topology kinds.
SWEEP = """sweep: far speaker
base: base.yaml
parameters:
  devices.right.position[0]: [40 m, 500 cm, 0.01 km]
  topology:
    - { kind: relay, chain: [phone, left, right] }
    - { kind: dual_stream, sinks: [left, right] }
replications: 2
output: sweep.h5
"""


def btlinksim():
    return os.environ.get("BTLINKSIM", str(REPO / "build" / "btlinksim"))


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("results")
    (d / "base.yaml").write_text(SCENARIO + "output: { file: run.h5 }\n", encoding="utf-8")
    (d / "sweep.yaml").write_text(SWEEP, encoding="utf-8")
    subprocess.run([btlinksim(), "run", "base.yaml", "-q", "-j", "2"], cwd=d, check=True, capture_output=True)
    subprocess.run([btlinksim(), "sweep", "sweep.yaml", "-q", "-j", "2"], cwd=d, check=True, capture_output=True)
    return {"run": str(d / "run.h5"), "sweep": str(d / "sweep.h5"), "dir": d}
