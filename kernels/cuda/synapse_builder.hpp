#pragma once
// On-device synapse generation for one projection, orchestrated from the host: a recipe decided
// from the network description, a count pass (row lengths -> CUB scan -> row offsets), then a
// fill pass and a value pass. Same synapses, order, weights and delays as kernels/cpu/build_synapses.cpp.
#include <cstdint>
#include <optional>
#include <vector>
#include <cuda_runtime_api.h>

#include "engine/network.hpp"
#include "engine/state.hpp"
#include "kernels/cuda/build_kernels.hpp"
#include "kernels/cuda/device_array.hpp"

namespace engram::cuda {

struct device_projection {
  device_array<uint64_t> row_ptr;  // pre_count + 1
  device_array<uint32_t> target;
  device_array<float> weight;
  device_array<uint8_t> delay;     // empty with a uniform delay
  uint64_t synapses = 0;
};

struct synapse_recipe {
  enum class method : uint8_t { rows, columns, list } how = method::rows;
  row_rule rows;        // method::rows
  column_rule columns;  // method::columns (fixed_indegree)
  uint32_t n_pre = 0, n_post = 0, post_first = 0, ordinal = 0;
  uint64_t seed = 0;
  connect::value_rule weight, delay;  // delay bounds in steps
  double sign = 1.0;
  bool uniform_delay = true;
  uint8_t uniform_delay_value = 0;
  // method::list: the explicit list sorted by (pre, post) as the CPU sorts it
  std::vector<uint64_t> list_row_ptr;
  std::vector<uint32_t> list_post;
  std::vector<float> list_weight;   // empty: drawn
  std::vector<uint8_t> list_delay;  // empty: drawn
};

synapse_recipe make_recipe(const network& net, uint32_t ordinal, const synapse_table& table);

// The number of synapses when it follows from the description alone (all but 0 < p < 1).
std::optional<uint64_t> known_synapse_count(const synapse_recipe& r);

// Bytes of a table with `synapses` synapses, and of the device work space generation needs beside it.
uint64_t table_bytes(const synapse_recipe& r, uint64_t synapses);
uint64_t generation_scratch_bytes(const synapse_recipe& r, uint64_t synapses);

// method::rows: row lengths and offsets into p.row_ptr (allocated); returns the synapse count.
uint64_t count_rows_on_device(const synapse_recipe& r, device_projection& p, cudaStream_t stream);

// Allocates the table arrays of p (p.synapses set; p.row_ptr allocated, and filled for method::rows)
// and generates targets, weights and delays.
void generate_on_device(const synapse_recipe& r, device_projection& p, cudaStream_t stream);

}  // namespace engram::cuda
