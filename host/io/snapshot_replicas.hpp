#pragma once
// The replica table (engine/network.hpp `replica`) under a snapshot's optional /replicas group, so
// that a resumed batch keeps drawing each replica's numbers from its own seed (docs/hdf5-schema.md).
#include <string>

#include "engine/state.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

void write_replicas(hid_t file, const network_state& s);  // nothing when s.replicas is empty
// Absent group: no replicas. Reads after the populations, projections and inputs, whose counts
// the table must tile; then sets every population's and input's stream (assign_streams).
void read_replicas(hid_t file, network_state& s, const std::string& where);

}  // namespace engram
