#pragma once
// Connectivity generation, one presynaptic row (or postsynaptic column) at a time, from Philox
// numbers addressed by (projection, row, draw). Row walkers take an `emit(target)` callable so
// the CPU builder and a device builder produce the same synapses in the same order.
#include <cstdint>

#include "engine/rng.hpp"
#include "kernels/common/exact_math.hpp"
#include "kernels/common/random_transforms.hpp"

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

// A 2-D sheet: neuron k of a population sits at the centre of cell k (row-major) of a grid of
// `columns` x ceil(n / columns) cells over the unit square. Pre i connects to post j with
// probability p0 exp(-d^2 / (2 sigma^2)), d the distance between their cells (on the torus when
// periodic): one Bernoulli draw per candidate, so a row costs n_post draws.
struct sheet_rule {
  double p0 = 0, inv_two_sigma2 = 0;
  uint32_t pre_columns = 1, pre_rows = 1, post_columns = 1, post_rows = 1;
  bool periodic = false;
};

// Columns of a population's square-ish grid: ceil(sqrt(n)).
ENGRAM_HD uint32_t sheet_columns(uint32_t n) {
  uint32_t c = 1;
  while (uint64_t{c} * c < n) ++c;
  return c;
}

ENGRAM_HD double sheet_offset(double a, double b, bool periodic) {
  double d = a > b ? a - b : b - a;
  if (periodic && d > 0.5) d = 1.0 - d;
  return d;
}

template <class Emit>
ENGRAM_HD void gaussian_distance_row(uint64_t seed, uint32_t projection, uint32_t row, uint32_t n_post,
                                     const sheet_rule& s, Emit&& emit) {
  const double xi = (row % s.pre_columns + 0.5) / s.pre_columns, yi = (row / s.pre_columns + 0.5) / s.pre_rows;
  for (uint32_t j = 0; j < n_post; j += 2) {
    const philox_block b = random_block(seed, rng_purpose::connectivity, projection, row, j / 2);
    for (uint32_t half = 0; half < 2 && j + half < n_post; ++half) {
      const uint32_t k = j + half;
      const double dx = sheet_offset(xi, (k % s.post_columns + 0.5) / s.post_columns, s.periodic);
      const double dy = sheet_offset(yi, (k / s.post_columns + 0.5) / s.post_rows, s.periodic);
      const double p = s.p0 * exact::exp(-(dx * dx + dy * dy) * s.inv_two_sigma2);
      if (uniform_open1(b.x[2 * half], b.x[2 * half + 1]) < p) emit(k);
    }
  }
}

// The sheet of a gaussian_distance projection between populations of n_pre and n_post neurons.
ENGRAM_HD sheet_rule make_sheet_rule(double p0, double sigma, bool periodic, uint32_t n_pre, uint32_t n_post) {
  sheet_rule s;
  s.p0 = p0;
  s.inv_two_sigma2 = 1.0 / (2.0 * sigma * sigma);
  s.periodic = periodic;
  s.pre_columns = sheet_columns(n_pre);
  s.pre_rows = n_pre ? (n_pre + s.pre_columns - 1) / s.pre_columns : 1;
  s.post_columns = sheet_columns(n_post);
  s.post_rows = n_post ? (n_post + s.post_columns - 1) / s.post_columns : 1;
  return s;
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

// fixed_total_number: the (pre, post) pair of synapse s, uniform over all pairs and redrawn while
// it is an autapse the projection forbids (validation guarantees another pair exists).
ENGRAM_HD void total_number_pair(uint64_t seed, uint32_t projection, uint32_t s, uint32_t n_pre, uint32_t n_post,
                                 bool skip_self, uint32_t& pre, uint32_t& post) {
  for (uint64_t attempt = 0;; ++attempt) {
    const philox_block b = random_block(seed, rng_purpose::pair_draw, projection, s, attempt);
    pre = uniform_below(uniform_open1(b.x[0], b.x[1]), n_pre);
    post = uniform_below(uniform_open1(b.x[2], b.x[3]), n_post);
    if (!(skip_self && pre == post)) return;
  }
}

// Which copy of its (pre, post) pair the synapse at position k of a row sorted by target is: 0
// unless multapses exist (fixed_total_number), whose copies then draw their values independently.
// `mask` picks the target out of a row entry (a row may already hold finished synapse words).
ENGRAM_HD uint32_t multapse_copy(const uint32_t* row, uint64_t k, uint32_t mask) {
  const uint32_t target = row[k] & mask;
  uint32_t copy = 0;
  while (k > copy && (row[k - 1 - copy] & mask) == target) ++copy;
  return copy;
}

// The Philox index of a per-synapse value: the post neuron, and the multapse copy above it.
ENGRAM_HD uint64_t synapse_index(uint32_t post, uint32_t copy) { return post | (uint64_t{copy} << 32); }

// Per-synapse values keyed by the (pre, post) pair, so they do not depend on construction order.
ENGRAM_HD double synapse_uniform(uint64_t seed, rng_purpose purpose, uint32_t projection,
                                 uint32_t pre, uint64_t index) {
  const philox_block b = random_block(seed, purpose, projection, pre, index);
  return uniform_open1(b.x[0], b.x[1]);
}

}  // namespace engram::connect

namespace engram::connect {

// How a per-synapse value is drawn (mirrors engram::distribution, in device-friendly form).
struct value_rule {
  uint8_t kind = 0;  // 0 constant, 1 uniform, 2 row_spread, 3 normal, 4 lognormal
  double low = 0, high = 0;  // 3, 4: truncation bounds, in the distribution's unit (ms for delays)
  double mu = 0, sigma = 0;  // 3, 4
  double step = 1;           // 3, 4 delays: dt, the unit the drawn ms are rounded to
};
enum : uint8_t { rule_constant, rule_uniform, rule_row_spread, rule_normal, rule_lognormal };

// A normal (or log-normal: e^normal) value truncated to [low, high] by redrawing: the candidates
// are the cosine and sine halves of Box-Muller pairs from Philox blocks 0, 1, ... of the synapse's
// counter. Validation keeps at least 1 % of the mass inside, so the 8192 candidates never run out
// in practice; if they did, the value would be the bound nearer the distribution's centre.
ENGRAM_HD double truncated_value(const value_rule& r, uint64_t seed, rng_purpose purpose, uint32_t projection,
                                 uint32_t pre, uint64_t index) {
  for (uint32_t block = 0; block < 4096; ++block) {
    const normal_pair z = standard_normal_pair(random_block(seed, purpose, projection, pre, index, block));
    for (int half = 0; half < 2; ++half) {
      const double x = r.mu + r.sigma * (half == 0 ? z.cosine : z.sine);
      const double value = r.kind == rule_lognormal ? exact::exp(x) : x;
      if (value >= r.low && value <= r.high) return value;
    }
  }
  const double centre = r.kind == rule_lognormal ? exact::exp(r.mu) : r.mu;
  return centre < r.low ? r.low : r.high;
}

// Milliseconds to whole steps as NEST does (nearest step), raised to one step. llround as
// engram::delay_steps (engine/layout.cpp), which sizes the ring from the upper bound.
ENGRAM_HD uint32_t delay_in_steps(double ms, double dt) {
  const long long steps = llround(ms / dt);
  return steps < 1 ? 1u : static_cast<uint32_t>(steps);
}

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
// `copy` tells multapses apart (multapse_copy).
ENGRAM_HD double weight_value(const value_rule& r, uint64_t seed, uint32_t projection, uint32_t pre,
                              uint32_t post, uint64_t k, uint64_t m, uint32_t copy = 0) {
  const uint64_t index = synapse_index(post, copy);
  switch (r.kind) {
    case 1: return r.low + (r.high - r.low) * synapse_uniform(seed, rng_purpose::weight_init, projection, pre, index);
    case 3:
    case 4: return truncated_value(r, seed, rng_purpose::weight_normal, projection, pre, index);
    case 2: return m > 1 ? r.low + (r.high - r.low) * static_cast<double>(spread_rank(seed, projection, pre, k, m)) / static_cast<double>(m - 1) : r.low;
    default: return r.low;
  }
}

// Delay in steps; for kinds 0-2, low and high are already in steps; normal delays are drawn in ms.
ENGRAM_HD uint32_t delay_value(const value_rule& r, uint64_t seed, uint32_t projection, uint32_t pre,
                               uint32_t post, uint64_t k, uint64_t m, uint32_t copy = 0) {
  const uint32_t lo = static_cast<uint32_t>(r.low), span = static_cast<uint32_t>(r.high) - lo + 1;
  const uint64_t index = synapse_index(post, copy);
  switch (r.kind) {
    case 1: return lo + uniform_below(synapse_uniform(seed, rng_purpose::delay_init, projection, pre, index), span);
    case 3:
    case 4: return delay_in_steps(truncated_value(r, seed, rng_purpose::delay_normal, projection, pre, index), r.step);
    case 2: return lo + static_cast<uint32_t>(spread_rank(seed, projection, pre, k, m) * span / (m > 0 ? m : 1));
    default: return lo;
  }
}

}  // namespace engram::connect
