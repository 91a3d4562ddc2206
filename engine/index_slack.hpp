#pragma once
// The transposed index of a table with row slack (engine/row_slack.hpp): every column gets room
// to grow, and a growth phase's row changes are applied to the columns they touch, so that the
// index costs the phase what the changed rows hold, not what the projection holds. A column
// that runs out of room makes the caller rebuild the index (with fresh room) once. Host code.
#include "engine/plasticity_layout.hpp"
#include "engine/row_slack.hpp"

namespace engram {

// Column j gets room for 1.5 max(used_j, the mean column) + 8 ids: the column of a neuron not
// yet born gets room for what a typical column holds (a newborn wired from every input fills it
// at once), and a column half as much again as it holds.
transposed_index build_slack_index(const synapse_table& t);

// Applies one changed row of `t` (its synapses now in `t`, as they were in `change`) to `x`.
// False when a column has no room left: `x` is then partly updated and must be rebuilt.
bool apply_row_change(transposed_index& x, const synapse_table& t, const row_change& change);

// Applies a phase's changed rows of `t` to `x`; when a column runs out of room, rebuilds `x` from
// `t` with fresh room instead, and returns true.
bool update_transposed_index(transposed_index& x, const synapse_table& t, const std::vector<row_change>& changes);

}  // namespace engram
