#include "sim/cli/progress_line.hpp"

#include <unistd.h>

#include <cstdio>

namespace btlinksim::cli {

ProgressLine::ProgressLine() : tty_(isatty(STDERR_FILENO) != 0) {}

void ProgressLine::show(const std::string& text, bool final)
{
  if (tty_)
    std::fprintf(stderr, "\r%s%s", text.c_str(), final ? "\n" : "\033[K");
  else
    std::fprintf(stderr, "%s\n", text.c_str());
  shown_ = tty_ && !final;
}

void ProgressLine::clear()
{
  if (shown_)
    std::fprintf(stderr, "\r\033[K");
  shown_ = false;
}

}  // namespace btlinksim::cli
