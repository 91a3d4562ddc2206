// Dopamine on the device: closed-loop rewards (Izhikevich 2007), the decay of the phasic part,
// and rewards or punishments from the host. A handful of channels and contingencies: one thread
// does them in the CPU's order, so every level is the CPU's float sum.
#include "kernels/common/plasticity_reward.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

// Inserts `at` into the ascending pending list (it usually belongs at the end).
__device__ void insert_pending(contingency_view& c, uint64_t at, uint32_t* overflow) {
  if (c.pending_count == c.capacity) {
    *overflow = 1;
    return;
  }
  uint32_t k = c.pending_count;
  while (k > 0 && c.pending[k - 1] > at) {
    c.pending[k] = c.pending[k - 1];
    --k;
  }
  c.pending[k] = at;
  c.pending_count += 1;
}

__global__ void contingencies_kernel(plasticity_view v) {
  const uint64_t step = v.counters->step;
  for (uint32_t q = 0; q < v.contingency_count; ++q) {
    contingency_view& c = v.contingencies[q];
    // the post spike must follow a pre spike of an earlier step within the window
    if (v.fired[c.post] && c.last_pre_step >= 0 && step - static_cast<uint64_t>(c.last_pre_step) < c.window_steps)
      insert_pending(c, step + reward_delay_steps(v.seed, c.ordinal, step, c.delay_min_steps, c.delay_max_steps),
                     v.overflow);
    if (v.fired[c.pre]) c.last_pre_step = static_cast<int64_t>(step);
    uint32_t due = 0;
    while (due < c.pending_count && c.pending[due] <= step) ++due;
    if (due == 0) continue;
    float level = v.dopamine_level[c.channel];
    for (uint32_t r = 0; r < due; ++r) level = level + c.amount;
    v.dopamine_level[c.channel] = level;
    c.released += due;
    for (uint32_t k = due; k < c.pending_count; ++k) c.pending[k - due] = c.pending[k];
    c.pending_count -= due;
  }
}

__global__ void dopamine_decay_kernel(plasticity_view v) {
  const uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k < v.dopamine_channels)
    v.dopamine_level[k] = dopamine_step(v.dopamine_level[k], v.dopamine_baseline[k], v.dopamine_decay[k]);
}

__global__ void add_dopamine_kernel(float* level, uint32_t channel, float amount) {
  level[channel] = level[channel] + amount;
}

}  // namespace

void launch_contingencies(const plasticity_view& v, cudaStream_t stream) {
  if (v.contingency_count == 0) return;
  contingencies_kernel<<<1, 1, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_dopamine_decay(const plasticity_view& v, cudaStream_t stream) {
  if (v.dopamine_channels == 0) return;
  dopamine_decay_kernel<<<(v.dopamine_channels + 31) / 32, 32, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_add_dopamine(float* level, uint32_t channel, float amount, cudaStream_t stream) {
  add_dopamine_kernel<<<1, 1, 0, stream>>>(level, channel, amount);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
