// How btlinksim maps its large memory: the heap a forked run starts from, and the large buffer a result file is
// built in. The heap a forked run starts from: A run's child allocates most of its memory in the free space its parent's
// heap inherited from loading the scenario (a 5,000-receiver file leaves ~25 MB of freed YAML nodes). Each first
// write to one of those 4 KB pages is a page fault -- a copy when the page is still shared with the parent --
// and on a virtual machine a fault costs 9-16 us (docs/performance.md, BM_first_touch). Two calls turn most of
// them into a few faults of 2 MB transparent huge pages:
//  - the parent gives its free heap pages back to the kernel before forking (their page tables go with them);
//  - the child marks its heap MADV_HUGEPAGE, so a first touch of a free 2 MB stretch maps one huge page.
// Neither changes what a run computes, only how its memory is mapped; both do nothing where the kernel has no
// transparent huge pages ("never" in /sys/kernel/mm/transparent_hugepage/enabled).
#pragma once

#include <cstddef>

namespace btlinksim {

// Returns the heap's free pages to the kernel (malloc_trim). Call in the parent before forking runs.
void release_free_heap() noexcept;
// Marks this process's heap ([heap] in /proc/self/maps) MADV_HUGEPAGE: the bytes marked, 0 where it could not (no
// heap mapping, no transparent huge pages, an allocator that does not use the brk heap) or was told not to
// (environment BTLINKSIM_HUGE_PAGES=0: a cluster that counts a job's resident memory strictly may prefer the
// 4 KB pages, which a run touching a few bytes of a 2 MB stretch does not round up).
std::size_t advise_huge_heap() noexcept;

// One large buffer of fresh anonymous memory (a result file's image, tens of MB for a stadium): zero-filled, in
// 2 MB pages where it spans one (MADV_HUGEPAGE, unless BTLINKSIM_HUGE_PAGES=0), unmapped when destroyed. glibc
// maps a block this large outside the heap, one 4 KB fault per page at its first write. Throws std::bad_alloc
// when it cannot be mapped.
class PageBuffer {
public:
  explicit PageBuffer(std::size_t bytes);
  ~PageBuffer();
  PageBuffer(const PageBuffer&)            = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;
  char* data() { return data_; }
  std::size_t size() const { return size_; }
  bool huge() const { return huge_; }  // advised for 2 MB pages

private:
  char* data_        = nullptr;
  std::size_t size_  = 0;
  std::size_t mapped_ = 0;
  bool huge_         = false;
};

}  // namespace btlinksim
