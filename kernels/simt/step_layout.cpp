#include "kernels/simt/step_layout.hpp"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "engine/errors.hpp"

namespace engram::cuda {
namespace {

constexpr uint64_t record_step_capacity = 4096;

// Spikes the record buffer holds before the host empties it: 8 steps of every neuron firing, at
// least 4 Mi entries; ENGRAM_CUDA_RECORD_CAPACITY overrides it (tests use it to force flushes).
uint64_t record_capacity_for(uint32_t neurons) {
  uint64_t capacity = std::max<uint64_t>(uint64_t{8} * neurons, uint64_t{1} << 22);
  if (const char* env = std::getenv("ENGRAM_CUDA_RECORD_CAPACITY")) {
    char* end = nullptr;
    const unsigned long long v = std::strtoull(env, &end, 10);
    if (end != env && *end == '\0') capacity = v;
  }
  return std::max<uint64_t>(capacity, std::max<uint32_t>(neurons, 1u));  // one step always fits
}

population_view view_of(const population_range& p, double dt_ms) {
  population_view v{};
  v.first = p.first;
  v.size = p.size;
  v.rng = p.rng;
  v.kind = p.kind;
  v.izhikevich = izhikevich_integration_of(p.scheme, p.substeps, dt_ms, p.v_peak);
  v.lif = lif_constants_of(p);
  v.cond = lif_cond_constants_of(p);
  return v;
}

// The schedule sorted by (step, neuron) so that a neuron finds its spike with one binary search.
void sorted_schedule(const spike_schedule& s, std::vector<uint64_t>& steps, std::vector<uint32_t>& neurons) {
  std::vector<std::pair<uint64_t, uint32_t>> pairs(s.step.size());
  for (size_t i = 0; i < pairs.size(); ++i) pairs[i] = {s.step[i], s.neuron[i]};
  std::sort(pairs.begin(), pairs.end());
  steps.resize(pairs.size());
  neurons.resize(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) std::tie(steps[i], neurons[i]) = pairs[i];
}

}  // namespace

uint32_t pulses_per_step(const network_state& s) {
  uint32_t pulses = 0;
  for (const auto& in : s.inputs)
    if (in.type == input::kind::random_pulse) pulses += in.pulses_per_step;
  return pulses;
}

scratch_sizes scratch_sizes_of(const network_state& s) {
  const uint64_t n = s.neuron_count();
  uint64_t pulse_inputs = 0;
  for (const auto& in : s.inputs) pulse_inputs += in.type == input::kind::random_pulse;
  return {n, pulse_inputs * n, record_capacity_for(static_cast<uint32_t>(n)), record_step_capacity};
}

step_arrays<host_array> lay_out_step(const network_state& s) {
  const uint64_t n = s.neuron_count();
  if (s.ring.size() != uint64_t{s.ring_channels} * s.ring_slots * n) throw internal_error("ring buffer size does not match ring_slots x neurons");
  step_arrays<host_array> a;
  const auto& x = s.neurons;
  a.v = x.v;
  a.u = x.u;
  a.i_syn = x.i_syn;
  a.g_inh = x.g_inh;
  a.a = x.a;
  a.b = x.b;
  a.c = x.c;
  a.d = x.d;
  a.refractory = x.refractory;
  a.spike_probability = x.spike_probability;
  a.ring = s.ring;
  for (uint32_t p = 0; p < s.populations.size(); ++p) a.populations.push_back(view_of(s.populations[p], s.dt_ms));
  for (const auto& h : s.plasticity.populations) a.populations.at(h.population).adaptive = h.threshold;
  a.inputs = s.inputs;
  uint32_t first_pulse = 0;
  for (uint32_t k = 0; k < s.inputs.size(); ++k) {
    if (s.inputs[k].type != input::kind::random_pulse) continue;
    a.pulses.push_back({k, first_pulse});
    first_pulse += s.inputs[k].pulses_per_step;
  }
  sorted_schedule(s.scheduled_spikes, a.schedule_step, a.schedule_neuron);
  a.counters.assign(1, step_counters{});
  a.counters[0].step = s.step;
  return a;
}

void unflatten_step(const step_arrays<host_array>& a, network_state& s) {
  auto& x = s.neurons;
  x.v = a.v;
  x.u = a.u;
  x.i_syn = a.i_syn;
  x.g_inh = a.g_inh;
  x.a = a.a;
  x.b = a.b;
  x.c = a.c;
  x.d = a.d;
  x.refractory = a.refractory;
  x.spike_probability = a.spike_probability;
  s.ring = a.ring;
}

projection_view projection_view_of(const synapse_table& t, const table_pointers& at, const delivery_factors& f) {
  projection_view v{};
  v.pre_first = t.pre_first;
  v.pre_count = t.pre_count;
  v.row_ptr = at.row_ptr;
  v.post_first = t.post_first;
  v.packed = at.packed;
  v.code = t.code();
  v.weight = at.weight;
  v.channel = t.channel;
  v.modulated = f.modulated;
  v.modulation = f.modulation;
  v.stp_u = f.stp_u;
  v.stp_x = f.stp_x;
  v.release = f.release;
  v.stp_U = f.stp_U;
  v.dendrite_choices = t.dendrite_choices;
  v.dendrite_key = t.dendrite_key;
  for (uint32_t k = 0; k < max_compartment_choices; ++k) v.dendrite_gain[k] = t.dendrite_gain[k];
  return v;
}

}  // namespace engram::cuda
