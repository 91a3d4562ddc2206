#pragma once
// How the device generates one projection's synapses, decided from the network description on
// the host: row by row (a count pass, a scan, a fill pass), column by column (fixed in-degree:
// sampled columns sorted into rows), from drawn pairs (fixed total number: sorted by source and
// target), or from an explicit list; then a value pass. CUDA-free, so
// that the host emulation in tests follows the same recipe.
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/network.hpp"
#include "engine/state.hpp"
#include "kernels/simt/build_rules.hpp"

namespace engram::cuda {

struct synapse_recipe {
  enum class method : uint8_t { rows, columns, list, pairs } how = method::rows;
  row_rule rows;        // method::rows
  column_rule columns;  // method::columns (fixed_indegree)
  pair_rule pairs;      // method::pairs (fixed_total_number)
  uint32_t n_pre = 0, n_post = 0, ordinal = 0;  // ordinal: the RNG object (within its replica)
  uint64_t seed = 0;                            // the RNG key (its replica's seed)
  connect::value_rule weight, delay;  // delay bounds in steps
  double sign = 1.0;
  synapse_code code;  // the table's format (engine/layout.cpp decides it)
  // method::list: the explicit list sorted by (pre, post) as the CPU sorts it
  std::vector<uint64_t> list_row_ptr;
  std::vector<uint32_t> list_post;
  std::vector<float> list_weight;   // empty: drawn
  std::vector<uint8_t> list_delay;  // empty: drawn
};

synapse_recipe make_recipe(const network& net, uint32_t ordinal, const synapse_table& table);

// The number of synapses when it follows from the description alone (all but 0 < p < 1).
std::optional<uint64_t> known_synapse_count(const synapse_recipe& r);

// The value pass's job over a table's arrays.
value_job value_job_for(const synapse_recipe& r, const uint64_t* row_ptr, uint32_t* packed, float* weight);

// Bits that hold every index below n: the radix sort's key width for fixed in-degree pairs.
int sort_key_bits(uint32_t n);

}  // namespace engram::cuda
