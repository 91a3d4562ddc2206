#pragma once
// Serialisation of network_state::plasticity under a snapshot's /plasticity group.
#include <string>

#include "engine/state.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

// Writes the plastic state into `group` (the snapshot's /plasticity); nothing for a static network.
void write_plasticity(hid_t group, const network_state& s);

// Reads /plasticity of `file` into s.plasticity (s.projections and s.populations already read).
// A missing or empty group means a static network. Shapes are checked later by check_state.
void read_plasticity(hid_t file, network_state& s, const std::string& where);

}  // namespace engram
