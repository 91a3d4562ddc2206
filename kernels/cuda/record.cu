// The record phase and the small bookkeeping kernels of a step (bodies in step_bodies.hpp).
#include "kernels/simt/step_bodies.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void record_kernel(step_view v) { record_thread(v, here()); }
__global__ void end_of_step_kernel(step_view v, bool commit_record, bool advance_step) {
  end_of_step_thread(v, commit_record, advance_step);
}

__global__ void set_step_kernel(step_counters* c, uint64_t step) { c->step = step; }

__global__ void gather_kernel(const float* v, const float* u, const uint32_t* ids, uint32_t count, float* out_v,
                              float* out_u) {
  const uint32_t k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= count) return;
  out_v[k] = v[ids[k]];
  out_u[k] = u[ids[k]];
}

}  // namespace

void launch_record(const step_view& v, uint32_t blocks, cudaStream_t stream) {
  if (blocks == 0) return;
  record_kernel<<<blocks, step_block_threads, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_end_of_step(const step_view& v, bool commit_record, bool advance_step, cudaStream_t stream) {
  end_of_step_kernel<<<1, 1, 0, stream>>>(v, commit_record, advance_step);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_set_step(step_counters* counters, uint64_t step, cudaStream_t stream) {
  set_step_kernel<<<1, 1, 0, stream>>>(counters, step);  // a kernel argument: no host buffer must outlive the call
  ENGRAM_CUDA_CHECK_LAUNCH();
}

void launch_gather_neurons(const float* v, const float* u, const uint32_t* ids, uint32_t count, float* out_v,
                           float* out_u, cudaStream_t stream) {
  if (count == 0) return;
  gather_kernel<<<(count + step_block_threads - 1) / step_block_threads, step_block_threads, 0, stream>>>(
      v, u, ids, count, out_v, out_u);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
