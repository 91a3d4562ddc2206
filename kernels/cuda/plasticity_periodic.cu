// The work of a period end on the device: derivative (Izhikevich 2006) and eligibility x dopamine
// (Izhikevich 2007) applications, synaptic scaling and normalisation. The host launches a kernel
// only at the step its period ends (device_plasticity::due), so the kernels need no step test.
// Per-synapse kernels read values fixed before the launch; the normalisation sums one column per
// thread in column order (ascending synapse id), as the CPU does.
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

__device__ uint64_t first_item() { return static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }
__device__ uint64_t item_stride() { return static_cast<uint64_t>(gridDim.x) * blockDim.x; }

__global__ void derivative_kernel(plastic_entry_view p) {
  for (uint64_t e = first_item(); e < p.synapses; e += item_stride())
    derivative_apply(p.walk.k, p.walk.weight[e], p.walk.aux[e], p.derivative_bias, p.derivative_decay, p.frozen);
}

__global__ void eligibility_kernel(plasticity_view v, plastic_entry_view p) {
  const float modulation = dopamine_modulation(p.dopamine_gain, v.dopamine_level[p.dopamine_channel], p.dopamine_reference);
  for (uint64_t e = first_item(); e < p.synapses; e += item_stride())
    eligibility_apply(p.walk.k, p.walk.weight[e], p.walk.aux[e], modulation, p.frozen, p.eligibility_period_decay);
}

__global__ void scaling_kernel(plasticity_view v, plastic_entry_view p) {
  const stdp_constants& k = p.walk.k;
  for (uint64_t e = first_item(); e < p.synapses; e += item_stride()) {
    const float f = scaling_factor(v.rate_hz[p.walk.target[e]], p.scaling_target_hz, p.scaling_eta, p.scaling_max_step);
    p.walk.weight[e] = scaled_weight(p.walk.weight[e], k.polarity, f, k.w_min, k.w_max);
  }
}

__global__ void normalise_kernel(plastic_entry_view p) {
  const stdp_walk_view& t = p.walk;
  const float polarity = t.k.polarity, lo = t.k.w_min, hi = t.k.w_max;
  const double target = p.normalise_target;
  for (uint64_t j = first_item(); j < p.post_count; j += item_stride()) {
    double sum = 0;
    for (uint64_t c = t.col_ptr[j]; c < t.col_ptr[j + 1]; ++c) sum += static_cast<double>(polarity * t.weight[t.col_synapse[c]]);
    if (!(sum > 0)) continue;  // nothing to rescale
    const double factor = target / sum;
    for (uint64_t c = t.col_ptr[j]; c < t.col_ptr[j + 1]; ++c) {
      float& w = t.weight[t.col_synapse[c]];
      w = normalised_weight(w, polarity, factor, lo, hi);
    }
  }
}

}  // namespace

void launch_derivative_apply(const plastic_entry_view& p, cudaStream_t stream) {
  if (p.synapses == 0) return;
  derivative_kernel<<<dense_blocks(p.synapses), step_block_threads, 0, stream>>>(p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_eligibility_apply(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream) {
  if (p.synapses == 0) return;
  eligibility_kernel<<<dense_blocks(p.synapses), step_block_threads, 0, stream>>>(v, p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_scaling(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream) {
  if (p.synapses == 0) return;
  scaling_kernel<<<dense_blocks(p.synapses), step_block_threads, 0, stream>>>(v, p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_normalise(const plastic_entry_view& p, cudaStream_t stream) {
  if (p.post_count == 0) return;
  normalise_kernel<<<dense_blocks(p.post_count), step_block_threads, 0, stream>>>(p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
