#pragma once
// A plastic network's synapses finished on the device after generation: STDP rows sorted by
// (delay, target), each entry's delay range, derivative or eligibility arrays, and the transposed
// indexes LTP and normalisation walk. What prepare_plastic_synapses and build_transposed_index
// (engine/plasticity_layout.hpp) compute on the host, bit for bit, without the synapses leaving
// the device; the host emulation in tests runs the same passes (kernels/simt/index_bodies.hpp).
#include <cstdint>
#include <vector>

#include "engine/state.hpp"
#include "kernels/cuda/device_array.hpp"
#include "kernels/cuda/device_context.hpp"
#include "kernels/cuda/synapse_builder.hpp"

namespace engram::cuda {

struct device_index {
  device_array<uint64_t> col_ptr;
  device_array<uint32_t> col_synapse, chunk_row;
};

// Prepares the tables of s.plasticity's entries in `tables` (the device's copies of
// s.projections, whose host arrays are empty) and sets each entry's delay range and derivative or
// eligibility array in s. Returns the transposed index of each entry (empty where its rules need
// none). Checks device memory first.
std::vector<device_index> prepare_on_device(const device_context& ctx, network_state& s,
                                            std::vector<device_projection>& tables);

}  // namespace engram::cuda
