#pragma once
// Transcendentals built from IEEE +, -, *, / and sqrt only, so host and device agree to the bit
// (libm and CUDA's math library do not). Used where a random transform must match across backends.
#include <cstdint>
#include <cstring>

#include "engine/hd.hpp"

namespace engram::exact {

// Natural logarithm of x > 0 (finite, normal). |error| < 2 ulp.
ENGRAM_HD double log(double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int exponent = static_cast<int>((bits >> 52) & 0x7FF) - 1023;
  bits = (bits & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;  // mantissa in [1, 2)
  double m;
  memcpy(&m, &bits, sizeof m);
  if (m > 1.4142135623730951) {  // centre on 1: m in [sqrt(1/2), sqrt(2)]
    m *= 0.5;
    ++exponent;
  }
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
  switch (quadrant) {
    case 0: sine = s; cosine = c; break;
    case 1: sine = c; cosine = -s; break;
    case 2: sine = -s; cosine = -c; break;
    default: sine = -c; cosine = s; break;
  }
}

}  // namespace engram::exact
