#pragma once
// A network_state laid out for the step kernels: neuron state and parameters, per-population
// constants, inputs and random-pulse tables, the sorted spike schedule, the delay ring, the step
// counters, per-step scratch and the record buffer. The same structs hold host vectors
// (host_array) or device arrays (device_array); device_network uploads what lay_out_step makes,
// and the host emulation in tests runs the step bodies over the host copy. CUDA-free.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"
#include "kernels/simt/step_views.hpp"
#include "kernels/simt/plasticity_arrays.hpp"
#include "kernels/simt/plasticity_plan.hpp"

namespace engram::cuda {

template <template <class> class Array>
struct step_arrays {
  // state: what an export downloads
  Array<float> v, u, i_syn, g_inh, a, b, c, d;
  Array<int32_t> refractory;
  Array<double> spike_probability;
  Array<int64_t> ring;  // slot-major, ring_slots x neurons
  // constants laid out for the kernels
  Array<population_view> populations;
  Array<compiled_input> inputs;
  Array<pulse_view> pulses;
  Array<uint64_t> schedule_step;
  Array<uint32_t> schedule_neuron;  // sorted by (step, neuron)
  Array<step_counters> counters;    // one
};

// Per-step scratch and the record buffer: zero-filled, never part of the state.
template <template <class> class Array>
struct step_scratch {
  Array<float> i_ext;
  Array<uint8_t> fired;
  Array<uint32_t> spikes;
  Array<uint32_t> pulse_hits;  // random-pulse inputs x neurons
  Array<uint32_t> record_neuron, record_step_count;
  Array<uint32_t> spike_counts;  // per neuron, read and cleared by the host (backend::read_spike_counts)
};

struct scratch_sizes {
  uint64_t neurons = 0, pulse_hits = 0, record_capacity = 0, record_step_capacity = 0;
};

// The arrays of `s` (neuron state, constants, step counter at s.step) and the scratch it needs.
step_arrays<host_array> lay_out_step(const network_state& s);
scratch_sizes scratch_sizes_of(const network_state& s);
uint32_t pulses_per_step(const network_state& s);

// The state arrays back into `s` (neurons and ring), from a host copy of step_arrays.
void unflatten_step(const step_arrays<host_array>& a, network_state& s);

// Calls f(to_member, from_member) for every state array (what an export needs back).
template <template <class> class To, template <class> class From, class F>
void for_each_state_array(step_arrays<To>& to, const step_arrays<From>& from, F&& f) {
  f(to.v, from.v);
  f(to.u, from.u);
  f(to.i_syn, from.i_syn);
  f(to.g_inh, from.g_inh);
  f(to.a, from.a);
  f(to.b, from.b);
  f(to.c, from.c);
  f(to.d, from.d);
  f(to.refractory, from.refractory);
  f(to.spike_probability, from.spike_probability);
  f(to.ring, from.ring);
}

// Calls f(to_member, from_member) for every state and constant array (what a load uploads).
template <template <class> class To, template <class> class From, class F>
void for_each_array(step_arrays<To>& to, const step_arrays<From>& from, F&& f) {
  for_each_state_array(to, from, f);
  f(to.populations, from.populations);
  f(to.inputs, from.inputs);
  f(to.pulses, from.pulses);
  f(to.schedule_step, from.schedule_step);
  f(to.schedule_neuron, from.schedule_neuron);
  f(to.counters, from.counters);
}

// Sizes every scratch array (alloc(array, n) allocates n zeroed elements).
template <template <class> class Array, class Alloc>
void allocate_scratch(step_scratch<Array>& x, const scratch_sizes& n, Alloc&& alloc) {
  alloc(x.i_ext, n.neurons);
  alloc(x.fired, n.neurons);
  alloc(x.spikes, n.neurons);
  alloc(x.pulse_hits, n.pulse_hits);
  alloc(x.record_neuron, n.record_capacity);
  alloc(x.record_step_count, n.record_step_capacity);
  alloc(x.spike_counts, n.neurons);
}

// A projection where the kernels reach it, with the STP and modulation delivery applies.
projection_view projection_view_of(const synapse_table& t, const table_pointers& at, const delivery_factors& f);

// The step's view of the arrays (`projections`: a device or host array of projection_count views).
template <template <class> class Array>
step_view make_step_view(step_arrays<Array>& a, step_scratch<Array>& x, const network_state& s, const scratch_sizes& n,
                         const projection_view* projections, const float* theta) {
  auto at = [](auto& array) { return array.empty() ? nullptr : array.data(); };
  step_view v{};
  v.neuron_count = static_cast<uint32_t>(a.v.size());
  v.ring_slots = s.ring_slots;
  v.seed = s.seed;
  v.counters = at(a.counters);
  v.v = at(a.v);
  v.u = at(a.u);
  v.i_syn = at(a.i_syn);
  v.g_inh = at(a.g_inh);
  v.refractory = at(a.refractory);
  v.a = at(a.a);
  v.b = at(a.b);
  v.c = at(a.c);
  v.d = at(a.d);
  v.spike_probability = at(a.spike_probability);
  v.populations = at(a.populations);
  v.population_count = static_cast<uint32_t>(a.populations.size());
  v.theta = theta;
  v.inputs = at(a.inputs);
  v.input_count = static_cast<uint32_t>(a.inputs.size());
  v.pulses = at(a.pulses);
  v.pulse_input_count = static_cast<uint32_t>(a.pulses.size());
  v.pulses_per_step = pulses_per_step(s);
  v.pulse_hits = at(x.pulse_hits);
  v.schedule_step = at(a.schedule_step);
  v.schedule_neuron = at(a.schedule_neuron);
  v.schedule_size = a.schedule_step.size();
  v.i_ext = at(x.i_ext);
  v.fired = at(x.fired);
  v.spikes = at(x.spikes);
  v.ring = at(a.ring);
  v.spike_counts = at(x.spike_counts);
  v.projections = projections;
  v.projection_count = static_cast<uint32_t>(s.projections.size());
  v.record_neuron = at(x.record_neuron);
  v.record_step_count = at(x.record_step_count);
  v.record_capacity = n.record_capacity;
  v.record_step_capacity = static_cast<uint32_t>(n.record_step_capacity);
  return v;
}

}  // namespace engram::cuda
