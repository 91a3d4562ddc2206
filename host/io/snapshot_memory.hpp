#pragma once
// Memory traces (engine/memory_traces.hpp) under a snapshot's /memory group: the configuration,
// the replay draw's counter and seed, and every trace (docs/hdf5-schema.md).
#include <optional>
#include <string>

#include "engine/memory_traces.hpp"
#include "host/io/hdf5_handle.hpp"

namespace engram {

void write_memory(hid_t file, const memory_state& m);
// Absent group: no memory. Shapes and values are checked (check_memory) against the population
// size `neurons` read from the group's own attribute.
std::optional<memory_state> read_memory(hid_t file, const std::string& where);

}  // namespace engram
