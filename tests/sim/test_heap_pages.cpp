// How a forked run's heap is mapped (sim/common/heap_pages.hpp): the parent gives its free pages back before
// forking, the child marks its heap for 2 MB pages. On a virtual machine each 4 KB first touch is a 9-16 us
// fault (docs/performance.md), so a 5,000-receiver broadcast's ~3,700 of them were half its engine time.
#include "bench/stadium_yaml.hpp"
#include "sim/common/asan.hpp"
#include "sim/common/heap_pages.hpp"
#include "sim/engine/runner.hpp"
#include "sim/scenario/scenario.hpp"

#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace btlinksim;

namespace {

// The kernel's transparent huge page mode: "always", "madvise", "never", or "" where it has none.
std::string thp_mode()
{
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  std::getline(f, line);
  const size_t a = line.find('['), b = line.find(']');
  return a == std::string::npos || b == std::string::npos ? "" : line.substr(a + 1, b - a - 1);
}

// The [heap] mappings in /proc/self/smaps, in address order: where the heap grew after an madvise, its new part
// is a mapping of its own.
struct HeapMapping {
  unsigned long lo = 0, hi = 0;
  std::string flags;
};
std::vector<HeapMapping> heap_mappings()
{
  std::ifstream f("/proc/self/smaps");
  std::string line;
  std::vector<HeapMapping> out;
  bool in_heap = false;
  while (std::getline(f, line)) {
    if (line.find(" [heap]") != std::string::npos) {
      HeapMapping h;
      in_heap = std::sscanf(line.c_str(), "%lx-%lx", &h.lo, &h.hi) == 2;
      if (in_heap)
        out.push_back(h);
    } else if (in_heap && line.rfind("VmFlags:", 0) == 0) {
      out.back().flags = line.substr(8) + " ";
      in_heap          = false;
    }
  }
  return out;
}

// Whether this kernel maps a huge page where an MADV_HUGEPAGE range was written, emptied (MADV_DONTNEED) and
// written again: the empty page table must go with the pages (CONFIG_PT_RECLAIM), as it must for the heap the
// parent released. Probed on a mapping of its own.
bool zapped_range_gets_huge_page()
{
  const size_t huge = 2UL << 20;
  void* m           = mmap(nullptr, 2 * huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    return false;
  char* p = reinterpret_cast<char*>((reinterpret_cast<std::uintptr_t>(m) + huge - 1) & ~(huge - 1));
  bool ok = madvise(p, huge, MADV_NOHUGEPAGE) == 0;
  for (size_t k = 0; ok && k < huge; k += 4096)
    p[k] = 1;  // a page table of 4 KB pages
  ok = ok && madvise(p, huge, MADV_DONTNEED) == 0 && madvise(p, huge, MADV_HUGEPAGE) == 0;
  if (ok)
    p[0] = 1;
  long anon_huge_kb = 0;
  std::ifstream f("/proc/self/smaps");
  std::string line;
  bool in_map = false;
  while (ok && std::getline(f, line)) {
    unsigned long lo = 0, hi = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &lo, &hi) == 2)  // a mapping's first line (fields are "Name: value")
      in_map = lo <= reinterpret_cast<std::uintptr_t>(p) && reinterpret_cast<std::uintptr_t>(p) < hi;
    else if (in_map && line.rfind("AnonHugePages:", 0) == 0)
      anon_huge_kb = std::atol(line.c_str() + 14);
  }
  munmap(m, 2 * huge);
  return anon_huge_kb >= 2048;
}

long resident_kb()
{
  std::ifstream f("/proc/self/statm");
  long size = 0, resident = 0;
  f >> size >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

long children_minor_faults()
{
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return u.ru_minflt;
}

// The stadium of docs/performance.md (bench/stadium_yaml.hpp), 20 s.
Scenario stadium(int n)
{
  LoadResult r = load_scenario_text(stadium_yaml(n, "20 s"), "stadium.yaml");
  REQUIRE(r.scenario);
  Scenario s     = *r.scenario;
  s.replications = 1;
  s.output.file  = "";
  return s;
}

}  // namespace

TEST_CASE("advise_huge_heap marks the whole heap mapping for huge pages", "[heap_pages]")
{
  if (BTL_ASAN || thp_mode().empty()) {
    WARN("no brk heap under AddressSanitizer, or no transparent huge pages in this kernel: nothing to mark");
    return;
  }
  std::vector<char*> keep;
  for (int i = 0; i < 64; ++i)  // a heap of at least 64 x 4 KB, whatever ran before
    keep.push_back(new char[4096]);
  const std::size_t marked = advise_huge_heap();
  const auto heap          = heap_mappings();
  REQUIRE(!heap.empty());
  CHECK(marked == heap[0].hi - heap[0].lo);  // the heap as it was (what grows later is a mapping of its own)
  CHECK(marked >= 64 * 4096);
  CHECK(heap[0].flags.find(" hg ") != std::string::npos);  // smaps: "hg" = MADV_HUGEPAGE
  for (char* p : keep)
    delete[] p;
}

TEST_CASE("advise_huge_heap does nothing when BTLINKSIM_HUGE_PAGES=0", "[heap_pages]")
{
  setenv("BTLINKSIM_HUGE_PAGES", "0", 1);
  const auto before = heap_mappings();
  CHECK(advise_huge_heap() == 0);
  const auto after = heap_mappings();
  unsetenv("BTLINKSIM_HUGE_PAGES");
  if (BTL_ASAN && before.empty())  // AddressSanitizer's allocator: no brk heap whose flags could change
    return;
  REQUIRE(!before.empty());
  REQUIRE(!after.empty());
  // The heap's first mapping keeps its flags (the test's own allocations may have grown the heap since).
  CHECK(after[0].lo == before[0].lo);
  CHECK(after[0].flags == before[0].flags);
}

TEST_CASE("release_free_heap gives freed heap pages back to the kernel", "[heap_pages]")
{
  if (BTL_ASAN) {
    WARN("AddressSanitizer's allocator keeps freed memory in quarantine: nothing to give back");
    return;
  }
  // 32 MB of 4 KB blocks, every page written, then freed behind a block kept at the top (so that free() cannot
  // trim them itself): they stay resident until released.
  const long start = resident_kb();
  std::vector<char*> blocks;
  for (int i = 0; i < 8192; ++i)
    blocks.push_back(static_cast<char*>(std::calloc(1, 4000)));
  for (char* p : blocks)
    for (int k = 0; k < 4000; k += 512)
      p[k] = 1;
  char* top       = static_cast<char*>(std::malloc(4000));  // above the blocks
  const long peak = resident_kb();
  for (char* p : blocks)
    std::free(p);
  const long freed = resident_kb();
  release_free_heap();
  const long after = resident_kb();
  INFO("resident " << start << " kB, " << peak << " with the blocks, " << freed << " freed, " << after << " released");
  CHECK(peak - start > 30 * 1024);
  CHECK(freed - after > 12 * 1024);  // what free() alone left resident (it gives back only the top of the heap)
  CHECK(after - start < 2 * 1024);   // and released, none of the 32 MB stays
  std::free(top);
}

TEST_CASE("a forked run maps what it allocates in huge pages: fewer page faults than with 4 KB pages", "[heap_pages]")
{
  const std::string mode = thp_mode();
  if (BTL_ASAN || (mode != "always" && mode != "madvise") || !zapped_range_gets_huge_page()) {
    WARN("transparent huge pages are '" << mode << "' here, or the kernel keeps the page tables of released "
         "memory (no CONFIG_PT_RECLAIM), or AddressSanitizer's allocator: nothing to compare");
    return;
  }
  const Scenario s = stadium(5000);
  // 4 KB pages first, then huge pages: each child's faults are the growth of RUSAGE_CHILDREN.
  setenv("BTLINKSIM_HUGE_PAGES", "0", 1);
  long f0 = children_minor_faults();
  auto small = run_replications(s, 1);
  const long small_faults = children_minor_faults() - f0;
  unsetenv("BTLINKSIM_HUGE_PAGES");
  f0 = children_minor_faults();
  auto huge = run_replications(s, 1);
  const long huge_faults = children_minor_faults() - f0;
  INFO("child page faults: " << small_faults << " with 4 KB pages, " << huge_faults << " with huge pages");
  // 5,000 receivers touch ~21 MB (~5,450 faults of 4 KB). Much of it falls in free 2 MB stretches of the parent's
  // heap: 799-1,311 faults in 10 tries on a PVM guest (how many stretches are whole depends on where the
  // randomised heap starts against a 2 MB boundary). With 2,000 receivers the share ranged from 23 % to 77 % once
  // the per-sink state was 64-byte aligned (the aligned allocations move what lies where): too close to the bound.
  CHECK(small_faults > 2500);
  CHECK(huge_faults < small_faults * 7 / 10);
  // The pages change nothing the run computes.
  REQUIRE(small.size() == 1);
  REQUIRE(huge.size() == 1);
  CHECK(small[0].events > 0);
  small[0].wall_s = huge[0].wall_s = 0;  // the only value that may differ: how long each took
  CHECK(small[0].serialize() == huge[0].serialize());
}

TEST_CASE("a PageBuffer is zero-filled fresh memory, in 2 MB pages from 2 MB on", "[heap_pages]")
{
  PageBuffer big(5u << 20);
  REQUIRE(big.data() != nullptr);
  CHECK(big.size() == (5u << 20));
  CHECK(big.data()[0] == 0);
  CHECK(big.data()[big.size() - 1] == 0);
  big.data()[big.size() - 1] = 7;  // writable to its last byte
  CHECK(big.data()[big.size() - 1] == 7);
  if (thp_mode().empty())
    WARN("no transparent huge pages in this kernel: the buffer stays in 4 KB pages");
  else
    CHECK(big.huge());
  PageBuffer small(100000);
  CHECK_FALSE(small.huge());  // less than one huge page: nothing to gain
  CHECK(small.data()[99999] == 0);
  setenv("BTLINKSIM_HUGE_PAGES", "0", 1);
  PageBuffer told(5u << 20);
  CHECK_FALSE(told.huge());
  unsetenv("BTLINKSIM_HUGE_PAGES");
  PageBuffer none(0);
  CHECK(none.size() == 0);
  CHECK(none.data() == nullptr);
}
