#pragma once
// Launchers of the on-device connectivity builder (connectivity_kernels.cu, connectivity_sort.cu).
// The per-row math is kernels/common/connectivity.hpp, the same the CPU builder runs, so a row
// holds the same targets in the same order with the same weights and delays.
#include <cstddef>
#include <cstdint>
#include <cuda_runtime_api.h>

#include "kernels/simt/build_rules.hpp"

namespace engram::cuda {

// row_ptr[i + 1] = length of row i (row_ptr[0] is left alone).
void launch_count_rows(const row_rule& r, uint64_t* row_ptr, cudaStream_t stream);
// Writes each row's local post indices, ascending, at target + row_ptr[i].
void launch_fill_rows(const row_rule& r, const uint64_t* row_ptr, uint32_t* target, cudaStream_t stream);

// fixed_indegree: column j draws its `degree` sources (build_rules.hpp).
void launch_sample_columns(const column_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                           cudaStream_t stream);

// fixed_total_number: thread s draws synapse s's pair (build_rules.hpp).
void launch_sample_pairs(const pair_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                         cudaStream_t stream);

// Weights, delays and global targets of every synapse (build_rules.hpp).
void launch_synapse_values(const value_job& job, cudaStream_t stream);

// In-place inclusive sum of row_ptr[1 .. rows]: row lengths become row offsets.
size_t row_scan_temp_bytes(uint32_t rows);
void launch_row_scan(void* temp, size_t temp_bytes, uint64_t* row_ptr, uint32_t rows, cudaStream_t stream);

// Stable sort of (source, post) pairs by source over bits [0, end_bit). Returns true when the
// sorted pairs ended in the *_alt buffers.
size_t pair_sort_temp_bytes(uint64_t items, int end_bit);
bool launch_pair_sort(void* temp, size_t temp_bytes, uint32_t* keys, uint32_t* keys_alt, uint32_t* values,
                      uint32_t* values_alt, uint64_t items, int end_bit, cudaStream_t stream);

}  // namespace engram::cuda
