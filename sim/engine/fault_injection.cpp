#include "sim/engine/fault_injection.hpp"

#include "sim/engine/run.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace btlinksim {

namespace sg4 = simgrid::s4u;

void start_injected_fault(Run& run)
{
  const char* env = std::getenv("BTLINKSIM_FAULT");
  if (env == nullptr || *env == '\0')
    return;
  const std::string spec(env);
  const size_t at         = spec.find('@');
  const std::string kind  = spec.substr(0, at);
  if (at != std::string::npos) {
    const std::string rep = spec.substr(at + 1);
    if (rep.empty() || rep.find_first_not_of("0123456789") != std::string::npos)
      throw std::runtime_error("BTLINKSIM_FAULT=" + spec + ": the replication after '@' must be a number");
    if (std::stoi(rep) != run.rep)
      return;
  }
  const double t = std::min(1.0, run.end_s / 2);
  sg4::Host* host = run.hosts[run.s.resolved.topo.source];
  if (kind == "throw")
    run.spawn("injected_fault", host, [t] {
      sg4::this_actor::sleep_until(t);
      throw std::runtime_error("injected fault (BTLINKSIM_FAULT=throw)");
    });
  else if (kind == "deadlock")
    run.spawn("injected_fault", host, [t] {
      sg4::this_actor::sleep_until(t);
      sg4::Mailbox::by_name("btl_injected_fault_nobody_sends")->get<int>();
    });
  else if (kind == "hang")
    run.spawn("injected_fault", host, [t] {
      sg4::this_actor::sleep_until(t);
      for (;;)
        sg4::this_actor::yield();
    });
  else if (kind == "abort")
    run.spawn("injected_fault", host, [t] {
      sg4::this_actor::sleep_until(t);
      std::abort();
    });
  else
    throw std::runtime_error("BTLINKSIM_FAULT=" + spec + ": unknown fault (throw, deadlock, hang or abort)");
}

}  // namespace btlinksim
