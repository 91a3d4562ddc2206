// Decaying state never becomes a subnormal float: below 1e-30 it is exactly 0 (kernels/common/decay.hpp).
#include <cmath>

#include "kernels/common/decay.hpp"
#include "kernels/common/neuron_update.hpp"
#include "kernels/common/plasticity_homeostasis.hpp"
#include "kernels/common/plasticity_stdp.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

bool subnormal(float x) { return std::fpclassify(x) == FP_SUBNORMAL; }

}  // namespace

TEST_CASE("a decayed value below 1e-30 is exactly zero, larger values decay as plain products", "[decay]") {
  CHECK(decayed(1.0f, 0.5f) == 0.5f);
  CHECK(decayed(-3.0f, 0.25f) == -0.75f);
  CHECK(decayed(2e-30f, 0.9f) == 2e-30f * 0.9f);
  CHECK(decayed(1e-30f, 0.5f) == 0.0f);
  CHECK(decayed(-1e-30f, 0.5f) == 0.0f);
  CHECK(decayed(0.0f, 0.5f) == 0.0f);
}

TEST_CASE("traces, conductances and thresholds reach zero without passing through subnormals", "[decay]") {
  float trace = 1.0f, theta = 1.0f;
  const float lambda = std::exp(-1.0f / 20.0f);
  bool any_subnormal = false;
  for (int step = 0; step < 4000; ++step) {  // 200 time constants
    trace = trace_step(trace, false, lambda, true);
    theta = theta_step(theta, false, lambda, 0.05f);
    any_subnormal = any_subnormal || subnormal(trace) || subnormal(theta);
  }
  CHECK_FALSE(any_subnormal);
  CHECK(trace == 0.0f);
  CHECK(theta == 0.0f);

  lif_cond_constants k = test::excitatory_cond_constants();
  k.v_thresh = -52.0f;
  float v = -65, g_exc = 0, g_inh = 0;
  int32_t refractory = 0;
  lif_cond_update(v, g_exc, g_inh, refractory, 0.0f, 0.5f, 0.5f, k);  // one input on each channel
  for (int step = 0; step < 1000 && (g_exc != 0.0f || g_inh != 0.0f); ++step) {
    lif_cond_update(v, g_exc, g_inh, refractory, 0.0f, 0.0f, 0.0f, k);
    any_subnormal = any_subnormal || subnormal(g_exc) || subnormal(g_inh) || subnormal(v);
  }
  CHECK_FALSE(any_subnormal);
  CHECK(g_exc == 0.0f);
  CHECK(g_inh == 0.0f);
}
