#pragma once
// What the connectivity builder's kernels are given: per-row rules, per-column rules and the value
// pass's job. Plain data, CUDA-free: the .cu kernels and the host emulation in tests share it.
#include <cstdint>

#include "engine/synapse_code.hpp"
#include "kernels/common/connectivity.hpp"

namespace engram::cuda {

// How the rows of a projection generated row by row are made.
enum class row_method : uint8_t { empty, dense, one_to_one, probability, outdegree, sheet };

struct row_rule {
  row_method method = row_method::empty;
  uint32_t n_pre = 0, n_post = 0, degree = 0;
  bool skip_self = false;  // pre and post are one population without autapses: no i -> i
  double log_q = 0;        // probability: exact::log(1 - p), computed on the host as the CPU does
  uint64_t seed = 0;
  uint32_t ordinal = 0;    // projection index: the RNG object
  connect::sheet_rule sheet;  // sheet: gaussian_distance's grids and kernel
};

// fixed_indegree: column j draws its `degree` sources; pairs are laid out column-major
// (sources[j * degree + s], posts[...] = j) and row_ptr[1 + source] counts each row.
struct column_rule {
  uint64_t seed = 0;
  uint32_t ordinal = 0, n_pre = 0, n_post = 0, degree = 0;
  bool skip_self = false;
};

// fixed_total_number: thread s draws synapse s's pair into sources[s], posts[s] and counts its row
// in row_ptr[1 + source]; sorting the pairs by (source, post) then gives the CPU's rows.
struct pair_rule {
  uint64_t seed = 0;
  uint32_t ordinal = 0, n_pre = 0, n_post = 0, total = 0;
  bool skip_self = false;
};

// Weights and packed words (target and delay) of every synapse, from (pre, post, position, row length).
struct value_job {
  uint64_t seed = 0;
  uint32_t ordinal = 0, n_pre = 0;
  connect::value_rule weight, delay;  // delay bounds in steps
  double sign = 1.0;
  const uint64_t* row_ptr = nullptr;
  uint32_t* packed = nullptr;         // local post index in, synapse word out
  synapse_code code;                  // without per-synapse delays, the word is the post index
  float* weight_out = nullptr;
  const float* given_weight = nullptr;   // explicit lists: per synapse, in CSR order
  const uint8_t* given_delay = nullptr;
  bool multapses = false;  // fixed_total_number: copies of a pair draw their own values
};

}  // namespace engram::cuda
