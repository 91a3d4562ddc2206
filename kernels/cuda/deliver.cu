// The deliver phase (step_bodies.hpp): one warp per spiking neuron walks its CSR row in every
// projection it belongs to; lanes take consecutive synapses (coalesced reads) and add the weight
// into the target's ring slot with a 64-bit integer atomic. Integer addition is associative, so
// the atomic order cannot change the sum: the ring equals the CPU's bit for bit. Projections with
// STP first compute each spike's release (one thread per spike), as the CPU does once per spike.
#include "kernels/simt/step_bodies.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void stp_release_kernel(step_view v, uint32_t projection) { stp_release_thread(v, projection, here()); }
__global__ void deliver_kernel(step_view v) { deliver_thread(v, here()); }

}  // namespace

void launch_stp_release(const step_view& v, uint32_t projection, uint32_t blocks, cudaStream_t stream) {
  if (blocks == 0) return;
  stp_release_kernel<<<blocks, step_block_threads, 0, stream>>>(v, projection);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_deliver(const step_view& v, uint32_t blocks, cudaStream_t stream) {
  if (v.projection_count == 0 || blocks == 0) return;
  deliver_kernel<<<blocks, step_block_threads, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
