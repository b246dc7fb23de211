// A progress line on stderr: on a terminal one line rewritten in place (cleared or ended when done), otherwise a
// plain line per update (a log file keeps every one). `run` and `sweep` write theirs through it.
#pragma once

#include <string>

namespace btlinksim::cli {

class ProgressLine {
public:
  ProgressLine();
  bool tty() const { return tty_; }
  // Shows text; final on a terminal: the line is kept (ends with a new line) instead of being rewritten.
  void show(const std::string& text, bool final = false);
  // On a terminal, clears a line still shown.
  void clear();

private:
  bool tty_;
  bool shown_ = false;
};

}  // namespace btlinksim::cli
