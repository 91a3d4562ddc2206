#pragma once
// Launchers of the plasticity kernels, in the order device_plasticity::enqueue runs them (the
// CPU's order, docs/plasticity.md). Each enqueues on `stream` without synchronizing, so that a
// step with plasticity can be captured as a CUDA graph. Kernels read the step index from
// view.counters, never from a launch argument.
#include <cstdint>
#include <cuda_runtime_api.h>

#include "kernels/simt/plasticity_views.hpp"
#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {

// Dense work: a grid-stride loop over `items` on at most this many blocks of step_block_threads.
inline constexpr uint32_t dense_block_cap = 4096;
inline uint32_t dense_blocks(uint64_t items) {
  const uint64_t blocks = (items + step_block_threads - 1) / step_block_threads;
  return static_cast<uint32_t>(blocks < dense_block_cap ? blocks : dense_block_cap);
}

// dopamine.cu: closed-loop rewards (one thread), dopamine decay, a reward from the host.
void launch_contingencies(const plasticity_view& v, cudaStream_t stream);
void launch_add_dopamine(float* level, uint32_t channel, float amount, cudaStream_t stream);

// stdp.cu: one warp per post spike (LTP) or per arrival (LTD) over `warp_blocks` blocks; traces.
void launch_potentiate(const plasticity_view& v, const plastic_entry_view& p, uint32_t warp_blocks, cudaStream_t stream);
void launch_depress(const plasticity_view& v, const plastic_entry_view& p, uint32_t warp_blocks, cudaStream_t stream);

// plasticity_periodic.cu: the work of a period end, one thread per synapse (per column for the
// normalisation, whose sum runs in column order as on the CPU).
void launch_derivative_apply(const plastic_entry_view& p, cudaStream_t stream);
void launch_eligibility_apply(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream);
void launch_scaling(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream);
void launch_normalise(const plasticity_view& v, const plastic_entry_view& p, cudaStream_t stream);

// The phase's tail in one launch: traces, homeostasis, STP recovery, dopamine decay, history.
void launch_plasticity_tail(const plasticity_view& v, const tail_view& t, cudaStream_t stream);

}  // namespace engram::cuda
