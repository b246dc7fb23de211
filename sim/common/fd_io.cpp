#include "sim/common/fd_io.hpp"

#include <cerrno>
#include <unistd.h>

namespace btlinksim {

namespace {
// Calls io(fd, at, left) until all n bytes have moved: EINTR retried, a short transfer continued. Returns 0, the
// call's errno, or `none` when a call moved nothing (write: a full disk; read: the other end closed).
template <class Byte, class Io>
int move_all(int fd, Byte* at, std::size_t n, Io io, int none)
{
  while (n > 0) {
    const ssize_t m = io(fd, at, n);
    if (m < 0 && errno == EINTR)
      continue;
    if (m <= 0)
      return m < 0 ? errno : none;
    at += m;
    n -= static_cast<std::size_t>(m);
  }
  return 0;
}
}  // namespace

int write_all(int fd, const void* p, std::size_t n) { return move_all(fd, static_cast<const char*>(p), n, ::write, ENOSPC); }

int read_all(int fd, void* p, std::size_t n) { return move_all(fd, static_cast<char*>(p), n, ::read, EPIPE); }

}  // namespace btlinksim
