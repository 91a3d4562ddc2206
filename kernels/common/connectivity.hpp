#pragma once
// Connectivity generation, one presynaptic row (or postsynaptic column) at a time, from Philox
// numbers addressed by (projection, row, draw). Row walkers take an `emit(target)` callable so
// the CPU builder and a device builder produce the same synapses in the same order.
#include <cstdint>

#include "engine/rng.hpp"
#include "kernels/common/exact_math.hpp"

namespace engram::connect {

// Uniform integer in [0, n) from a 53-bit uniform (bias < 2^-21 for n < 2^32).
ENGRAM_HD uint32_t uniform_below(double u, uint32_t n) {
  const uint32_t k = static_cast<uint32_t>(u * n);
  return k < n ? k : n - 1;
}

// Fixed probability p: walk targets [0, n) by geometric gaps, so the cost grows with the number
// of synapses, not with n. log_q = exact::log(1 - p), computed once by the caller (p < 1).
template <class Emit>
ENGRAM_HD void fixed_probability_row(uint64_t seed, uint32_t projection, uint32_t row, uint32_t n,
                                     double log_q, Emit&& emit) {
  uint64_t j = 0;
  for (uint64_t draw = 0;; ++draw) {
    const philox_block b = random_block(seed, rng_purpose::connectivity, projection, row, draw);
    for (int half = 0; half < 2; ++half) {
      const double u = uniform_open0(b.x[2 * half], b.x[2 * half + 1]);
      const double gap = exact::log(u) / log_q;  // >= 0
      if (gap >= static_cast<double>(n - j)) return;
      j += static_cast<uint64_t>(gap);
      emit(static_cast<uint32_t>(j));
      if (++j >= n) return;
    }
  }
}

// k distinct values from [0, n) excluding `excluded` (pass n to exclude none), by rejection of
// repeats; `chosen` receives them in draw order. Needs k < n (minus the exclusion).
ENGRAM_HD void distinct_sample(uint64_t seed, uint32_t projection, uint32_t element, uint32_t n,
                               uint32_t k, uint32_t excluded, uint32_t* chosen) {
  uint32_t have = 0;
  for (uint64_t draw = 0; have < k; ++draw) {
    const philox_block b = random_block(seed, rng_purpose::connectivity, projection, element, draw);
    for (int half = 0; half < 2 && have < k; ++half) {
      const uint32_t c = uniform_below(uniform_open1(b.x[2 * half], b.x[2 * half + 1]), n);
      bool repeat = c == excluded;
      for (uint32_t i = 0; i < have && !repeat; ++i) repeat = chosen[i] == c;
      if (!repeat) chosen[have++] = c;
    }
  }
}

// Per-synapse values keyed by the (pre, post) pair, so they do not depend on construction order.
ENGRAM_HD double synapse_uniform(uint64_t seed, rng_purpose purpose, uint32_t projection,
                                 uint32_t pre, uint32_t post) {
  const philox_block b = random_block(seed, purpose, projection, pre, post);
  return uniform_open1(b.x[0], b.x[1]);
}

}  // namespace engram::connect

namespace engram::connect {

// How a per-synapse value is drawn (mirrors engram::distribution, in device-friendly form).
struct value_rule {
  uint8_t kind = 0;  // 0 constant, 1 uniform, 2 row_spread
  double low = 0, high = 0;
};

ENGRAM_HD uint64_t greatest_common_divisor(uint64_t a, uint64_t b) {
  while (b != 0) {
    const uint64_t r = a % b;
    a = b;
    b = r;
  }
  return a;
}

// The rank that position k of a row of m synapses takes in a row_spread: an affine permutation
// k -> (a k + b) mod m, with a coprime to m and b drawn per row. Rows are sorted by target, so
// spreading by position alone would tie a value to the target's index (with Izhikevich's delays,
// low-numbered neurons would receive only short delays and high-numbered ones only long ones).
ENGRAM_HD uint64_t spread_rank(uint64_t seed, uint32_t projection, uint32_t pre, uint64_t k, uint64_t m) {
  if (m <= 1) return 0;
  const philox_block b = random_block(seed, rng_purpose::spread_order, projection, pre, 0);
  const uint32_t n = static_cast<uint32_t>(m);
  uint64_t a = 1 + uniform_below(uniform_open1(b.x[0], b.x[1]), n - 1);  // in [1, m)
  while (greatest_common_divisor(a, m) != 1) a = a % (m - 1) + 1;       // next coprime, wrapping to 1
  const uint64_t offset = uniform_below(uniform_open1(b.x[2], b.x[3]), n);
  return (a * k + offset) % m;  // a k < m^2 < 2^64
}

// Weight magnitude of synapse pre -> post at position k of a row of length m.
ENGRAM_HD double weight_value(const value_rule& r, uint64_t seed, uint32_t projection, uint32_t pre,
                              uint32_t post, uint64_t k, uint64_t m) {
  switch (r.kind) {
    case 1: return r.low + (r.high - r.low) * synapse_uniform(seed, rng_purpose::weight_init, projection, pre, post);
    case 2: return m > 1 ? r.low + (r.high - r.low) * static_cast<double>(spread_rank(seed, projection, pre, k, m)) / static_cast<double>(m - 1) : r.low;
    default: return r.low;
  }
}

// Delay in steps; low and high are already in steps.
ENGRAM_HD uint32_t delay_value(const value_rule& r, uint64_t seed, uint32_t projection, uint32_t pre,
                               uint32_t post, uint64_t k, uint64_t m) {
  const uint32_t lo = static_cast<uint32_t>(r.low), span = static_cast<uint32_t>(r.high) - lo + 1;
  switch (r.kind) {
    case 1: return lo + uniform_below(synapse_uniform(seed, rng_purpose::delay_init, projection, pre, post), span);
    case 2: return lo + static_cast<uint32_t>(spread_rank(seed, projection, pre, k, m) * span / (m > 0 ? m : 1));
    default: return lo;
  }
}

}  // namespace engram::connect
