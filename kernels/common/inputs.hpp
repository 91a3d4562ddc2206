#pragma once
// Direct inputs of one step for one neuron: currents into i_ext, Poisson events into the
// fixed-point synaptic input. Both backends call this per (input, neuron).
#include <cstdint>

#include "engine/rng.hpp"
#include "engine/state.hpp"
#include "kernels/common/fixed_point.hpp"
#include "kernels/common/oscillation.hpp"
#include "kernels/common/random_transforms.hpp"

namespace engram {

// Every draw goes through the input's stream (in.rng, engine/replicas.hpp): elements count from
// its replica's first neuron, so a replica draws what the same network alone draws.
// Gaussian noise currents come in pairs: elements 2j and 2j + 1 take the cosine and the sine
// normal of block j, so a loop over pairs draws each block once (half the Philox and logarithm
// work of one block per neuron); a thread per neuron draws its pair's block and keeps its half,
// the same bits.
ENGRAM_HD normal_pair noise_pair(const compiled_input& in, uint32_t pair, uint64_t step) {
  return standard_normal_pair(stream_block(in.rng, rng_purpose::noise_current, pair, step));
}
ENGRAM_HD float noise_current(const compiled_input& in, double z) { return static_cast<float>(in.mean + in.sd * z); }

ENGRAM_HD void apply_input(const compiled_input& in, uint32_t neuron, uint64_t step, float& i_ext, int64_t& synaptic) {
  const uint32_t e = stream_element(in.rng, neuron);
  switch (in.type) {
    case input::kind::current:
      if (step >= in.start_step && step < in.stop_step) i_ext = i_ext + in.amplitude;
      break;
    case input::kind::noise: {
      const normal_pair z = noise_pair(in, e >> 1, step);
      i_ext = i_ext + noise_current(in, (e & 1) ? z.sine : z.cosine);
      break;
    }
    case input::kind::uniform_noise: {
      const philox_block b = stream_block(in.rng, rng_purpose::noise_current, e, step);
      i_ext = i_ext + static_cast<float>(in.mean + in.amplitude * (uniform_open1(b.x[0], b.x[1]) - 0.5));
      break;
    }
    case input::kind::poisson: {
      const uint32_t k = poisson_count(in.exp_minus_lambda, in.rng.key, rng_purpose::poisson_input, in.rng.object, e, step);
      synaptic += static_cast<int64_t>(k) * to_fixed(in.weight);
      break;
    }
    case input::kind::oscillation:
      if (step >= in.start_step && step < in.stop_step) i_ext = i_ext + oscillation_current(in, step);
      break;
    case input::kind::random_pulse:
      break;  // per step, not per neuron: see random_pulse_target
  }
}

// The neuron (global index) that pulse p of a random_pulse input hits at `step`.
ENGRAM_HD uint32_t random_pulse_target(const compiled_input& in, uint64_t step, uint32_t p) {
  const philox_block b = stream_block(in.rng, rng_purpose::random_pulse, p, step);
  const uint32_t k = static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * in.count);
  return in.first + (k < in.count ? k : in.count - 1);
}

// Does poisson-source neuron `neuron` (global index) of the population with stream `rng` spike at `step`?
ENGRAM_HD bool poisson_source_fires(double probability, const rng_stream& rng, uint32_t neuron, uint64_t step) {
  if (probability <= 0.0) return false;  // silent sources (dark pixels) draw nothing; the stream is counter-based
  const philox_block b = stream_block(rng, rng_purpose::poisson_source, stream_element(rng, neuron), step);
  return uniform_open1(b.x[0], b.x[1]) < probability;
}

}  // namespace engram
