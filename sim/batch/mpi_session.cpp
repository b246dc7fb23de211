#include "sim/batch/mpi_session.hpp"

#include <cstdlib>

#ifdef BTLINKSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace btlinksim {

MpiSession::MpiSession()
{
  launched_ = std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
#ifdef BTLINKSIM_HAVE_MPI
  if (launched_) {
    MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    active_ = true;
  }
#endif
}

MpiSession::~MpiSession()
{
#ifdef BTLINKSIM_HAVE_MPI
  if (active_)
    MPI_Finalize();
#endif
}

void MpiSession::barrier() const
{
#ifdef BTLINKSIM_HAVE_MPI
  if (active_)
    MPI_Barrier(MPI_COMM_WORLD);
#endif
}

}  // namespace btlinksim
