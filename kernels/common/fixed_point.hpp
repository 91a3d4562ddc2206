#pragma once
// Synaptic input accumulates as 64-bit integers so that the sum does not depend on the order of
// additions (threads, atomics). A float weight times 2^32 is exact in double; conversion truncates
// toward zero. Headroom: |sum| < 2^62, checked when a network is built (check_fixed_point_headroom, engine/layout.cpp).
// The format itself (scale, limit) is the engine's: engine/fixed_point.hpp.
#include <cstdint>

#include "engine/fixed_point.hpp"
#include "engine/hd.hpp"

namespace engram {

ENGRAM_HD int64_t to_fixed(double x) { return static_cast<int64_t>(x * fixed_point_scale); }
ENGRAM_HD double from_fixed(int64_t f) { return static_cast<double>(f) * (1.0 / fixed_point_scale); }

}  // namespace engram
