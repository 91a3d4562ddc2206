// The deliver phase: one warp per spiking neuron walks its CSR row in every projection it belongs
// to; lanes take consecutive synapses (coalesced reads) and add the weight into the target's ring
// slot with a 64-bit integer atomic. Integer addition is associative, so the atomic order cannot
// change the sum: the ring equals the CPU's bit for bit. A modulated projection (STP, transmitter
// gain) scales the weights by a factor lane 0 computes once per spike, updating the presynaptic
// neuron's STP state as the CPU's one iteration per spike does.
#include "kernels/common/fixed_point.hpp"
#include "kernels/common/plasticity_stp.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {
namespace {

__global__ void deliver_kernel(step_view v) {
  const uint32_t lane = threadIdx.x & 31u;
  const uint64_t warp = (static_cast<uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x) >> 5;
  const uint64_t warps = (static_cast<uint64_t>(gridDim.x) * blockDim.x) >> 5;
  const uint32_t count = v.counters->spike_count;
  const uint32_t now = static_cast<uint32_t>(v.counters->step % v.ring_slots);
  uint64_t events = 0;
  for (uint64_t s = warp; s < count; s += warps) {
    const uint32_t pre = v.spikes[s];
    for (uint32_t q = 0; q < v.projection_count; ++q) {
      const projection_view& p = v.projections[q];
      const uint32_t row = pre - p.pre_first;  // wraps above pre_count when pre < pre_first
      if (row >= p.pre_count) continue;
      const uint64_t begin = p.row_ptr[row], end = p.row_ptr[row + 1];
      events += end - begin;
      float factor = 1.0f;
      if (p.modulated) {  // uniform across the warp, as are s, q and p.stp_u
        float released = 1.0f;
        if (p.stp_u) {
          if (lane == 0) released = stp_spike(p.stp_u[row], p.stp_x[row], p.stp_U);
          released = __shfl_sync(0xffffffffu, released, 0);
        }
        factor = transmission_factor(p.modulation, released);
      }
      for (uint64_t e = begin + lane; e < end; e += 32) {
        uint32_t slot = now + (p.delay ? p.delay[e] : p.uniform_delay);  // delays are in [1, slots - 1]
        if (slot >= v.ring_slots) slot -= v.ring_slots;
        const int64_t w = to_fixed(p.modulated ? delivered_weight(p.weight[e], factor) : p.weight[e]);
        atomicAdd(reinterpret_cast<unsigned long long*>(v.ring + static_cast<uint64_t>(slot) * v.neuron_count + p.target[e]),
                  static_cast<unsigned long long>(w));  // two's complement: exact for negative weights too
      }
    }
  }
  if (lane == 0 && events > 0) atomicAdd(reinterpret_cast<unsigned long long*>(&v.counters->events), events);
}

}  // namespace

void launch_deliver(const step_view& v, uint32_t blocks, cudaStream_t stream) {
  if (v.projection_count == 0 || blocks == 0) return;
  deliver_kernel<<<blocks, step_block_threads, 0, stream>>>(v);
  ENGRAM_CUDA_CHECK_LAUNCH();
}

}  // namespace engram::cuda
