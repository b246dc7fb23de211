// libFuzzer target for the scenario, sweep and optimisation loaders (issues 16, 25): any bytes must give a
// scenario or located errors, never a crash, hang or sanitizer report. The first byte modulo 3 picks the loader:
// 0 -> the scenario file loader, 1 -> the sweep loader, 2 -> the optimisation loader (the rest written as a
// sweep or optimisation file next to a valid base scenario, base.yaml, so their own code is reached). Built by `cmake -DBTLINKSIM_FUZZ=ON` with clang (tests/fuzz/README in
// docs/hardening.md); seeds: scenarios/ and tests/scenarios/bad/.
#include "sim/optimise/optimise_file.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/sweep.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

namespace {
const std::string& dir()
{
  static const std::string d = [] {
    char tmpl[] = "/tmp/btl_fuzz_XXXXXX";
    const char* p = mkdtemp(tmpl);
    std::string s = p ? p : "/tmp";
    std::ofstream(s + "/base.yaml") << "duration: 1 s\ndevices:\n  phone: { role: source, position: [0, 0] }\n"
                                       "  a: { role: speaker, position: [2, 0] }\ntopology: { kind: single, sinks: [a] }\n";
    return s;
  }();
  return d;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0)
    return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 3 == 0) {  // through the file loader, as a user's file goes (with the bounded yaml-cpp probe)
    const std::string path = dir() + "/scenario.yaml";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const auto r = btlinksim::load_scenario_file(path);
    (void)r.format_errors();
  } else if (data[0] % 3 == 1) {
    const std::string path = dir() + "/sweep.yaml";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const auto r = btlinksim::load_sweep_file(path);
    (void)r;
  } else {
    const std::string path = dir() + "/optimise.yaml";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const auto r = btlinksim::load_optimisation_file(path);
    (void)r.format_errors();
  }
  return 0;
}
