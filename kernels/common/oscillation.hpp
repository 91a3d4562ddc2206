#pragma once
// The current of an oscillation input at a step (docs/rhythms.md). Phases are 64-bit fractions of
// a turn advanced by integer multiplication, so the phase at any step is exact and needs no state;
// sine and cosine come from IEEE operations only (exact::sincos_2pi): the same bits on every backend.
#include <cstdint>

#include "engine/state.hpp"
#include "kernels/common/exact_math.hpp"

namespace engram {

// A phase in turns (2^64 = one turn) as a double in [0, 1), exactly (its top 53 bits).
ENGRAM_HD double turn_fraction(uint64_t phase) { return static_cast<double>(phase >> 11) * (1.0 / 9007199254740992.0); }

ENGRAM_HD uint64_t oscillation_phase(const compiled_input& in, uint64_t step) { return in.phase_origin + in.phase_step * step; }
ENGRAM_HD uint64_t envelope_phase(const compiled_input& in, uint64_t step) {
  return in.envelope_origin + in.envelope_step * step;
}

// 1 - depth (1 - cos(theta - preferred)) / 2: 1 at the preferred phase of the modulating rhythm,
// 1 - depth opposite it.
ENGRAM_HD double oscillation_envelope(const compiled_input& in, uint64_t step) {
  if (in.envelope_depth <= 0.0f) return 1.0;
  double sine, cosine;
  exact::sincos_2pi(turn_fraction(envelope_phase(in, step) - in.envelope_preferred), sine, cosine);
  return 1.0 - in.envelope_depth * (1.0 - cosine) * 0.5;
}

ENGRAM_HD float oscillation_current(const compiled_input& in, uint64_t step) {
  double sine, cosine;
  exact::sincos_2pi(turn_fraction(oscillation_phase(in, step)), sine, cosine);
  return static_cast<float>(in.mean + in.amplitude * sine * oscillation_envelope(in, step));
}

}  // namespace engram
