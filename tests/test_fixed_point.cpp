// Fixed-point accumulation: the sum does not depend on the order of additions and equals the
// exact sum of the weights' fixed-point values.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "kernels/common/fixed_point.hpp"
#include "tests/catch.hpp"

using namespace engram;

TEST_CASE("fixed-point sums equal the exact sum in every order", "[fixed_point]") {
  std::mt19937_64 gen(12345);
  std::uniform_real_distribution<float> weight(-10.0f, 10.0f);
  std::vector<float> w(10000);
  for (auto& x : w) x = weight(gen);
  w.push_back(1e-7f);  // tiny and large magnitudes together: where float sums lose digits
  w.push_back(-3.0e3f);

  __int128 exact = 0;
  long double reference = 0;
  for (float x : w) {
    exact += to_fixed(x);
    reference += x;
  }
  for (int trial = 0; trial < 20; ++trial) {
    std::shuffle(w.begin(), w.end(), gen);
    int64_t sum = 0;
    for (float x : w) sum += to_fixed(x);
    REQUIRE(static_cast<__int128>(sum) == exact);
  }
  // The fixed-point value of each weight is exact to 2^-32, so the total is too (per term).
  CHECK(std::fabs(static_cast<long double>(from_fixed(static_cast<int64_t>(exact))) - reference) <
        w.size() * 2.4e-10L + 1e-9L);
}

TEST_CASE("float weights convert to fixed point exactly down to 2^-32", "[fixed_point]") {
  // Floats of magnitude >= 2^-8 have no bits below 2^-32: exact. Smaller ones lose under 2^-32.
  for (float x : {0.5f, -0.25f, 6.0f, -5.0f, 1.2345678f, 0.00390625f, 1000.0f}) {
    CHECK(from_fixed(to_fixed(x)) == static_cast<double>(x));
  }
  for (float x : {1e-3f, -7.7e-5f, 3e-9f}) {
    CHECK(std::fabs(from_fixed(to_fixed(x)) - static_cast<double>(x)) < 1.0 / 4294967296.0);
  }
}
