#pragma once
// The views the plasticity phase's launches work on, over flat arrays (plasticity_arrays.hpp): the
// step driver (kernels/driver/step_driver.hpp) sequences the launches, grid_runner.hpp gives
// each its view. Device and host emulation alike. CUDA-free.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"
#include "kernels/simt/plasticity_arrays.hpp"
#include "kernels/simt/plasticity_views.hpp"

namespace engram::cuda {

// Where the plasticity phase finds the step's neurons.
struct spike_pointers {
  step_counters* counters;
  const uint8_t* fired;
  const uint32_t* spikes;
};

// A projection's synapse table where the walks reach it (device or host memory).
struct table_pointers {
  const uint64_t* row_ptr;
  const uint32_t* packed;  // synapse words (engine/synapse_code.hpp)
  float* weight;
};

// What delivery multiplies a projection's weights by (engine/plasticity.hpp: STP, transmitters).
struct delivery_factors {
  bool modulated = false;  // false: weights as they are
  float modulation = 1.0f;
  float *stp_u = nullptr, *stp_x = nullptr, *release = nullptr;  // null without STP
  float stp_U = 0.0f;
};

struct plasticity_plan {
  plasticity_view view;
  std::vector<plastic_entry_view> entries;
  std::vector<homeostasis_view> homeostasis;
  // The tail's launch: its item count here; its arrays of entries and homeostasis views are the
  // owner's copies of the two vectors above where the launch can read them (host or device).
  tail_view tail;
  std::vector<delivery_factors> delivery;  // per projection (static ones: not modulated)
};

// The data pointers of a plasticity_arrays, whichever memory holds it.
struct entry_pointers {
  const uint64_t* col_ptr;
  const uint32_t* col_synapse;
  const uint32_t* chunk_row;
  float *pre_trace, *post_trace, *aux, *stp_u, *stp_x, *release;
  const float* lag;
  uint8_t *aux_clock, *clock;
  float *importance, *gate;
};
struct flat_pointers {
  std::vector<entry_pointers> entries;
  float *theta, *rate_hz, *dopamine_level;
  const float *dopamine_baseline, *dopamine_decay;
  contingency_view* contingencies;
  uint64_t* pending;
  uint32_t *history, *history_count, *overflow;
};
template <template <class> class Array>
flat_pointers pointers_of(plasticity_arrays<Array>& a) {
  auto at = [](auto& array) { return array.empty() ? nullptr : array.data(); };
  flat_pointers p{};
  for (auto& e : a.entries)
    p.entries.push_back({at(e.col_ptr), at(e.col_synapse), at(e.chunk_row), at(e.pre_trace), at(e.post_trace), at(e.aux), at(e.stp_u),
                         at(e.stp_x), at(e.release), at(e.lag), at(e.aux_clock), at(e.clock), at(e.importance),
                         at(e.gate)});
  p.theta = at(a.theta);
  p.rate_hz = at(a.rate_hz);
  p.dopamine_level = at(a.dopamine_level);
  p.dopamine_baseline = at(a.dopamine_baseline);
  p.dopamine_decay = at(a.dopamine_decay);
  p.contingencies = at(a.contingencies);
  p.pending = at(a.pending);
  p.history = at(a.history);
  p.history_count = at(a.history_count);
  p.overflow = at(a.overflow);
  return p;
}

// The tail's arrays: `entries` and `homeostasis` hold copies of plan.entries and plan.homeostasis.
void point_tail_at(plasticity_plan& plan, const plastic_entry_view* entries, const homeostasis_view* homeostasis);

// The views of `s`'s plasticity: `tables` per projection, `arrays` the flat state (pointers_of).
plasticity_plan make_plan(const network_state& s, const flat_pointers& arrays, const std::vector<table_pointers>& tables,
                          const spike_pointers& neurons);

}  // namespace engram::cuda
