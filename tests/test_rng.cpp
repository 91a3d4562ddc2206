// Philox4x32-10 against the Random123 known-answer vectors, and the exact transforms against libm.
#include <cmath>
#include <vector>

#include "engine/rng.hpp"
#include "kernels/common/exact_math.hpp"
#include "kernels/common/random_transforms.hpp"
#include "tests/catch.hpp"

using namespace engram;

TEST_CASE("Philox4x32-10 matches the Random123 known-answer tests", "[rng]") {
  struct kat {
    philox_block ctr;
    uint32_t k0, k1;
    philox_block expected;
  };
  const kat cases[] = {
      {{{0, 0, 0, 0}}, 0, 0, {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, 0xffffffff, 0xffffffff,
       {{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, 0xa4093822, 0x299f31d0,
       {{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}}},
  };
  for (const auto& c : cases) {
    const philox_block out = philox4x32_10(c.ctr, c.k0, c.k1);
    for (int i = 0; i < 4; ++i) CHECK(out.x[i] == c.expected.x[i]);
  }
}

TEST_CASE("uniforms stay in their intervals and have the right mean", "[rng]") {
  double sum = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const philox_block b = random_block(42, rng_purpose::noise_current, 3, static_cast<uint32_t>(i), 7);
    const double u = uniform_open1(b.x[0], b.x[1]);
    const double v = uniform_open0(b.x[2], b.x[3]);
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    REQUIRE(v > 0.0);
    REQUIRE(v <= 1.0);
    sum += u;
  }
  CHECK(sum / n == Approx(0.5).margin(0.005));
}

TEST_CASE("exact log and sincos agree with libm to a few ulp", "[rng]") {
  for (double x : {1e-300, 1e-16, 0.001, 0.3, 0.5, 0.70710678, 0.999999, 1.0, 1.4142, 2.0, 10.0, 12345.678}) {
    CHECK(exact::log(x) == Approx(std::log(x)).epsilon(1e-15).margin(1e-15));
  }
  for (int i = 0; i < 4096; ++i) {
    const double u = i / 4096.0 + 1e-5;
    double s, c;
    exact::sincos_2pi(u, s, c);
    CHECK(s == Approx(std::sin(2 * M_PI * u)).margin(1e-14));
    CHECK(c == Approx(std::cos(2 * M_PI * u)).margin(1e-14));
  }
}

TEST_CASE("standard normal and Poisson variates have the right moments", "[rng]") {
  const int n = 200000;
  double m1 = 0, m2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = standard_normal(random_block(7, rng_purpose::noise_current, 0, static_cast<uint32_t>(i), 0));
    m1 += z;
    m2 += z * z;
  }
  CHECK(m1 / n == Approx(0.0).margin(0.01));
  CHECK(m2 / n == Approx(1.0).margin(0.01));

  const double lambda = 3.5;
  double p1 = 0, p2 = 0;
  for (int i = 0; i < n; ++i) {
    const double k = poisson_count(std::exp(-lambda), 9, rng_purpose::poisson_input, 0, static_cast<uint32_t>(i), 0);
    p1 += k;
    p2 += k * k;
  }
  const double mean = p1 / n;
  CHECK(mean == Approx(lambda).epsilon(0.01));
  CHECK(p2 / n - mean * mean == Approx(lambda).epsilon(0.02));
}
