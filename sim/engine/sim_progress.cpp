#include "sim/engine/sim_progress.hpp"

#include <sys/mman.h>

#include <new>

namespace btlinksim {

namespace {
SimProgress* target = nullptr;
}

SimProgress* map_sim_progress()
{
  void* m = mmap(nullptr, sizeof(SimProgress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return m == MAP_FAILED ? nullptr : new (m) SimProgress;
}

void unmap_sim_progress(SimProgress* p)
{
  if (p) {
    p->~SimProgress();
    munmap(p, sizeof(SimProgress));
  }
}

void publish_sim_progress_to(SimProgress* p)
{
  target = p;
}

SimProgress* sim_progress_target()
{
  return target;
}

}  // namespace btlinksim
