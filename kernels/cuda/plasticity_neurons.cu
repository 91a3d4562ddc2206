// Per-neuron plasticity state on the device: adaptive thresholds and rate estimates
// (homeostasis), STP recovery per presynaptic neuron, and the spike history that LTD reads.
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_stp.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

__device__ uint64_t first_item() { return static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }
__device__ uint64_t item_stride() { return static_cast<uint64_t>(gridDim.x) * blockDim.x; }

__global__ void homeostasis_kernel(plasticity_view v, homeostasis_view h) {
  for (uint64_t k = first_item(); k < h.size; k += item_stride()) {
    const uint64_t i = h.first + k;
    const bool fired = v.fired[i];
    if (h.threshold) v.theta[i] = theta_step(v.theta[i], fired, h.theta_decay, h.theta_increment);
    if (h.track_rate) v.rate_hz[i] = rate_step(v.rate_hz[i], fired, h.rate_decay, h.rate_gain);
  }
}

__global__ void stp_recover_kernel(plastic_entry_view p) {
  for (uint64_t r = first_item(); r < p.walk.pre_count; r += item_stride())
    stp_recover(p.stp_u[r], p.stp_x[r], p.stp_U, p.stp_rec_decay, p.stp_fac_decay);
}

// This step's spikes (ascending) into history slot step mod ring_slots.
__global__ void history_store_kernel(plasticity_view v) {
  const uint64_t step = v.counters->step;
  const uint32_t count = v.counters->spike_count;
  const uint32_t slot = static_cast<uint32_t>(step % v.ring_slots);
  uint32_t* out = v.history + static_cast<uint64_t>(slot) * v.neuron_count;
  for (uint64_t s = first_item(); s < count; s += item_stride()) out[s] = v.spikes[s];
  if (first_item() == 0) v.history_count[slot] = count;
}

}  // namespace

void launch_homeostasis(const plasticity_view& v, const homeostasis_view& h, cudaStream_t stream) {
  if (h.size == 0 || !(h.threshold || h.track_rate)) return;
  homeostasis_kernel<<<dense_blocks(h.size), step_block_threads, 0, stream>>>(v, h);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_stp_recover(const plastic_entry_view& p, cudaStream_t stream) {
  if (p.walk.pre_count == 0 || !p.stp_u) return;
  stp_recover_kernel<<<dense_blocks(p.walk.pre_count), step_block_threads, 0, stream>>>(p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_history_store(const plasticity_view& v, uint32_t blocks, cudaStream_t stream) {
  if (!v.history_count || blocks == 0) return;
  history_store_kernel<<<blocks, step_block_threads, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
