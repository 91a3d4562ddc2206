#pragma once
// What a network's step must do, without its arrays: which phases have work, which projections
// release STP before delivery, and per plastic entry which sub-phases run and when their periods
// end. Every backend drives its step from one (step_driver.hpp). CUDA-free.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"

namespace engram::driver {

// Which period ends fall on a step, one byte of flags per plastic entry.
enum due_flag : uint8_t { due_derivative = 1, due_eligibility = 2, due_scaling = 4, due_normalise = 8 };

struct entry_outline {
  bool stdp = false;    // spike-gated STDP arms and traces
  bool frozen = false;  // no weight change (set at run time: backend::set_frozen)
  bool stp = false;     // STP recovery after the step
  uint8_t stdp_target = 0;  // stdp_constants::target: 1 derivative, 2 eligibility
  bool scaling = false, normalise = false;
  uint32_t derivative_period = 0, apply_period = 0, scaling_period = 0, normalise_period = 0;
};

struct plasticity_outline {
  bool contingencies = false;
  std::vector<entry_outline> entries;  // per plastic entry (plasticity_state::projections)
  std::vector<uint32_t> homeostasis;   // homeostasis entries with a threshold or a rate to update
  bool dopamine = false;               // channels decay
  bool history = false;                // this step's spikes kept for LTD
  // Anything after the arms and the period ends: traces, homeostasis, STP recovery, dopamine, history.
  bool tail = false;
};

struct step_outline {
  bool pulses = false;       // random-pulse inputs: counted before the neuron step
  bool neurons = false;
  bool projections = false;
  std::vector<uint32_t> stp_projections;  // projections with STP: their release precedes delivery
  // The plasticity phase, or null when the network has none. Owned by the backend, which updates
  // it when an entry is frozen or thawed.
  const plasticity_outline* plasticity = nullptr;
};

plasticity_outline plasticity_outline_of(const plasticity_state& ps);
// `plasticity`: the backend's outline of s.plasticity, used when the network has plasticity.
step_outline outline_of(const network_state& s, const plasticity_outline* plasticity);

// The period ends of `step` (the plasticity phase's dense work runs only then), into `flags`
// (reused from step to step: no allocation on the step's path), or as a new vector.
void due_flags(const plasticity_outline& o, uint64_t step, std::vector<uint8_t>& flags);
std::vector<uint8_t> due_flags(const plasticity_outline& o, uint64_t step);

}  // namespace engram::driver
