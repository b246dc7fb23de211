// Runs already complete, kept beside the output (OUTPUT.runs/KEY.run) as each finishes: a rerun of the same
// command skips them. KEY hashes the point's resolved scenario, the replication and the build, so a changed
// point or another btlinksim never reuses a result. Files are written to KEY.HOST.PID.tmp and renamed: a killed
// sweep leaves whole results or nothing. At the start a process removes only the temporaries of processes of its
// own host that no longer run: shards of one sweep start side by side (Slurm array tasks, MPI ranks, perhaps on
// other nodes of a shared file system), and removing every temporary once deleted a running shard's result
// before its rename (found by tests/cli/determinism.sh: the merge then missed a run).
#pragma once

#include "sim/output/results.hpp"
#include "sim/scenario/scenario.hpp"

#include <optional>
#include <string>

namespace btlinksim {

class RunStore {
public:
  explicit RunStore(const std::string& output) : dir_(output.empty() ? "" : output + ".runs") {}
  bool enabled() const { return !dir_.empty(); }
  // Makes the directory (emptied first if fresh) and removes this host's temporaries of dead processes.
  void prepare(bool fresh);
  // extra: what else makes the run (a range search's distance), when the scenario's text does not say it.
  static std::string key(const Scenario& s, int rep, const std::string& extra = "");
  // The stored result, or nothing if it is absent or unreadable (then it runs again).
  std::optional<RunResult> load(const std::string& key) const;
  // False if the result could not be stored (it is still in memory for this process's own file).
  bool save(const std::string& key, const RunResult& r) const;

private:
  std::string dir_;
};

}  // namespace btlinksim
