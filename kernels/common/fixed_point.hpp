#pragma once
// Synaptic input accumulates as 64-bit integers so that the sum does not depend on the order of
// additions (threads, atomics). A float weight times 2^32 is exact in double; conversion truncates
// toward zero. Headroom: |sum| < 2^62, checked when a network is built (see max_fixed_input).
#include <cstdint>

#include "engine/hd.hpp"

namespace engram {

inline constexpr double fixed_point_scale = 4294967296.0;  // 2^32: resolution 2.3e-10
inline constexpr double fixed_point_limit = 4611686018427387904.0;  // 2^62

ENGRAM_HD int64_t to_fixed(double x) { return static_cast<int64_t>(x * fixed_point_scale); }
ENGRAM_HD double from_fixed(int64_t f) { return static_cast<double>(f) * (1.0 / fixed_point_scale); }

}  // namespace engram
