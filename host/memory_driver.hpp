#pragma once
// Drives a simulator's memory (engine/memory_traces.hpp, docs/memory.md): captures the activity
// patterns of a population as traces, replays traces in offline phases and completes patterns from
// a partial cue. Members are (re)activated through a drive population of Poisson sources wired one
// to one onto the memory population, so replayed spikes travel ordinary synapses and the
// projections' plasticity rules learn from them as from any other activity; the drive's spikes
// are counter-based Philox, so this needs nothing of a backend beyond set_rates.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/memory_traces.hpp"
#include "engine/simulator.hpp"

namespace engram {

struct memory_driver_options {
  std::string population = "exc";  // whose patterns are remembered
  std::string drive = "drive";     // poisson_source population of the same size, one to one onto it
  double drive_rate_hz = 400;      // rate of a driven member's source
  uint64_t replay_steps = 20;      // how long one trace is driven at a replay or a cue
  uint32_t capture_min_spikes = 2; // spikes in the capture window that make a neuron a member
  // Synaptic down-scaling in sleep: after each consolidation, this projection's weights times
  // `downscale` (1: off).
  std::string downscale_projection;
  double downscale = 1.0;
};

class memory_driver {
 public:
  // Checks that both populations exist and have one size.
  memory_driver(simulator& sim, memory_state& memory, memory_driver_options options);

  // Runs `steps` steps with members (local indices) of the population driven, then stops the drive.
  void drive(const std::vector<uint32_t>& members, uint64_t steps);
  // Starts a capture window: the counts so far are dropped.
  void begin_capture();
  // Ends it: the neurons with at least capture_min_spikes spikes since begin_capture() become a
  // trace (capture_trace). Returns its index, or -1.
  int end_capture();
  // An offline phase of `steps`: the caller's inputs are its own business (sleep: set them off);
  // every `interval` steps a consolidation draws traces and each is driven for replay_steps.
  void sleep(uint64_t steps, uint64_t interval);
  // Pattern completion: drives the cue and the missing members of the best-overlapping trace
  // together for replay_steps. Returns the completion found (trace -1: none, the cue alone ran).
  completion cue(const std::vector<uint32_t>& partial);

 private:
  simulator& sim_;
  memory_state& memory_;
  memory_driver_options options_;
  uint32_t size_ = 0;
};

}  // namespace engram
