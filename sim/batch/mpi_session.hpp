// MPI when btlinksim was started by mpirun (Open MPI or PMI environment), nothing otherwise: `mpirun -np N
// btlinksim sweep FILE` runs each rank's shard of the sweep into the run store, then rank 0 merges
// (sim/batch/sweep_batch.hpp).
#pragma once

namespace btlinksim {

class MpiSession {
public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&)            = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  // Started by mpirun, but this build has no MPI.
  bool launched_without_support() const { return launched_ && !active_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  void barrier() const;

private:
  bool launched_ = false, active_ = false;
  int rank_ = 0, size_ = 1;
};

}  // namespace btlinksim
