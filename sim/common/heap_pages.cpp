#include "sim/common/heap_pages.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace btlinksim {

void release_free_heap() noexcept
{
  malloc_trim(0);
}

namespace {

// The [heap] line's range in /proc/self/maps (read(2) into a string: this runs first thing in a forked child).
bool heap_range(std::uintptr_t& lo, std::uintptr_t& hi)
{
  const int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  std::string text;
  char buf[16384];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  const size_t at = text.find(" [heap]\n");
  if (at == std::string::npos)
    return false;
  const size_t start = text.rfind('\n', at);
  const char* line   = text.c_str() + (start == std::string::npos ? 0 : start + 1);
  char* end          = nullptr;
  lo                 = std::strtoull(line, &end, 16);
  if (end == nullptr || *end != '-')
    return false;
  hi = std::strtoull(end + 1, nullptr, 16);
  return hi > lo;
}

bool huge_pages_allowed()
{
  const char* v = std::getenv("BTLINKSIM_HUGE_PAGES");
  return v == nullptr || std::strcmp(v, "0") != 0;
}

constexpr std::size_t kHugePage = 2u << 20;

}  // namespace

std::size_t advise_huge_heap() noexcept
{
#ifdef MADV_HUGEPAGE
  if (!huge_pages_allowed())
    return 0;
  std::uintptr_t lo = 0, hi = 0;
  try {
    if (!heap_range(lo, hi))
      return 0;
  } catch (const std::bad_alloc&) {  // no memory for the maps' text: the run goes on in 4 KB pages
    return 0;
  }
  return madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE) == 0 ? hi - lo : 0;
#else
  return 0;
#endif
}

PageBuffer::PageBuffer(std::size_t bytes) : size_(bytes)
{
  if (bytes == 0)
    return;
  const std::size_t unit = bytes >= kHugePage ? kHugePage : static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  mapped_                = (bytes + unit - 1) / unit * unit;
  void* m = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    throw std::bad_alloc();
  data_ = static_cast<char*>(m);
#ifdef MADV_HUGEPAGE
  huge_ = bytes >= kHugePage && huge_pages_allowed() && madvise(m, mapped_, MADV_HUGEPAGE) == 0;
#endif
}

PageBuffer::~PageBuffer()
{
  if (data_ != nullptr)
    munmap(data_, mapped_);
}

}  // namespace btlinksim
