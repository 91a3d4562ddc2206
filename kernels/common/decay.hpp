#pragma once
// Exponential decay toward zero of a state variable (traces, conductances, synaptic currents,
// thresholds, rate estimates, eligibilities). After about 87 time constants of silence such a
// value falls below the smallest normal float, and every operation on a subnormal costs some
// hundred cycles on x86 (a microcode assist): a network whose neurons rest between stimuli, or
// whose traces trail off after a neuron's last spike, ran 2-3 times slower for it. So a decayed
// value whose magnitude falls below 1e-30 becomes exactly 0: far below anything that can move a
// weight or a potential, and the same on every backend (plain IEEE comparisons).
#include <cmath>

#include "engine/hd.hpp"

namespace engram {

inline constexpr float negligible_state = 1e-30f;

// One comparison of the magnitude, not two of the value: with signed state (eligibilities) two
// comparisons compile to a branch on the sign, mispredicted half the time.
ENGRAM_HD float decayed(float x, float factor) {
  const float y = x * factor;
  return fabsf(y) < negligible_state ? 0.0f : y;
}

}  // namespace engram
