#pragma once
#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram::cpu {

// Generates projection `ordinal` of `net` into `table` (whose ranges initial_state set) with the
// row walkers of kernels/common/connectivity.hpp. Rows come out sorted by target.
// `keep` (local post indices [first, end)) keeps only the synapses onto those targets, each with
// the values it has in the whole table: a distributed run's share (engine/partition.hpp).
struct post_range {
  uint32_t first = 0, end = 0xFFFFFFFFu;
};
void build_synapses(const network& net, uint32_t ordinal, synapse_table& table, int threads, post_range keep = {});

}  // namespace engram::cpu
