// Faults on purpose, for the fault-isolation tests (tests/cli/fault_isolation.sh; docs/hardening.md): the
// environment variable BTLINKSIM_FAULT=KIND[@REPLICATION] makes that replication (every one without @) go
// wrong at t = min(1 s, end / 2) of simulated time in one of the ways a bug would:
//   throw     an actor throws a C++ exception
//   deadlock  an actor waits for a message nobody sends (SimGrid runs out of events with it blocked)
//   hang      an actor spins without letting simulated time advance (only a --run-timeout ends it)
//   abort     the process aborts (as on a failed assertion)
// Unset (always, outside those tests) it does nothing. A value it cannot read is a runtime failure.
#pragma once

namespace btlinksim {

struct Run;

// Starts the fault's actor on the source's host, if BTLINKSIM_FAULT names this replication.
void start_injected_fault(Run& run);

}  // namespace btlinksim
