// The stadium of docs/performance.md as scenario text: one Class 1 Auracast transmitter at the front, n receivers
// 1 m apart in rows of 100 from 5 m away (left and right alternating: two BISes), open air (log-distance exponent
// 2.2, 4 dB shadowing, Rician K 6 dB: assumed), BAP 48_2_1 broadcast. Shared by BM_stadium and the tests that need
// a large run (tests/sim/test_heap_pages.cpp).
#pragma once

#include <string>

namespace btlinksim {

inline std::string stadium_yaml(int n, const std::string& duration)
{
  std::string y = "duration: " + duration +
                  "\nseed: 1\nenvironment:\n  path_loss: { model: log_distance, exponent: 2.2, "
                  "shadowing_sigma: 4 dB }\n  fading: { model: rician, k: 6 dB }\ndevices:\n"
                  "  stage: { role: source, radio: { class: 1 }, position: [50, 0] }\n";
  std::string sinks;
  for (int i = 0; i < n; ++i) {
    const std::string name = "r" + std::to_string(i);
    y += "  " + name + ": { role: speaker, position: [" + std::to_string(i % 100) + ", " + std::to_string(5 + i / 100) +
         "], channel: " + (i % 2 ? "right" : "left") + " }\n";
    sinks += (i ? ", " : "") + name;
  }
  return y + "topology: { kind: auracast, sinks: [" + sinks + "] }\nle_audio: { preset: \"48_2_1\", phy: le2m }\n";
}

}  // namespace btlinksim
