// The plasticity kernels: one-line wrappers that hand each thread's CUDA coordinates to its body
// in plasticity_bodies.hpp, and their launchers. Warp kernels (LTP, LTD) run over a grid that
// fills the device once; dense kernels grid-stride over at most dense_block_cap blocks.
#include "kernels/simt/plasticity_bodies.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void contingencies_kernel(plasticity_view v) { contingencies_thread(v); }
__global__ void dopamine_decay_kernel(plasticity_view v) { dopamine_decay_thread(v, here()); }
__global__ void add_dopamine_kernel(float* level, uint32_t channel, float amount) { add_dopamine_thread(level, channel, amount); }
__global__ void potentiate_kernel(plasticity_view v, plastic_entry_view p) { potentiate_thread(v, p, here()); }
__global__ void depress_kernel(plasticity_view v, plastic_entry_view p) { depress_thread(v, p, here()); }
__global__ void traces_kernel(plasticity_view v, plastic_entry_view p) { traces_thread(v, p, here()); }
__global__ void derivative_kernel(plastic_entry_view p) { derivative_thread(p, here()); }
__global__ void eligibility_kernel(plasticity_view v, plastic_entry_view p) { eligibility_thread(v, p, here()); }
__global__ void scaling_kernel(plasticity_view v, plastic_entry_view p) { scaling_thread(v, p, here()); }
__global__ void normalise_kernel(plastic_entry_view p) { normalise_thread(p, here()); }
__global__ void homeostasis_kernel(plasticity_view v, homeostasis_view h) { homeostasis_thread(v, h, here()); }
__global__ void stp_recover_kernel(plastic_entry_view p) { stp_recover_thread(p, here()); }
__global__ void history_kernel(plasticity_view v) { history_thread(v, here()); }

}  // namespace

void launch_contingencies(const plasticity_view& v, cudaStream_t stream) {
  if (v.contingency_count == 0) return;
  contingencies_kernel<<<1, 1, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_dopamine_decay(const plasticity_view& v, cudaStream_t stream) {
  if (v.dopamine_channels == 0) return;
  dopamine_decay_kernel<<<1, 32, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_add_dopamine(float* level, uint32_t channel, float amount, cudaStream_t stream) {
  add_dopamine_kernel<<<1, 1, 0, stream>>>(level, channel, amount);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

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
  history_kernel<<<blocks, step_block_threads, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
