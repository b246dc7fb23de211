// Temporary files of the atomic writes (NAME.PID.tmp, renamed to NAME when complete): the name for this
// process, and the clean-up of those left by a process killed while writing (its PID no longer runs).
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace btlinksim {

std::string temporary_for(const std::string& path);
// Removes PATH.<pid>.tmp for every <pid> that is not a running process (kill(pid, 0) fails with ESRCH).
void remove_stale_temporaries(const std::string& path);
// The same for temporaries of the caller's naming in dir: writer_pid(file name) gives the writing process's id as
// text, or "" for a file that is not such a temporary (or not this host's to judge).
void remove_dead_writers_temporaries(const std::string& dir, const std::function<std::string(const std::string&)>& writer_pid);

// Writes bytes to PATH.PID.tmp (write, fsync, close, each checked), then renames it to path. Any failure -- a full
// disk, an unwritable directory -- removes the temporary and throws std::runtime_error("cannot write PATH: REASON"),
// REASON from errno (e.g. "No space left on device"); path is never left half written.
void write_file_atomically(const std::string& path, std::string_view bytes);
// The same through a temporary of the caller's naming (the sweep's run store: KEY.HOST.PID.tmp), without the
// stale-temporary clean-up.
void write_then_rename(const std::string& tmp, const std::string& path, std::string_view bytes);

}  // namespace btlinksim
