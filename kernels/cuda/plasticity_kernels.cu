// The plasticity kernels: one-line wrappers that hand each thread's CUDA coordinates to its body
// in plasticity_bodies.hpp, and their launchers. Warp kernels (LTP, LTD) run over a grid that
// fills the device once; dense kernels grid-stride over at most dense_block_cap blocks.
#include "kernels/simt/plasticity_bodies.hpp"
#include "kernels/cuda/plasticity_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void contingencies_kernel(plasticity_view v) { contingencies_thread(v); }
__global__ void add_dopamine_kernel(float* level, uint32_t channel, float amount) { add_dopamine_thread(level, channel, amount); }
__global__ void potentiate_kernel(plasticity_view v, plastic_entry_view p) { potentiate_thread(v, p, here()); }
__global__ void depress_kernel(plasticity_view v, plastic_entry_view p) { depress_thread(v, p, here()); }
__global__ void derivative_kernel(plastic_entry_view p) { derivative_thread(p, here()); }
__global__ void eligibility_kernel(plasticity_view v, plastic_entry_view p) { eligibility_thread(v, p, here()); }
__global__ void scaling_kernel(plasticity_view v, plastic_entry_view p) { scaling_thread(v, p, here()); }
__global__ void normalise_kernel(plasticity_view v, plastic_entry_view p) { normalise_thread(v, p, here()); }
__global__ void plasticity_tail_kernel(plasticity_view v, tail_view t) { plasticity_tail_thread(v, t, here()); }

}  // namespace

void launch_contingencies(const plasticity_view& v, cudaStream_t stream) {
  if (v.contingency_count == 0) return;
  contingencies_kernel<<<1, 1, 0, stream>>>(v);
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

void launch_normalise(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream) {
  if (p.post_count == 0) return;
  normalise_kernel<<<dense_blocks(p.post_count), step_block_threads, 0, stream>>>(v, p);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_plasticity_tail(const plasticity_view& v, const tail_view& t, cudaStream_t stream) {
  const uint64_t items = t.fixed_items + (v.history_count ? uint64_t{v.neuron_count} + 1 : 0);  // spikes <= neurons
  if (items == 0) return;
  plasticity_tail_kernel<<<dense_blocks(items), step_block_threads, 0, stream>>>(v, t);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
