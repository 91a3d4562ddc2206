#pragma once
// Launchers of the per-step kernels (defined in the .cu files beside this). Each enqueues on
// `stream` and never synchronizes, so that a sequence of them can be captured as a CUDA graph.
#include <cstddef>
#include <cstdint>
#include <cuda_runtime_api.h>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/simt/step_views.hpp"

namespace engram::cuda {

inline constexpr uint32_t step_block_threads = 256;
inline constexpr uint32_t warps_per_block = step_block_threads / 32;

// inputs: random pulses counted per target neuron (integer counts: order-free).
void launch_pulse_hits(const step_view& v, cudaStream_t stream);
// inputs and/or integrate for every neuron; integrate writes the spike flags and lists the spikes
// (in no set order) with their count in counters->spike_count.
void launch_neuron_step(const step_view& v, bool apply_inputs, bool integrate, cudaStream_t stream);
// STP release of projection `projection`'s spikes (one thread per spike), before delivery.
void launch_stp_release(const step_view& v, uint32_t projection, uint32_t blocks, cudaStream_t stream);
// delivery: one warp per spike, grid-stride over the spike count read on the device.
void launch_deliver(const step_view& v, uint32_t blocks, cudaStream_t stream);
// record: copies the spike list into the record buffer (room reserved by the host).
void launch_record(const step_view& v, uint32_t blocks, cudaStream_t stream);
// One thread: commits the record of this step and/or advances counters->step.
void launch_end_of_step(const step_view& v, bool commit_record, bool advance_step, cudaStream_t stream);
void launch_set_step(step_counters* counters, uint64_t step, cudaStream_t stream);
// Probes: v and u of a few neurons.
void launch_gather_neurons(const float* v, const float* u, const uint32_t* ids, uint32_t count, float* out_v,
                           float* out_u, cudaStream_t stream);

}  // namespace engram::cuda
