#pragma once
// The fixed-point format of synaptic input: the ring accumulates 64-bit integers at a scale of
// 2^32 so that the sum does not depend on the order of additions (threads, atomics). The engine
// checks the headroom (|sum| < 2^62) when a network is built, the kernels convert to and from it
// (their common/fixed_point.hpp), snapshots record the scale.

namespace engram {

inline constexpr double fixed_point_scale = 4294967296.0;  // 2^32: resolution 2.3e-10
inline constexpr double fixed_point_limit = 4611686018427387904.0;  // 2^62

}  // namespace engram
