#pragma once
// Bounds every network, state and command line is held to: physically meaningful ranges, and
// sizes whose work ends in reasonable time. One place, so that a snapshot, the API and the CLI
// refuse the same values with the same words.
#include <cstdint>

namespace engram::limits {

inline constexpr double min_dt_ms = 1e-4;   // 0.1 us
inline constexpr double max_dt_ms = 1000;   // 1 s
inline constexpr int32_t max_substeps = 1000;
// The step counter: room for any run to continue (2^62 steps of 0.1 ms are 14 million years).
inline constexpr uint64_t max_step = uint64_t{1} << 62;
// Steps one command may simulate: 2^36 (2.2 years of model time at 1 ms). Beyond, a run would not
// end in any useful time; it is refused with this number rather than left to hang.
inline constexpr uint64_t max_run_steps = uint64_t{1} << 36;
// Input one neuron may receive in one step, in weight units: the 64-bit fixed-point ring holds
// |sum| < 2^62 at a scale of 2^32 (engine/fixed_point.hpp).
inline constexpr double max_input_per_step = 1073741824.0;  // 2^30
inline constexpr int32_t max_refractory_steps = 1 << 24;

}  // namespace engram::limits
