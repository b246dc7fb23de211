// Temporary files of the atomic writes (NAME.PID.tmp, renamed to NAME when complete): the name for this
// process, and the clean-up of those left by a process killed while writing (its PID no longer runs).
#pragma once

#include <string>

namespace btlinksim {

std::string temporary_for(const std::string& path);
// Removes PATH.<pid>.tmp for every <pid> that is not a running process (kill(pid, 0) fails with ESRCH).
void remove_stale_temporaries(const std::string& path);

}  // namespace btlinksim
