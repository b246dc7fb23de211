# Cluster use without a cluster (issue 23 item 13; the real Slurm run is tests/cli/sweep_slurm.sh): --slurm's options
# reach the job files, bad values are refused (exit 2), and where Slurm cannot be reached the files are written but
# the command says so and how to run the sweep instead (exit 1). The summary never cuts a parameter value.
source "$(dirname "$0")/lib.bash"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; rm -f /tmp/btl_out.$$ /tmp/btl_err.$$' EXIT
cd "$tmp"
cp "$SRC/scenarios/relay.yaml" .
printf 'sweep: cluster\nbase: relay.yaml\nparameters:\n  audio.packet_type: [2-DH5, 2-DH3]\n  duration: [20 s]\nreplications: 30\noutput: out/c.h5\n' > c.yaml
# No sbatch on the PATH: the files, then the way without Slurm.
PATH=/nonexistent expect_rc 1 "$BTL" sweep c.yaml --slurm --tasks 4 --partition short --time 1-02:00:00 --account lab_1 --mem 2G --max-running 2
out | grep -q "60 runs in 4 array tasks" || fail "--slurm: $(out)"
err | grep -q "the job files are written, but this machine has no sbatch (Slurm's client) on its PATH" || fail "no sbatch: $(err)"
err | grep -q "btlinksim sweep c.yaml --shard I/4 for I = 0..3, then btlinksim merge c.yaml" || fail "no way out: $(err)"
a=out/c.h5.slurm/array.sbatch
for line in "#SBATCH --array=0-3%2" "#SBATCH --partition=short" "#SBATCH --account=lab_1" "#SBATCH --time=1-02:00:00" \
            "#SBATCH --mem=2G" "--shard \${SLURM_ARRAY_TASK_ID}/4"; do
  grep -qF -- "$line" "$a" || fail "array.sbatch lacks '$line': $(cat "$a")"
done
grep -qF -- "#SBATCH --time=1-02:00:00" out/c.h5.slurm/merge.sbatch || fail "merge.sbatch lacks the time limit"
# A controller that does not answer (here: no configuration at all).
if command -v sbatch > /dev/null; then
  SLURM_CONF=$tmp/none.conf expect_rc 1 "$BTL" sweep c.yaml --slurm
  err | grep -q "the job files are written, but Slurm's controller does not answer (scontrol ping: " || fail "no controller: $(err)"
fi
# Values sbatch would refuse, or that would break the job file, are refused before anything is written.
rm -rf out
bad=(--time 2h --mem 2GB --partition "a b" --account 'x;rm -rf ~')
for ((i = 0; i < ${#bad[@]}; i += 2)); do
  expect_rc 2 "$BTL" sweep c.yaml --slurm "${bad[i]}" "${bad[i + 1]}"
  err | grep -qF -- "btlinksim sweep: ${bad[i]} '${bad[i + 1]}': " || fail "${bad[i]} ${bad[i + 1]}: $(err)"
done
[ ! -e out ] || fail "refused options wrote $(ls -R out)"
expect_rc 2 "$BTL" sweep c.yaml --tasks 3
err | grep -q -- "--tasks requires --slurm" || fail "--tasks without --slurm: $(err)"
# The summary shows every parameter value whole (it cut them to "2-DH").
sed -i 's/duration: \[20 s\]/duration: [2 s]/; s/replications: 30/replications: 2/' c.yaml
expect_rc 0 "$BTL" sweep c.yaml -q
expect_rc 0 "$BTL" summary out/c.h5
out | grep -qE "^0 +2-DH5; 2 s +left" || fail "summary point 0: $(out)"
out | grep -qE "^1 +2-DH3; 2 s +left" || fail "summary point 1: $(out)"
echo "cluster: ok"
