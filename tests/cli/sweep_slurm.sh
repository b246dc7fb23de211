# A sweep on a real single-node Slurm (munge + slurmctld + slurmd from Debian's slurm-wlm, no systemd; the
# recipe of shared/reference/stack-notes.md §5): --slurm writes the job array and its merge job, submit.sh
# submits them, and the merged file equals the local -j 2 sweep. The daemons this test starts are stopped by
# PID when it ends, also when a step fails. (.ci/setup installs the packages.)
source "$(dirname "$0")/lib.bash"
for c in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$c" > /dev/null || fail "$c not installed: bash .ci/setup installs slurm-wlm and munge"
done
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
host=$(hostname)
chmod 755 "$tmp"
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/munge" "$tmp/run"
chown munge:munge "$tmp/munge"
# munge, in a socket of our own so a machine's own munged is left alone.
su -s /bin/sh munge -c "/usr/sbin/munged --socket=$tmp/munge/munge.socket --pid-file=$tmp/munge/munged.pid --seed-file=$tmp/munge/seed --log-file=$tmp/munge/munged.log" \
  || fail "munged did not start: $(cat "$tmp/munge/munged.log" 2>/dev/null)"
for _ in $(seq 50); do [ -s "$tmp/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/munge/munged.pid")")
node=$(slurmd -C | head -1 | sed 's/ UpTime.*//')
cat > "$tmp/slurm.conf" <<CONF
ClusterName=btl
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/run/slurmctld.log
SlurmdLogFile=$tmp/run/slurmd.log
$node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start: $(cat "$tmp/run/slurmctld.log" 2>/dev/null | tail -5)"
for _ in $(seq 50); do [ -s "$tmp/run/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/run/slurmctld.pid")")
slurmd -f "$SLURM_CONF" || fail "slurmd did not start: $(cat "$tmp/run/slurmd.log" 2>/dev/null | tail -5)"
for _ in $(seq 50); do [ -s "$tmp/run/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/run/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o %T | grep -q idle || fail "the node never became idle: $(sinfo 2>&1) $(tail -5 "$tmp/run/slurmctld.log")"

mkdir -p "$tmp/w"; cd "$tmp/w"
cp "$SRC/scenarios/relay.yaml" .
printf 'base: relay.yaml\nparameters:\n  seed: [1, 2, 3, 4]\n  duration: [1 min]\nreplications: 2\noutput: slurm.h5\n' > s.yaml
sed -e 's#slurm.h5#local.h5#' s.yaml > l.yaml
expect_rc 0 "$BTL" sweep s.yaml --slurm --tasks 3
out | grep -q "8 runs in 3 array tasks" || fail "--slurm: $(out)"
ids=$(bash slurm.h5.slurm/submit.sh) || fail "submit failed: $ids"
for _ in $(seq 300); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
[ -z "$(squeue -h)" ] || fail "jobs still queued after 60 s: $(squeue)"
[ -f slurm.h5 ] || fail "the merge job wrote no file: $(cat slurm.h5.slurm/*.log 2>/dev/null)"
expect_rc 0 "$BTL" sweep l.yaml -j 2 -q
/usr/bin/python3 - slurm.h5 local.h5 <<'PY' || fail "Slurm and local results differ"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1]), h5py.File(sys.argv[2])
assert list(a["runs/status"].asstr()[()]) == ["ok"] * 8
for g in ("points", "sinks", "links", "devices", "points_sinks"):
    for name, ds in a[g].items():
        x, y = ds[()], b[g][name][()]
        assert (np.array_equal(x, y) if x.dtype.kind in "OSU" else np.array_equal(x, y, equal_nan=True)), (g, name)
PY
echo "sweep on Slurm ($ids): ok"
