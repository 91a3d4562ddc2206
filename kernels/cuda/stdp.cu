// The STDP arms and traces on the device. LTP: one warp per post spike of this step walks the
// post neuron's column; LTD: one warp per (presynaptic spike, delay) arriving this step walks the
// row segment of that delay. The lanes of a warp share one walk (kernels/common/plasticity_walks.hpp,
// the CPU's code). A synapse is in one column and, at a given step, in at most one arrival's
// segment, so exactly one lane writes it: no atomics, and the CPU's values bit for bit.
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

struct warp_position {
  uint32_t lane;
  uint64_t warp, warps;
};

__device__ warp_position warp_position_of_thread() {
  return {threadIdx.x & 31u, (static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x) >> 5,
          (static_cast<uint64_t>(gridDim.x) * blockDim.x) >> 5};
}

__global__ void potentiate_kernel(plasticity_view v, plastic_entry_view p) {
  const warp_position w = warp_position_of_thread();
  const uint64_t step = v.counters->step;
  const uint32_t count = v.counters->spike_count;
  const uint32_t now = static_cast<uint32_t>(step % v.ring_slots);
  const float lag = event_lag(p.walk, step);
  for (uint64_t s = w.warp; s < count; s += w.warps) {
    const uint32_t post = v.spikes[s];
    if (post - p.walk.post_first >= p.post_count) continue;  // wraps when post < post_first
    potentiate_column(p.walk, post, now, lag, w.lane, 32);
  }
}

__global__ void depress_kernel(plasticity_view v, plastic_entry_view p) {
  const warp_position w = warp_position_of_thread();
  const uint64_t step = v.counters->step;
  const float lag = event_lag(p.walk, step);
  for (uint32_t d = p.delay_min; d <= p.delay_max && d <= step; ++d) {
    const uint32_t slot = static_cast<uint32_t>((step - d) % v.ring_slots);
    const uint32_t count = v.history_count[slot];
    const uint32_t* fired = v.history + static_cast<uint64_t>(slot) * v.neuron_count;
    for (uint64_t s = w.warp; s < count; s += w.warps) {
      const uint32_t row = fired[s] - p.walk.pre_first;
      if (row >= p.walk.pre_count) continue;
      depress_segment(p.walk, row, d, lag, w.lane, 32);
    }
  }
}

// Presynaptic traces into this step's history slot, postsynaptic traces in place.
__global__ void traces_kernel(plasticity_view v, plastic_entry_view p) {
  const uint64_t step = v.counters->step;
  const uint32_t pre_count = p.walk.pre_count;
  const uint64_t total = uint64_t{pre_count} + p.post_count;
  float* now = p.pre_trace + (step % v.ring_slots) * pre_count;
  const float* before = p.pre_trace + ((step + v.ring_slots - 1) % v.ring_slots) * pre_count;
  const stdp_constants& k = p.walk.k;
  for (uint64_t i = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total;
       i += static_cast<uint64_t>(gridDim.x) * blockDim.x) {
    if (i < pre_count) {
      now[i] = trace_step(before[i], v.fired[p.walk.pre_first + i], k.lambda_plus, k.nearest);
    } else {
      const uint64_t j = i - pre_count;
      p.post_trace[j] = trace_step(p.post_trace[j], v.fired[p.walk.post_first + j], k.lambda_minus, k.nearest);
    }
  }
}

}  // namespace

void launch_potentiate(const plasticity_view& v, const plastic_entry_view& p, uint32_t warp_blocks, cudaStream_t stream) {
  if (p.post_count == 0 || warp_blocks == 0) return;
  potentiate_kernel<<<warp_blocks, step_block_threads, 0, stream>>>(v, p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_depress(const plasticity_view& v, const plastic_entry_view& p, uint32_t warp_blocks, cudaStream_t stream) {
  if (p.walk.pre_count == 0 || warp_blocks == 0) return;
  depress_kernel<<<warp_blocks, step_block_threads, 0, stream>>>(v, p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_traces(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream) {
  const uint64_t total = uint64_t{p.walk.pre_count} + p.post_count;
  if (total == 0) return;
  traces_kernel<<<dense_blocks(total), step_block_threads, 0, stream>>>(v, p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
