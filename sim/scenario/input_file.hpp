// Reading a user's input file (scenario, sweep, preset): only a regular file of bounded size is read, so that
// `validate /dev/zero` or a FIFO gives a message instead of growing without end or blocking forever.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace btlinksim {

// 16 MiB: the largest example scenario is 5 KB; a sweep or preset file is smaller still (assumed bound, U).
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

// The whole text of `path`, or nullopt with `error` set to what is wrong and what to do (the system's reason for
// a missing, unreadable or looping path; "a directory", "not a regular file", "larger than 16 MiB").
// `what` names the file in messages ("scenario", "sweep", "preset").
std::optional<std::string> read_input_file(const std::string& path, const std::string& what, std::string& error);

}  // namespace btlinksim
