#pragma once
// The orchestrator's run loop: steps the simulator, drains recorded spikes in bulk to the
// consumers, shows progress on long runs and returns a summary.
#include <functional>
#include <string>
#include <vector>

#include "engine/simulator.hpp"

namespace engram {

struct run_options {
  uint64_t steps = 0;
  uint64_t drain_every = 1000;   // steps between spike drains
  bool progress = true;          // a progress line on stderr for runs longer than ~2 s
  // Called whenever the simulator's step counter is a multiple of snapshot_every (after the
  // spikes so far are drained), and once at the end of the run when snapshot_at_end is set.
  uint64_t snapshot_every = 0;
  bool snapshot_at_end = false;
  std::function<void(const simulator&)> snapshot;
};

struct population_summary {
  std::string name;
  uint32_t size = 0;
  uint64_t spikes = 0;
  double rate_hz = 0;
};

struct run_summary {
  std::string backend, device;
  uint32_t neurons = 0;
  uint64_t synapses = 0, synapse_bytes = 0;
  uint64_t steps = 0;
  double dt_ms = 0, simulated_s = 0, wall_s = 0, rtf = 0;
  uint64_t spikes = 0, synaptic_events = 0;
  double events_per_s = 0;
  double dominant_frequency_hz = 0;
  std::vector<population_summary> populations;
};

using spike_consumer = std::function<void(const spike_record&)>;

run_summary run(simulator& sim, const run_options& options, const std::vector<spike_consumer>& consumers = {});

std::string format_summary(const run_summary& s);

}  // namespace engram
