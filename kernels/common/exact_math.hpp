#pragma once
// Transcendentals built from IEEE +, -, *, / and sqrt only, so host and device agree to the bit
// (libm and CUDA's math library do not). Used where a random transform must match across backends.
#include <cstdint>
#include <cstring>

#include "engine/hd.hpp"

namespace engram::exact {

// 2^k for k in [-1022, 1023], from its bits.
ENGRAM_HD double power_of_two(int64_t k) {
  const uint64_t bits = static_cast<uint64_t>(k + 1023) << 52;
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

// Natural logarithm of x > 0 (finite, normal). |error| < 2 ulp.
ENGRAM_HD double log(double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int exponent = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;  // mantissa in [1, 2)
  double m;
  memcpy(&m, &bits, sizeof m);
  // Centre on 1: m in [sqrt(1/2), sqrt(2)]. Selects rather than a branch, so loops vectorise.
  const bool high = m > 1.4142135623730951;
  m = high ? m * 0.5 : m;
  exponent += high ? 1 : 0;
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716: 11 odd terms reach 1e-17.
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double series = 1.0 / 23.0;
  for (int k = 21; k >= 1; k -= 2) series = series * s2 + 1.0 / k;
  return exponent * 0.6931471805599453 + 2.0 * s * series;
}

// sin and cos of 2*pi*u for u in [0, 1). The quadrant comes exactly from u, so the
// polynomials only see |angle| <= pi/4.
ENGRAM_HD void sincos_2pi(double u, double& sine, double& cosine) {
  const double q4 = u * 4.0;  // exact
  const int quadrant = static_cast<int>(q4 + 0.5) & 3;
  const double r = (q4 - static_cast<int>(q4 + 0.5)) * 1.5707963267948966;  // in [-pi/4, pi/4)
  const double r2 = r * r;
  // Taylor to r^17 / r^16: truncation below 1e-17 on |r| <= pi/4.
  double sp = 1.0 / 355687428096000.0;  // 1/17!
  sp = sp * r2 - 1.0 / 1307674368000.0;
  sp = sp * r2 + 1.0 / 6227020800.0;
  sp = sp * r2 - 1.0 / 39916800.0;
  sp = sp * r2 + 1.0 / 362880.0;
  sp = sp * r2 - 1.0 / 5040.0;
  sp = sp * r2 + 1.0 / 120.0;
  sp = sp * r2 - 1.0 / 6.0;
  const double s = r + r * r2 * sp;
  double cp = 1.0 / 20922789888000.0;  // 1/16!
  cp = cp * r2 - 1.0 / 87178291200.0;
  cp = cp * r2 + 1.0 / 479001600.0;
  cp = cp * r2 - 1.0 / 3628800.0;
  cp = cp * r2 + 1.0 / 40320.0;
  cp = cp * r2 - 1.0 / 720.0;
  cp = cp * r2 + 1.0 / 24.0;
  cp = cp * r2 - 0.5;
  const double c = 1.0 + r2 * cp;
  // Quadrants 0..3 give (s, c), (c, -s), (-s, -c), (-c, s): selects rather than a branch, so
  // loops vectorise.
  const bool odd = quadrant & 1, negate = quadrant & 2;
  const double a = odd ? c : s, b = odd ? -s : c;
  sine = negate ? -a : a;
  cosine = negate ? -b : b;
}

// e^x from IEEE operations: x = k ln2 + r with |r| <= ln2 / 2 (ln2 split in two so that k ln2 is
// exact), a degree-13 Taylor polynomial for e^r (truncation below 2e-17), and 2^k built from its
// bits. 0 below -745 (the smallest subnormal), +inf above 709.78. |error| < 2 ulp.
ENGRAM_HD double exp(double x) {
  if (x < -745.0) return 0.0;
  if (x > 709.782712893384) return 1.0 / 0.0;
  const double k = static_cast<double>(static_cast<int64_t>(x * 1.4426950408889634 + (x < 0 ? -0.5 : 0.5)));
  const double r = (x - k * 0.6931471803691238) - k * 1.9082149292705877e-10;
  // Horner with 1/n! for n = 13 .. 0 (each exact to the last bit of a double).
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k in two factors, so that k down to -1074 (subnormal results) stays representable.
  const int64_t half = static_cast<int64_t>(k) / 2, rest = static_cast<int64_t>(k) - half;
  return p * power_of_two(half) * power_of_two(rest);
}

}  // namespace engram::exact
