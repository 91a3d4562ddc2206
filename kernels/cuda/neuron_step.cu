// The inputs and integrate phases. Every neuron is one thread running the kernels/common math the
// CPU backend runs, in the same order and with the same float casts (built with --fmad=false).
#include "engine/rng.hpp"
#include "kernels/common/fixed_point.hpp"
#include "kernels/common/inputs.hpp"
#include "kernels/common/neuron_update.hpp"
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void pulse_hits_kernel(step_view v) {
  const uint32_t t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= v.pulses_per_step) return;
  uint32_t k = 0;  // the pulse input this pulse belongs to
  while (k + 1 < v.pulse_input_count && t >= v.pulses[k + 1].first_pulse) ++k;
  const compiled_input& in = v.inputs[v.pulses[k].input];
  const uint32_t target = random_pulse_target(in, v.seed, v.counters->step, t - v.pulses[k].first_pulse);
  atomicAdd(v.pulse_hits + static_cast<uint64_t>(k) * v.neuron_count + target, 1u);
}

// Populations are contiguous from 0: the last one starting at or before i holds it.
__device__ uint32_t population_of(const step_view& v, uint32_t i) {
  uint32_t p = 0;
  while (p + 1 < v.population_count && v.populations[p + 1].first <= i) ++p;
  return p;
}

// Is (step, neuron) in the schedule? Sorted by (step, neuron): one binary search.
__device__ bool scheduled(const step_view& v, uint64_t step, uint32_t neuron) {
  uint64_t lo = 0, hi = v.schedule_size;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    const uint64_t s = v.schedule_step[mid];
    if (s < step || (s == step && v.schedule_neuron[mid] < neuron)) lo = mid + 1;
    else hi = mid;
  }
  return lo < v.schedule_size && v.schedule_step[lo] == step && v.schedule_neuron[lo] == neuron;
}

// The CPU adds each input to i_ext in input order; a random pulse adds its amplitude once per hit.
__device__ float sum_inputs(const step_view& v, uint32_t i, uint64_t step, int64_t& synaptic) {
  float i_ext = 0.0f;
  uint32_t pulse_input = 0;
  for (uint32_t k = 0; k < v.input_count; ++k) {
    const compiled_input& in = v.inputs[k];
    if (in.type == input::kind::random_pulse) {
      uint32_t* hits = v.pulse_hits + static_cast<uint64_t>(pulse_input++) * v.neuron_count + i;
      for (uint32_t h = *hits; h > 0; --h) i_ext += in.amplitude;
      *hits = 0;  // ready for the next step
      continue;
    }
    if (i >= in.first && i - in.first < in.count) apply_input(in, v.seed, i, step, i_ext, synaptic);
  }
  return i_ext;
}

__device__ bool integrate_neuron(const step_view& v, const population_view& p, uint32_t i, uint64_t step,
                                 float i_ext, int64_t synaptic) {
  switch (p.kind) {
    case neuron_kind::izhikevich: {
      float input = i_ext + static_cast<float>(from_fixed(synaptic));
      if (p.adaptive) input = input_with_threshold(input, v.theta[i]);
      float vm = v.v[i], um = v.u[i];
      const bool fired = izhikevich_update(vm, um, v.a[i], v.b[i], v.c[i], v.d[i], input, p.h, p.substeps, p.v_peak);
      v.v[i] = vm;
      v.u[i] = um;
      return fired;
    }
    case neuron_kind::lif: {
      const float jump = static_cast<float>(from_fixed(synaptic));
      float vm = v.v[i], current = v.i_syn[i];
      int32_t refractory = v.refractory[i];
      lif_constants c = p.lif;
      if (p.adaptive) c.v_thresh = threshold_with_theta(c.v_thresh, v.theta[i]);
      const bool fired = lif_update(vm, current, refractory, i_ext, jump, c);
      v.v[i] = vm;
      v.i_syn[i] = current;
      v.refractory[i] = refractory;
      return fired;
    }
    case neuron_kind::poisson_source:
      return poisson_source_fires(v.spike_probability[i], v.seed, p.ordinal, i, step);
    case neuron_kind::spike_source:
      return scheduled(v, step, i);
  }
  return false;
}

__global__ void neuron_step_kernel(step_view v, bool apply_inputs, bool integrate) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= v.neuron_count) return;
  const uint64_t step = v.counters->step;
  int64_t* slot = v.ring + (step % v.ring_slots) * v.neuron_count + i;
  int64_t synaptic = *slot;
  float i_ext;
  if (apply_inputs) {
    i_ext = sum_inputs(v, i, step, synaptic);
    v.i_ext[i] = i_ext;  // kept even when fused, so that a later integrate-only call reads what the CPU reads
  } else {
    i_ext = v.i_ext[i];
  }
  if (!integrate) {
    *slot = synaptic;
    return;
  }
  *slot = 0;  // consumed: the slot is reused D steps later
  v.fired[i] = integrate_neuron(v, v.populations[population_of(v, i)], i, step, i_ext, synaptic) ? 1 : 0;
}

uint32_t blocks_for(uint64_t items) {
  return static_cast<uint32_t>((items + step_block_threads - 1) / step_block_threads);
}

}  // namespace

void launch_pulse_hits(const step_view& v, cudaStream_t stream) {
  if (v.pulses_per_step == 0) return;
  pulse_hits_kernel<<<blocks_for(v.pulses_per_step), step_block_threads, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_neuron_step(const step_view& v, bool apply_inputs, bool integrate, cudaStream_t stream) {
  if (v.neuron_count == 0) return;
  neuron_step_kernel<<<blocks_for(v.neuron_count), step_block_threads, 0, stream>>>(v, apply_inputs, integrate);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
