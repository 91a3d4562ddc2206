// The inputs and integrate phases: the thread bodies of step_bodies.hpp, one neuron per thread.
#include "kernels/simt/step_bodies.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void pulse_hits_kernel(step_view v) { pulse_hits_thread(v, here()); }
__global__ void neuron_step_kernel(step_view v, bool apply_inputs, bool integrate) {
  neuron_step_thread(v, apply_inputs, integrate, here());
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
