#pragma once
// The orchestrator's run loop: steps the simulator, drains recorded spikes in bulk to the
// consumers, shows progress on long runs and returns a summary.
#include <functional>
#include <string>
#include <vector>

#include "engine/simulator.hpp"
#include "host/analysis/rhythms.hpp"

namespace engram {

// Work on the orchestrator's schedule: run whenever the step counter is a multiple of `every`
// (after the spikes so far are drained), and once more at the end of the run if `at_end`.
struct periodic_task {
  uint64_t every = 0;  // steps; 0: only at the end
  bool at_end = false;
  std::function<void(const simulator&)> run;
};

struct run_options {
  uint64_t steps = 0;
  uint64_t drain_every = 1000;   // steps between spike drains
  bool progress = true;          // a progress line on stderr for runs longer than ~2 s
  std::vector<periodic_task> periodic;
  std::function<void(const simulator&)> after_each_step;  // e.g. membrane probes; empty: none
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
  std::vector<band_peak> bands;  // of the summed rate over the last window (host/analysis/rhythms.hpp)
  std::vector<population_summary> populations;
  // Spikes per step of each population over the run's last 10 s (what the rhythm analyses read).
  std::vector<std::vector<double>> population_rates;
};

using spike_consumer = std::function<void(const spike_record&)>;

run_summary run(simulator& sim, const run_options& options, const std::vector<spike_consumer>& consumers = {});

std::string format_summary(const run_summary& s);

}  // namespace engram
