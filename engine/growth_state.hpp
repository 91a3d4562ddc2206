#pragma once
// The structural part of a network's state (docs/architecture.md, "Growth"): constants in steps,
// the bookkeeping the rules read (each synapse's birth), and the log of every growth phase. Part
// of network_state; snapshots store it under /growth. Empty when nothing grows.
#include <cstdint>
#include <vector>

namespace engram {

struct growth_projection {
  uint32_t projection = 0;  // ordinal in network_state::projections
  uint8_t prune = 0, form = 0, on_full_error = 0;
  uint64_t prune_min_age_steps = 0;
  float prune_max_weight = 0, prune_max_rate_hz = 0;
  float form_min_rate_hz = 0;
  uint32_t form_max_per_phase = 0;
  float weight_low = 0, weight_high = 0;  // magnitudes
  float sign = 1;                         // +1 or -1: the transmitter's
  uint32_t delay_low = 1, delay_high = 1; // steps
  uint32_t max_row = 0;    // synapses per row at most (0 until prepare_growth resolves it)
  uint32_t row_slack = 0;  // what prepare_growth adds to the largest initial row when max_row is 0
  uint8_t newborn = 0;     // synapse_growth::newborn_wiring: how a newborn at either end is wired
  // State: the growth phase each synapse was made in (0: built with the network), in table order.
  std::vector<uint32_t> birth;
};

// A population that grows neurons (engine/growth_config.hpp, neuron_growth).
struct growth_population {
  uint32_t population = 0;  // ordinal in network_state::populations
  uint8_t apoptosis = 0, neurogenesis = 0;
  uint64_t apoptosis_min_age_steps = 0;
  float apoptosis_max_rate_hz = 0;
  float neurogenesis_min_rate_hz = 0;
  uint32_t neurogenesis_max_per_phase = 0;
  float excitatory_fraction = 0;
  uint32_t fan_in_min = 0, fan_in_max = 0;
  float neighbour_min_rate_hz = 0, reciprocal_probability = 0;
  uint32_t twin = 0;       // 1 + the ordinal of the population born alongside (0: none)
  float theta_init = 0;    // adaptive threshold of a newborn and a parked slot (0: not adaptive)
};

// One projection's (or population's) changes in one phase.
struct growth_record {
  uint64_t step = 0;        // the phase ran after this step
  uint32_t projection = 0;  // ordinal in network_state::projections, or populations when `population`
  uint32_t made = 0, pruned = 0, refused = 0;  // a population's: born, died, refused (no room)
  uint8_t population = 0;
};

struct growth_state {
  uint32_t interval_steps = 0;  // a phase after every step t with (t + 1) % interval_steps == 0
  uint32_t phases = 0;          // phases run so far
  std::vector<growth_projection> projections;
  std::vector<growth_population> populations;
  // Per global neuron when a population grows (else empty): alive (0: a dead or unborn slot), the
  // step it was born after (0: built with the network) and died after (never_died: alive, or unborn).
  static constexpr uint64_t never_died = UINT64_MAX;
  std::vector<uint8_t> alive;
  std::vector<uint64_t> born, died;
  std::vector<growth_record> log;

  bool active() const { return interval_steps > 0 && !projections.empty(); }
  bool due_after(uint64_t step) const { return active() && (step + 1) % interval_steps == 0; }
};

}  // namespace engram
