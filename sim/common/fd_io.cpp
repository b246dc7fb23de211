#include "sim/common/fd_io.hpp"

#include <cerrno>
#include <unistd.h>

namespace btlinksim {

int write_all(int fd, const void* p, std::size_t n)
{
  const char* c = static_cast<const char*>(p);
  while (n > 0) {
    const ssize_t w = ::write(fd, c, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return w < 0 ? errno : ENOSPC;
    c += w;
    n -= static_cast<std::size_t>(w);
  }
  return 0;
}

int read_all(int fd, void* p, std::size_t n)
{
  char* c = static_cast<char*>(p);
  while (n > 0) {
    const ssize_t r = ::read(fd, c, n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return r < 0 ? errno : EPIPE;
    c += r;
    n -= static_cast<std::size_t>(r);
  }
  return 0;
}

}  // namespace btlinksim
