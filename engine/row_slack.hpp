#pragma once
// Rows with room to grow (docs/architecture.md, "Growth"): a growing projection's rows get a
// fixed capacity each, so that a growth phase inserts and removes synapses inside their rows and
// a backend updates what derives from them (the transposed index) for the rows that changed only.
// The CPU backend keeps its growing projections this way; export, snapshots and every other
// backend see compact rows. Host code, no I/O.
#include <cstdint>
#include <vector>

#include "engine/state.hpp"

namespace engram {

// One row a growth phase changed: positions [0, unchanged) hold the synapses they held before;
// old_targets are the local targets of the positions from `unchanged` to the old row end, as
// they were; from[j] says where the synapse now at position unchanged + j was (its offset in
// old_targets), or -1 for a new one. The mapping keeps the old synapses' order. The row's
// synapses now are the table's.
struct row_change {
  uint32_t row = 0;
  uint32_t unchanged = 0;
  std::vector<uint32_t> old_targets;
  std::vector<int32_t> from;
};

// Per projection (network_state::projections order): the rows one growth phase changed.
using growth_changes = std::vector<std::vector<row_change>>;

// Gives each growing projection of `s` rows of capacity max(max_row, its longest row), every
// per-synapse array moving along; holes weigh 0 and target local neuron 0. A table that already
// has slack, or a growing projection not yet prepared (prepare_growth), is left as it is.
void open_row_slack(network_state& s);
// Projection `projection` with rows of `capacity` (at least its longest row) positions.
void open_row_slack(network_state& s, uint32_t projection, uint32_t capacity);
// The longest row of `t`.
uint64_t longest_row(const synapse_table& t);
// Every table compact again (what export and snapshots see).
void close_row_slack(network_state& s);
bool has_row_slack(const network_state& s);

// The word a hole holds: target 0 at a delay the table allows, so that a loop that reads every
// storage position (a periodic sweep, a lesion) stays within the ring.
uint32_t hole_word(const synapse_table& t);

}  // namespace engram
