#pragma once
// Tsodyks-Markram short-term plasticity per presynaptic neuron (exact: every synapse of a
// projection sees the same spike train, only shifted by its delay). Shared by both backends.
#include "engine/hd.hpp"

namespace engram {

// One step without a spike: resources recover toward 1, utilisation relaxes toward U.
ENGRAM_HD void stp_recover(float& u, float& x, float U, float rec_decay, float fac_decay) {
  x = 1.0f - (1.0f - x) * rec_decay;
  u = U + (u - U) * fac_decay;
}

// A spike: returns the fraction u x of the weight it transmits, then depletes and facilitates.
ENGRAM_HD float stp_spike(float& u, float& x, float U) {
  const float released = u * x;
  x = x - released;
  u = u + U * (1.0f - u);
  return released;
}

// What a spike of a modulated projection transmits, as a factor on the weight.
ENGRAM_HD float transmission_factor(float modulation, float released) { return modulation * released; }

// The weight a synapse delivers: w times the projection's factor (STP release x transmitter gain).
ENGRAM_HD float delivered_weight(float w, float factor) { return w * factor; }

}  // namespace engram
