#pragma once
#include <string>

#include "engine/state.hpp"

namespace engram {

// Throws invalid_network, prefixed by `where`, when the plastic state of `s` is inconsistent.
// Called by check_state (engine/state_check.cpp) after the static checks passed.
void check_plasticity_state(const network_state& s, const std::string& where);

}  // namespace engram
