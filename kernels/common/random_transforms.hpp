#pragma once
// Random variates from Philox words with exact arithmetic (see exact_math.hpp).
#include <cmath>

#include "engine/rng.hpp"
#include "kernels/common/exact_math.hpp"

namespace engram {

// Two independent standard normals by Box-Muller from one Philox block (all four words): the
// radius times the cosine and times the sine of the same angle.
struct normal_pair {
  double cosine, sine;
};
ENGRAM_HD normal_pair standard_normal_pair(const philox_block& b) {
  const double u1 = uniform_open0(b.x[0], b.x[1]);
  const double u2 = uniform_open1(b.x[2], b.x[3]);
  double s, c;
  exact::sincos_2pi(u2, s, c);
  const double radius = sqrt(-2.0 * exact::log(u1));
  return {radius * c, radius * s};
}
ENGRAM_HD double standard_normal(const philox_block& b) { return standard_normal_pair(b).cosine; }

// Poisson count with mean lambda by Knuth's product of uniforms; exp_minus_lambda = exp(-lambda)
// comes from the host. Each block gives two uniforms; blocks are numbered from first_block.
ENGRAM_HD uint32_t poisson_count(double exp_minus_lambda, uint64_t seed, rng_purpose purpose,
                                 uint32_t object, uint32_t element, uint64_t index,
                                 uint32_t max_count = 1024) {
  uint32_t k = 0;
  double product = 1.0;
  for (uint32_t block = 0;; ++block) {
    const philox_block b = random_block(seed, purpose, object, element, index, block);
    product *= uniform_open1(b.x[0], b.x[1]);
    if (product <= exp_minus_lambda || k == max_count) return k;
    ++k;
    product *= uniform_open1(b.x[2], b.x[3]);
    if (product <= exp_minus_lambda || k == max_count) return k;
    ++k;
  }
}

}  // namespace engram
