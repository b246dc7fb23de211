# A single-node Slurm of our own (munge + slurmctld + slurmd from Debian's slurm-wlm, no systemd; the recipe of
# docs/references.md [slurm]), on its own ports and munge socket so a machine's own daemons are left
# alone. Source it after lib.bash: it makes $tmp, starts the daemons, exports SLURM_CONF, and stops the daemons
# by PID (and removes $tmp) when the script exits, also when a step fails.
for c in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$c" > /dev/null || fail "$c not installed: bash .ci/setup installs slurm-wlm and munge"
done
tmp=$(mktemp -d)
pids=()
cleanup() {
  rm -f /tmp/btl_out.$$ /tmp/btl_err.$$
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

# Waits (up to 60 s) until Slurm's queue is empty.
slurm_wait() {
  for _ in $(seq 300); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  [ -z "$(squeue -h)" ] || fail "jobs still queued after 60 s: $(squeue)"
}
