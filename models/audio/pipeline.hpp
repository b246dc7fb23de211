// The audio pipeline around the air (issue 12): what a frame goes through besides the radio, stage by stage.
//   source: OS/mixer buffering (host_buffer), then the encoder, which runs every `tick` and takes every complete
//           frame (Android's A2DP encoder tick is 20 ms [android-sbc], T): a packet reaches the controller at the
//           first tick after its last frame was captured and buffered;
//   air:    the simulated ACL transport (sim/engine/transport.cpp); a relay may hold a packet `forward_delay`
//           before re-transmitting it (its forwarding buffer, part of the far speaker's pipeline);
//   sink:   the jitter buffer (audio.playout_delay: fixed target), the decoder, and the device's DSP/DAC
//           (output_delay) before the sound leaves the speaker.
// A codec's algorithmic delay beyond its frame (filter-bank overlap or look-ahead, encoder and decoder together)
// is a property of the codec.
#pragma once

#include "models/audio/codec.hpp"

namespace btlinksim {

// Algorithmic delay of a codec beyond the frame it fills, in seconds (docs/models.md, "Audio pipeline"):
//   SBC: analysis and synthesis filter banks from a 10 M-tap prototype (A2DP §12.5-12.6): 10 M - 1 samples (D);
//   AAC-LC: the MDCT's 50 % overlap, one more frame of 1024 samples (D);
//   LC3: 2.5 ms look-ahead with 10 ms frames [epp-lc3qos] (W);
//   aptX / aptX HD: 4-band QMF tree, U (taken as SBC's order for 4 bands: 39 samples);  LDAC: U (one frame).
double codec_algorithmic_delay_s(const Codec& c);

// When a packet whose last frame is captured at last_capture_s reaches the controller: after the host's
// buffering, at the encoder's next tick (ticks at phase + n * tick_s; tick_s = 0: at once).
double packet_ready_time(double last_capture_s, double host_buffer_s, double tick_s, double phase_s);

}  // namespace btlinksim
