#pragma once
// Launchers of the passes that prepare a plastic projection's synapses on the device
// (index_kernels.cu; thread bodies in kernels/simt/index_bodies.hpp).
#include <cstddef>
#include <cstdint>
#include <cuda_runtime_api.h>

#include "engine/synapse_code.hpp"

namespace engram::cuda {

void launch_row_word_keys(const uint64_t* row_ptr, uint32_t rows, const uint32_t* packed, uint64_t* keys, cudaStream_t stream);
void launch_words_of_keys(const uint64_t* keys, uint64_t synapses, uint32_t* packed, cudaStream_t stream);
void launch_delay_range(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* range, cudaStream_t stream);
void launch_column_pairs(const uint32_t* packed, synapse_code code, uint64_t synapses, uint32_t* columns, uint32_t* ids,
                         uint64_t* col_ptr, cudaStream_t stream);
void launch_chunk_rows(const uint64_t* row_ptr, uint32_t rows, uint64_t chunks, uint32_t* chunk_row, cudaStream_t stream);

// Stable sort of (64-bit key, weight) pairs over key bits [0, end_bit). Returns true when the
// sorted pairs ended in the *_alt buffers.
size_t key_sort_temp_bytes(uint64_t items, int end_bit);
bool launch_key_sort(void* temp, size_t temp_bytes, uint64_t* keys, uint64_t* keys_alt, float* values, float* values_alt,
                     uint64_t items, int end_bit, cudaStream_t stream);

}  // namespace engram::cuda
