#pragma once
// Checks of a snapshot that concern the file rather than the state (engine/state_check.cpp checks
// the state): the numbers a file declares about itself. They catch a group deleted from a file,
// and a header read before the arrays it sizes.
#include <cstdint>
#include <string>

#include "engine/state.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

// /ringbuffers' header, before the ring (slots x neurons) is read: slots in [2, 256] and the
// fixed-point scale 2^32 the ring's integers are in.
uint32_t read_ring_header(hid_t ringbuffers, const std::string& where);

// The count attribute `name` of `obj`, when present, must equal `actual`. Files written before
// the counts existed carry none, and load as before.
void check_declared_count(hid_t obj, const char* name, uint64_t actual, const std::string& what, const std::string& where);

// The root's `neurons` and `synapses` totals, and its `plasticity` flag when present, must match
// what was read: a deleted population, projection or /plasticity group is refused.
void check_declared_totals(hid_t file, const network_state& s, const std::string& where);

}  // namespace engram
