#pragma once
// Counter-based Philox4x32-10 (Salmon et al., SC'11): a pure function of (counter, key), so a
// random number is addressed by what it is for, never drawn from carried state. Host and device
// share this code and produce identical bits.
#include <cstdint>

#include "engine/hd.hpp"

namespace engram {

struct philox_block {
  uint32_t x[4];
};

ENGRAM_HD void philox_mulhilo(uint32_t a, uint32_t b, uint32_t& hi, uint32_t& lo) {
  const uint64_t p = static_cast<uint64_t>(a) * b;
  hi = static_cast<uint32_t>(p >> 32);
  lo = static_cast<uint32_t>(p);
}

ENGRAM_HD philox_block philox4x32_10(philox_block ctr, uint32_t k0, uint32_t k1) {
  constexpr uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
  constexpr uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(m0, ctr.x[0], hi0, lo0);
    philox_mulhilo(m1, ctr.x[2], hi1, lo1);
    ctr = philox_block{{hi1 ^ ctr.x[1] ^ k0, lo1, hi0 ^ ctr.x[3] ^ k1, lo0}};
    k0 += w0;
    k1 += w1;
  }
  return ctr;
}

// What a draw is for; part of the counter so different purposes never share numbers.
enum class rng_purpose : uint32_t {
  poisson_input = 1,
  noise_current = 2,
  random_pulse = 3,
  poisson_source = 4,
  connectivity = 5,
  weight_init = 6,
  delay_init = 7,
  parameter_init = 8,
  reward_delay = 9,
  spread_order = 10,
  weight_normal = 11,  // normal and log-normal weights: Box-Muller candidates, redrawn outside the bounds
  delay_normal = 12,   // normal and log-normal delays, likewise
  pair_draw = 13,      // fixed_total_number: the (pre, post) pair of each synapse
  exploration = 14,    // reward tasks (apps/tasks): epsilon-greedy draws, keyed by (episode, step)
  task_draw = 15,      // reward tasks: data order, splits, start states
  oscillation_phase = 16,  // a free oscillation input's phase at t = 0, keyed by the input's index
  memory_replay = 17,      // which memory traces a consolidation replays, keyed by its count (engine/memory_traces.hpp)
  growth = 20,         // structural plasticity (engine/growth_plan.hpp): keyed by (projection or population, pair or neuron, phase)
};

// Counter layout (documented in docs/architecture.md):
//   x0 = element (neuron, row, ...), x1 = low 32 bits of the index (usually the step),
//   x2 = high 32 bits of the index, x3 = purpose << 24 | object << 12 | block
// key = the 64-bit seed. object is the input / projection ordinal (< 4096), block the
// ordinal of the 4-word block when one element needs more than four words (< 4096).
ENGRAM_HD philox_block random_block(uint64_t seed, rng_purpose purpose, uint32_t object,
                                    uint32_t element, uint64_t index, uint32_t block = 0) {
  const philox_block ctr{{element, static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                          (static_cast<uint32_t>(purpose) << 24) | ((object & 0xFFFu) << 12) |
                              (block & 0xFFFu)}};
  return philox4x32_10(ctr, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}

// Where an object's draws come from (docs/architecture.md, "Determinism"): the key, the object
// ordinal and the neuron its elements count from. A network without replicas has key = seed,
// object = ordinal in the network, base = 0; an object of replica r has key = r's seed, object =
// its ordinal within r, base = r's first neuron, so r draws exactly what it draws alone.
// engine/replicas.cpp computes it once per object; every draw of a neuron-indexed element goes
// through stream_block (the engine's initial state draws too, so it lives here, not in kernels/).
struct rng_stream {
  uint64_t key = 1;
  uint32_t object = 0;
  uint32_t base = 0;  // first neuron of the object's replica: global neuron i is element i - base
};
ENGRAM_HD philox_block stream_block(const rng_stream& s, rng_purpose purpose, uint32_t element, uint64_t index,
                                    uint32_t block = 0) {
  return random_block(s.key, purpose, s.object, element, index, block);
}
// The element of global neuron i in its object's stream.
ENGRAM_HD uint32_t stream_element(const rng_stream& s, uint32_t neuron) { return neuron - s.base; }

// Uniform double in [0, 1) with 53 random bits, exact on every platform.
ENGRAM_HD double uniform_open1(uint32_t hi, uint32_t lo) {
  const uint64_t bits = (static_cast<uint64_t>(hi) << 21) ^ (lo >> 11);
  return static_cast<double>(bits & ((uint64_t{1} << 53) - 1)) * (1.0 / 9007199254740992.0);
}
// Uniform double in (0, 1]: safe to take the logarithm of.
ENGRAM_HD double uniform_open0(uint32_t hi, uint32_t lo) {
  const uint64_t bits = (static_cast<uint64_t>(hi) << 21) ^ (lo >> 11);
  return static_cast<double>((bits & ((uint64_t{1} << 53) - 1)) + 1) * (1.0 / 9007199254740992.0);
}

}  // namespace engram
