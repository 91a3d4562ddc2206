// The inputs and integrate phases: the thread bodies of step_bodies.hpp, one neuron per thread.
// Integration also lists the step's spikes (no separate compaction): a warp appends its spiking
// lanes with one atomic, and the launch's last block to finish publishes the count.
#include "kernels/simt/step_bodies.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

// Warp-aggregated claim (step_bodies.hpp, claim_each): the lanes integrating together vote, the
// lowest spiking lane adds the warp's spike count to the cursor, and each spiking lane takes the
// place of its rank among them. Correct for whichever lanes arrive together.
struct claim_per_warp {
  uint32_t* cursor;
  __device__ uint32_t operator()(bool fired) const {
    const unsigned together = __activemask();
    const unsigned firing = __ballot_sync(together, fired);
    if (!fired) return 0;
    const unsigned lane = threadIdx.x & 31u;
    const int leader = __ffs(firing) - 1;
    uint32_t first = 0;
    if (static_cast<int>(lane) == leader) first = atomicAdd(cursor, static_cast<uint32_t>(__popc(firing)));
    first = __shfl_sync(firing, first, leader);
    return first + static_cast<uint32_t>(__popc(firing & ((1u << lane) - 1u)));
  }
};

// Is this block the launch's last to finish? Every block takes a ticket after its appends are
// visible device-wide; atomicInc wraps the counter to 0 on the last ticket, ready for the next launch.
__device__ bool last_block_done(uint32_t* done) {
  __shared__ bool last;
  __syncthreads();  // every thread of the block has appended
  if (threadIdx.x == 0) {
    __threadfence();
    last = atomicInc(done, gridDim.x - 1) == gridDim.x - 1;
  }
  __syncthreads();
  return last;
}

__global__ void pulse_hits_kernel(step_view v) { pulse_hits_thread(v, here()); }
__global__ void neuron_step_kernel(step_view v, bool apply_inputs, bool integrate) {
  neuron_step_thread(v, apply_inputs, integrate, here(), claim_per_warp{&v.counters->spike_cursor});
  if (integrate && last_block_done(&v.counters->blocks_done) && threadIdx.x == 0) {
    __threadfence();  // the other blocks' spikes and cursor adds are seen before the count
    publish_spikes(*v.counters);
  }
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
