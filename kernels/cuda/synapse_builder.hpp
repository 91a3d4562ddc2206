#pragma once
// On-device synapse generation for one projection, orchestrated from the host: a recipe decided
// from the network description, a count pass (row lengths -> CUB scan -> row offsets), then a
// fill pass and a value pass. Same synapses, order, weights and delays as kernels/cpu/build_synapses.cpp.
#include <cstdint>
#include <vector>
#include <cuda_runtime_api.h>

#include "engine/network.hpp"
#include "engine/state.hpp"
#include "kernels/cuda/build_kernels.hpp"
#include "kernels/simt/synapse_recipe.hpp"
#include "kernels/cuda/device_array.hpp"

namespace engram::cuda {

struct device_projection {
  device_array<uint64_t> row_ptr;  // pre_count + 1
  device_array<uint32_t> packed;   // synapse words (engine/synapse_code.hpp)
  device_array<float> weight;
  uint64_t synapses = 0;
};

// Bytes of a table with `synapses` synapses, and of the device work space generation needs beside it.
uint64_t table_bytes(const synapse_recipe& r, uint64_t synapses);
uint64_t generation_scratch_bytes(const synapse_recipe& r, uint64_t synapses);

// method::rows: row lengths and offsets into p.row_ptr (allocated); returns the synapse count.
uint64_t count_rows_on_device(const synapse_recipe& r, device_projection& p, cudaStream_t stream);

// Allocates the table arrays of p (p.synapses set; p.row_ptr allocated, and filled for method::rows)
// and generates targets, weights and delays.
void generate_on_device(const synapse_recipe& r, device_projection& p, cudaStream_t stream);

}  // namespace engram::cuda
