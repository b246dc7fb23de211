// Whole-buffer reads and writes on a file descriptor (a file, a pipe, a socket), retried across EINTR and short
// transfers: the run store's files, a forked run's result pipe, serve's evaluator socket.
#pragma once

#include <cstddef>

namespace btlinksim {

// Writes all n bytes: 0, or the errno that stopped it (ENOSPC when write() wrote nothing without an error).
int write_all(int fd, const void* p, std::size_t n);
// Reads exactly n bytes: 0, or the errno that stopped it (0 bytes read before n: EPIPE, the other end closed).
int read_all(int fd, void* p, std::size_t n);

}  // namespace btlinksim
