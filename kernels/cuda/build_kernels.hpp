#pragma once
// Launchers of the on-device connectivity builder (connectivity_kernels.cu, connectivity_sort.cu).
// The per-row math is kernels/common/connectivity.hpp, the same the CPU builder runs, so a row
// holds the same targets in the same order with the same weights and delays.
#include <cstddef>
#include <cstdint>
#include <cuda_runtime_api.h>

#include "kernels/common/connectivity.hpp"

namespace engram::cuda {

// How the rows of a projection generated row by row are made.
enum class row_method : uint8_t { empty, dense, one_to_one, probability, outdegree };

struct row_rule {
  row_method method = row_method::empty;
  uint32_t n_pre = 0, n_post = 0, degree = 0;
  bool skip_self = false;  // pre and post are one population without autapses: no i -> i
  double log_q = 0;        // probability: exact::log(1 - p), computed on the host as the CPU does
  uint64_t seed = 0;
  uint32_t ordinal = 0;    // projection index: the RNG object
};

// row_ptr[i + 1] = length of row i (row_ptr[0] is left alone).
void launch_count_rows(const row_rule& r, uint64_t* row_ptr, cudaStream_t stream);
// Writes each row's local post indices, ascending, at target + row_ptr[i].
void launch_fill_rows(const row_rule& r, const uint64_t* row_ptr, uint32_t* target, cudaStream_t stream);

// fixed_indegree: column j draws its `degree` sources; pairs are laid out column-major
// (sources[j * degree + s], posts[...] = j) and row_ptr[1 + source] counts each row.
struct column_rule {
  uint64_t seed = 0;
  uint32_t ordinal = 0, n_pre = 0, n_post = 0, degree = 0;
  bool skip_self = false;
};
void launch_sample_columns(const column_rule& r, uint32_t* sources, uint32_t* posts, uint64_t* row_ptr,
                           cudaStream_t stream);

// Weights, delays and global targets of every synapse, from (pre, post, position, row length).
struct value_job {
  uint64_t seed = 0;
  uint32_t ordinal = 0, n_pre = 0, post_first = 0;
  connect::value_rule weight, delay;  // delay bounds in steps
  double sign = 1.0;
  const uint64_t* row_ptr = nullptr;
  uint32_t* target = nullptr;         // local post index in, global neuron index out
  float* weight_out = nullptr;
  uint8_t* delay_out = nullptr;       // null: the projection has a uniform delay
  const float* given_weight = nullptr;   // explicit lists: per synapse, in CSR order
  const uint8_t* given_delay = nullptr;
};
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
