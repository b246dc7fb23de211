#include "sim/scenario/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace btlinksim {

std::optional<std::string> read_input_file(const std::string& path, const std::string& what, std::string& error)
{
  // O_NONBLOCK: opening a FIFO with no writer must not wait; the file type is checked on the open descriptor
  // (no race between a stat and the open).
  const int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    error = std::string("cannot read the ") + what + " file: " + std::strerror(err) +
            (err == ENOENT ? "; check the path" : err == ELOOP ? "; a symbolic link points back to itself: fix the link" : "");
    return std::nullopt;
  }
  struct stat st{};
  std::optional<std::string> out;
  if (fstat(fd, &st) != 0) {
    error = std::string("cannot read the ") + what + " file: " + std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    error = "is a directory, not a " + what + " file; give a .yaml file in it, e.g. " + path + "/" + what + ".yaml";
  } else if (!S_ISREG(st.st_mode)) {
    error = "is not a regular file (a device, FIFO or socket); give a " + what + " file (.yaml) on disk";
  } else if (static_cast<unsigned long long>(st.st_size) > kMaxInputBytes) {
    error = "is " + std::to_string(st.st_size >> 20) + " MiB; a " + what + " file is at most " +
            std::to_string(kMaxInputBytes >> 20) + " MiB (is it the right file?)";
  } else {
    std::string text(static_cast<size_t>(st.st_size), '\0');
    size_t done = 0;
    while (done < text.size()) {  // a file that grows while read is cut at its size when opened
      const ssize_t n = read(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0) {
        error = std::string("cannot read the ") + what + " file: " + std::strerror(errno);
        break;
      }
      if (n == 0) {
        text.resize(done);  // shrank while read
        break;
      }
      done += static_cast<size_t>(n);
    }
    if (error.empty())
      out = std::move(text);
  }
  close(fd);
  return out;
}

}  // namespace btlinksim
