// How btlinksim maps its large memory. On a virtual machine each first write to a 4 KB page is a page fault of
// 9-16 us (docs/performance.md, BM_first_touch); a 2 MB transparent huge page takes one fault for 512 of them.
//
// The heap a forked run starts from. A run's child allocates most of its memory in the free space its parent's
// heap kept from loading the scenario (a 5,000-receiver file leaves ~25 MB of freed YAML nodes): each first write
// there is a fault, a copy when the page is still shared with the parent. Two calls turn most of them into a few
// huge-page faults:
//  - the parent gives its free heap pages back to the kernel before forking (with a kernel that reclaims empty
//    page tables, CONFIG_PT_RECLAIM, a whole free 2 MB stretch loses its page table too);
//  - the child marks its heap MADV_HUGEPAGE, so a first touch of such a stretch maps one huge page.
// The large buffer a result file is built in (PageBuffer). None of these changes what a run computes, only how its
// memory is mapped; they do nothing where the kernel has no transparent huge pages.
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
