#pragma once
// The plasticity phase of one step as a sequence of launches, in the CPU's order
// (docs/plasticity.md), over views of flat arrays (plasticity_arrays.hpp). The sequence lives
// once, here: device_plasticity runs it with CUDA launches, the tests' host emulation runs the
// same thread bodies on the host and compares with the CPU backend. CUDA-free.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"
#include "kernels/cuda/plasticity_arrays.hpp"
#include "kernels/cuda/plasticity_views.hpp"

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
  std::vector<delivery_factors> delivery;  // per projection (static ones: not modulated)
};

// The data pointers of a plasticity_arrays, whichever memory holds it.
struct entry_pointers {
  const uint64_t* col_ptr;
  const uint32_t* col_synapse;
  float *pre_trace, *post_trace, *aux, *stp_u, *stp_x, *release;
  const float* lag;
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
    p.entries.push_back({at(e.col_ptr), at(e.col_synapse), at(e.pre_trace), at(e.post_trace), at(e.aux), at(e.stp_u),
                         at(e.stp_x), at(e.release), at(e.lag)});
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

// The views of `s`'s plasticity: `tables` per projection, `arrays` the flat state (pointers_of).
plasticity_plan make_plan(const network_state& s, const flat_pointers& arrays, const std::vector<table_pointers>& tables,
                          const spike_pointers& neurons);

// Which period ends fall on `step`, one byte of flags per entry: they decide the step's launches.
enum due_flag : uint8_t { due_derivative = 1, due_eligibility = 2, due_scaling = 4, due_normalise = 8 };
std::vector<uint8_t> due_flags(const plasticity_plan& plan, uint64_t step);

// The phase, in order. Runner has one method per kernel of plasticity_bodies.hpp and runs it over
// its whole launch; the sequence decides which launches a step needs.
template <class Runner>
void run_plasticity_phase(const plasticity_plan& plan, const std::vector<uint8_t>& due, Runner& run) {
  const plasticity_view& v = plan.view;
  if (v.contingency_count > 0) run.contingencies(v);
  for (const plastic_entry_view& p : plan.entries) {
    if (!p.walk.k.enabled) continue;
    if (!p.frozen) {
      run.potentiate(v, p);
      run.depress(v, p);
    }
    run.traces(v, p);
  }
  for (size_t i = 0; i < plan.entries.size(); ++i) {
    const plastic_entry_view& p = plan.entries[i];
    if (due[i] & due_derivative) run.derivative(p);
    if (due[i] & due_eligibility) run.eligibility(v, p);
    if (due[i] & due_scaling) run.scaling(v, p);
    if (due[i] & due_normalise) run.normalise(p);
  }
  for (const homeostasis_view& h : plan.homeostasis)
    if (h.threshold || h.track_rate) run.homeostasis(v, h);
  for (const plastic_entry_view& p : plan.entries)
    if (p.stp_u) run.stp_recover(p);
  if (v.dopamine_channels > 0) run.dopamine_decay(v);
  if (v.history_count) run.history(v);
}

}  // namespace engram::cuda
