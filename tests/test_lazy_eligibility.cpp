// R-STDP's lazy eligibility (the grid backend's, kernels/common/plasticity_eligibility.hpp)
// against the eager sweep the CPU runs, bit for bit: the functions the backends call, driven
// synapse by synapse through long stretches at the dopamine reference (where the lazy scheme
// sweeps only every 128 periods), rewards, freezes, values that decay to 0, exports at any time
// and reloads.
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/rng.hpp"
#include "kernels/common/plasticity_reward.hpp"
#include "tests/catch.hpp"

using namespace engram;

namespace {

uint32_t bits(float x) {
  uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// A uniform draw in [0, 1), keyed by (k, a, b).
double draw(uint64_t a, uint64_t b, uint32_t k) {
  const philox_block r = random_block(7, rng_purpose::reward_delay, k, static_cast<uint32_t>(a), b);
  return uniform_open1(r.x[0], r.x[1]);
}

struct synapse {
  float w = 2.0f, c = 0.0f;  // eager
  float lazy_w = 2.0f, lazy_c = 0.0f;
  uint8_t c_clock = 0;
};

}  // namespace

TEST_CASE("lazy eligibility equals the eager sweep bit for bit", "[plasticity][rstdp][eligibility]") {
  stdp_constants k;
  k.enabled = 1;
  k.target = 2;
  k.w_min = 0;
  k.w_max = 10;
  for (float decay : {0.99f, 0.5f}) {  // 0.5: quiet synapses decay to exactly 0 within a stretch
    INFO("decay per period " << decay);
    std::vector<synapse> s(40);
    uint8_t clock = 0;
    uint64_t sweeps = 0;
    const uint64_t periods = 3000;
    for (uint64_t p = 0; p < periods; ++p) {
      // Events: synapse j is active in some stretches only (some go quiet for over 256 periods).
      for (uint32_t j = 0; j < s.size(); ++j) {
        if (((p / 300 + j) % 3 != 0) || draw(p, j, 1) > 0.3) continue;
        const float dw = static_cast<float>(draw(p, j, 2) - 0.4);
        const event_time at{static_cast<float>(draw(p, j, 3)), clock, decay, 1.0f};  // open: no protection
        stdp_apply(k, s[j].w, {&s[j].c, nullptr}, dw, at);  // the CPU's: always current
        stdp_apply(k, s[j].lazy_w, {&s[j].lazy_c, &s[j].c_clock}, dw, at);
      }
      // The period's end: dopamine at its reference most of the time, rewards and punishments in
      // bursts, the entry frozen for a while.
      const bool burst = p % 500 >= 480;
      const float modulation = burst ? static_cast<float>(draw(p, 0, 4) - 0.5) : 0.0f;
      const bool frozen = p >= 1900 && p < 2000;
      for (synapse& x : s) eligibility_apply(k, x.w, x.c, modulation, frozen, decay);  // the CPU's sweep
      if (eligibility_sweep_due(modulation, frozen, clock)) {
        ++sweeps;
        for (synapse& x : s) eligibility_apply_late(k, x.lazy_w, x.lazy_c, x.c_clock, clock, modulation, frozen, decay);
      }
      clock = static_cast<uint8_t>(clock + 1u);
      // An export (and, now and then, a load of what it exported: every value current at clock 0).
      if (p % 97 == 41 || p + 1 == periods) {
        for (uint32_t j = 0; j < s.size(); ++j) {
          INFO("period " << p << ", synapse " << j);
          REQUIRE(bits(eligibility_at(s[j].lazy_c, s[j].c_clock, clock, decay)) == bits(s[j].c));
          REQUIRE(bits(s[j].lazy_w) == bits(s[j].w));
        }
        if (p % 3 == 0) {
          for (synapse& x : s) {
            x.lazy_c = eligibility_at(x.lazy_c, x.c_clock, clock, decay);
            x.c_clock = 0;
          }
          clock = 0;
        }
      }
    }
    // The weights moved (the test compares something), and most periods touched no synapse.
    uint32_t moved = 0;
    for (const synapse& x : s) moved += x.w != 2.0f;
    CHECK(moved > 10);
    CHECK(sweeps < periods / 4);
  }
}

TEST_CASE("a lazy eligibility is brought up to date one period's decay at a time", "[plasticity][rstdp][eligibility]") {
  CHECK(eligibility_at(1.0f, 3, 3, 0.5f) == 1.0f);
  CHECK(eligibility_at(1.0f, 3, 5, 0.5f) == 0.25f);
  CHECK(eligibility_at(1.0f, 250, 2, 0.5f) == 0.125f * 0.125f * 0.25f);  // across the clock's wrap: 8 periods
  CHECK(bits(eligibility_at(-0.0f, 0, 1, 0.5f)) == bits(0.0f));          // as a decay would make it
  CHECK(eligibility_at(1e-29f, 0, 200, 0.5f) == 0.0f);                   // below 1e-30: exactly 0
  CHECK(eligibility_sweep_due(0.0f, false, 127));                        // the catch-up every 128 periods
  CHECK_FALSE(eligibility_sweep_due(0.0f, false, 128));
  CHECK_FALSE(eligibility_sweep_due(0.3f, true, 5));                     // frozen: decays only, later
  CHECK(eligibility_sweep_due(-0.3f, false, 5));
}
