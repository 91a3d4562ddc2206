#pragma once
#include "engine/state.hpp"

namespace engram {

// Checks that a network_state is self-consistent (array sizes, contiguous populations, CSR
// offsets, targets and delays in range, ring size) before a backend loads it. Throws
// invalid_network naming the first problem, prefixed by `where` (e.g. the file it came from).
void check_state(const network_state& s, const std::string& where);

}  // namespace engram
