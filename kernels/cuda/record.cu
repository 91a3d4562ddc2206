// The record phase and the small bookkeeping kernels of a step.
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

__device__ bool record_fits(const step_view& v, const step_counters& c) {
  return c.recorded_spikes + c.spike_count <= v.record_capacity && c.recorded_steps < v.record_step_capacity;
}

__global__ void record_kernel(step_view v) {
  const step_counters& c = *v.counters;
  if (!record_fits(v, c)) return;  // end_of_step flags it
  const uint32_t count = c.spike_count;
  uint32_t* out = v.record_neuron + c.recorded_spikes;
  for (uint64_t s = static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; s < count;
       s += static_cast<uint64_t>(gridDim.x) * blockDim.x)
    out[s] = v.spikes[s];
}

__global__ void end_of_step_kernel(step_view v, bool commit_record, bool advance_step) {
  step_counters& c = *v.counters;
  if (commit_record) {
    if (record_fits(v, c)) {
      v.record_step_count[c.recorded_steps] = c.spike_count;
      c.recorded_steps += 1;
      c.recorded_spikes += c.spike_count;
    } else {
      c.record_overflow = 1;
    }
  }
  if (advance_step) c.step += 1;
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
