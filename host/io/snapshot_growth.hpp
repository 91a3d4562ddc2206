#pragma once
// The /growth group of a snapshot (docs/hdf5-schema.md): structural plasticity's constants, each
// growing synapse's birth and the log of every phase. Empty when nothing grows.
#include <string>

#include "engine/state.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

// Writes s.growth into `group` (the snapshot's /growth); nothing when no projection grows.
void write_growth(hid_t group, const network_state& s);

// The log of growth phases as the group `log` of `group` (a snapshot's /growth, a run file's /growth).
void write_growth_log(hid_t group, const std::vector<growth_record>& records);

// Reads /growth of `file` into s.growth (s.projections already read). A missing or empty group
// means nothing grows. Shapes and values are checked later by check_state.
void read_growth(hid_t file, network_state& s, const std::string& where);

}  // namespace engram
