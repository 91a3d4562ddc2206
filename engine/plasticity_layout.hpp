#pragma once
// Lays the plasticity rules of a network out as state (constants computed once on the host:
// exp(-dt/tau) and periods in steps), prepares plastic synapse tables, and builds the transposed
// index that postsynaptic rules walk. Host code any backend can use.
#include <cstdint>
#include <vector>

#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram {

// Fills s.plasticity from `net` (validate_plasticity passed). Called by initial_state, before
// synapses exist.
void lay_out_plasticity(const network& net, network_state& s);

// Once a backend has generated the synapses: sorts each row of an STDP projection by
// (delay, target) so that arrivals of one delay are a contiguous segment, records the delay
// range, and sizes the per-synapse derivative / eligibility arrays.
void prepare_plastic_synapses(network_state& s);

// Throws invalid_network when entry `p`'s table (`synapses` of them) is too large for the 32-bit
// synapse ids of its transposed index.
void check_plastic_table_size(const plastic_projection& p, const synapse_table& t, uint64_t synapses);

// The per-synapse plastic state of an entry once its table has `synapses` synapses in their final
// order (every backend's finishing step calls it): the derivative or eligibility, and with
// selective plasticity the importances (0) and gates (1).
void size_synapse_state(plastic_projection& p, uint64_t synapses);

// Does projection entry `p` need the transposed (by postsynaptic neuron) index?
bool needs_transposed_index(const plastic_projection& p);

// Incoming synapses per postsynaptic neuron: column j (local post index) holds the ids of the
// synapses that target it, ascending (so their presynaptic rows ascend too). 4 bytes per
// synapse: a synapse's delay is read from its word in the forward table and its row found from
// its id (the kernels' synapse_lookup.hpp), which keeps a plastic synapse at 12 bytes plus its
// derivative or eligibility. When rows differ in length, `chunk_row` holds the row of every
// 2^row_chunk_shift-th synapse, where that search starts (4 bytes per 64 synapses).
struct transposed_index {
  std::vector<uint64_t> col_ptr;    // post_count + 1
  std::vector<uint32_t> synapse;    // synapse id within the projection
  std::vector<uint32_t> chunk_row;  // row of synapse c << row_chunk_shift; empty with uniform rows
  // Empty: compact columns. Else (a table with row slack, engine/index_slack.hpp) column j holds
  // col_used[j] ids from col_ptr[j], with room up to col_ptr[j + 1].
  std::vector<uint32_t> col_used;
  uint64_t col_end(uint32_t j) const { return col_used.empty() ? col_ptr[j + 1] : col_ptr[j] + col_used[j]; }
};
// For a table with row slack, the index has column slack too (engine/index_slack.hpp).
transposed_index build_transposed_index(const synapse_table& t);
// Bytes of the index of `t` (what network_state::synapse_bytes counts for it).
uint64_t transposed_index_bytes(const synapse_table& t);

// L when every row of `t` holds L > 0 synapses (fixed out-degree), else 0.
uint32_t uniform_row_length(const synapse_table& t);

// Will `net` have plasticity state (and need a backend that supports it)? For backend_options.
bool network_needs_plasticity(const network& net);

// Steps in `ms` at `dt_ms`, at least one.
uint32_t period_steps(double ms, double dt_ms);

}  // namespace engram
