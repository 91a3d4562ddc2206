// Conductance-based LIF against its analytic solution, and the exact exp it relies on.
#include <cmath>
#include <cstring>

#include "kernels/common/exact_math.hpp"
#include "kernels/common/neuron_update.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

int64_t ulp_distance(double a, double b) {
  int64_t x, y;
  std::memcpy(&x, &a, 8);
  std::memcpy(&y, &b, 8);
  return x > y ? x - y : y - x;
}

}  // namespace

TEST_CASE("exact::exp agrees with libm within 2 ulp", "[conductance][math]") {
  for (double x = -745.0; x < 709.0; x += 0.37) {
    INFO(x);
    CHECK(ulp_distance(exact::exp(x), std::exp(x)) <= 2);
  }
  for (double x : {0.0, -1e-12, 1e-12, -0.5, 0.5, -20.0, -100.5}) CHECK(ulp_distance(exact::exp(x), std::exp(x)) <= 2);
  CHECK(exact::exp(-800.0) == 0.0);
}

TEST_CASE("conductance LIF relaxes to the analytic steady state under constant conductances", "[conductance]") {
  // With conductances held constant (decay 1), exponential Euler is exact:
  // v(t) = v_inf + (v0 - v_inf) exp(-t g_total / C).
  const double c_m = 100.0, g_leak = 1.0, e_leak = -65.0, e_exc = 0.0, e_inh = -100.0, dt = 0.5;
  const double g_exc = 0.3, g_inh = 0.2, i_ext = 2.0;
  lif_cond_constants k{};
  k.e_leak = float(e_leak);
  k.e_exc = float(e_exc);
  k.e_inh = float(e_inh);
  k.g_leak = float(g_leak);
  k.dt_over_c = float(dt / c_m);
  k.g_exc_decay = 1.0f;
  k.g_inh_decay = 1.0f;
  k.v_reset = -70.0f;
  k.v_thresh = 100.0f;  // never fires
  k.refractory_steps = 0;
  k.lockout_steps = 0;
  k = with_rest_decay(k);
  const double g_total = g_leak + g_exc + g_inh;
  const double v_inf = (g_leak * e_leak + g_exc * e_exc + g_inh * e_inh + i_ext) / g_total;
  float v = -65.0f, ge = 0.0f, gi = 0.0f;
  int32_t refractory = 0;
  for (int step = 1; step <= 4000; ++step) {
    lif_cond_update(v, ge, gi, refractory, float(i_ext), step == 1 ? float(g_exc) : 0.0f, step == 1 ? float(g_inh) : 0.0f, k);
    const double expected = v_inf + (-65.0 - v_inf) * std::exp(-step * dt * g_total / c_m);
    INFO("step " << step);
    REQUIRE(std::fabs(v - expected) < 2e-3);
  }
  CHECK(std::fabs(v - v_inf) < 1e-3);  // the steady state itself (16 time constants)
}

TEST_CASE("conductances decay exactly, jump by the weight, and refractory neurons hold v", "[conductance]") {
  lif_cond_constants k = test::excitatory_cond_constants();
  k.v_thresh = -64.0f;
  k.refractory_steps = 3;
  k.lockout_steps = 3;
  float v = -65.0f, ge = 0.0f, gi = 0.0f;
  int32_t refractory = 0;
  CHECK_FALSE(lif_cond_update(v, ge, gi, refractory, 0.0f, 2.0f, 1.0f, k));
  CHECK(ge == 2.0f * k.g_exc_decay);
  CHECK(gi == 1.0f * k.g_inh_decay);
  // A large excitatory conductance crosses threshold, then v is held for 3 steps.
  CHECK(lif_cond_update(v, ge, gi, refractory, 0.0f, 500.0f, 0.0f, k));
  CHECK(v == -65.0f);
  for (int s = 0; s < 3; ++s) {
    CHECK_FALSE(lif_cond_update(v, ge, gi, refractory, 0.0f, 500.0f, 0.0f, k));
    CHECK(v == -65.0f);
  }
  CHECK(lif_cond_update(v, ge, gi, refractory, 0.0f, 0.0f, 0.0f, k));
}

TEST_CASE("a lif_cond network: inhibition pulls toward e_inh, excitation toward e_exc", "[conductance]") {
  network net;
  net.dt_ms = 0.5;
  net.populations.push_back(spike_source_population("drive", 1, {{0, 1.0}}));
  lif_cond_params p;
  p.v_thresh = 100.0;  // observe the membrane only
  p.v_reset = -80.0;
  net.populations.push_back(lif_cond_population("target", 2, p));
  projection exc;
  exc.name = "exc";
  exc.pre = "drive";
  exc.post = "target";
  exc.connect.type = connector::kind::explicit_list;
  exc.connect.pre = {0};
  exc.connect.post = {0};
  exc.weight = distribution::fixed(20.0);
  projection inh = exc;
  inh.name = "inh";
  inh.sign = transmitter::gaba;
  inh.connect.post = {1};
  net.projections = {exc, inh};
  auto sim = test::cpu_simulator(net);
  sim->run_steps(8);
  const network_state s = sim->export_state();
  CHECK(s.ring_channels == 2);
  CHECK(s.neurons.v[1] > -70.0f + 1.0f);   // depolarised toward 0 mV
  CHECK(s.neurons.v[2] < -70.0f - 1.0f);   // hyperpolarised toward -85 mV
  CHECK(s.neurons.i_syn[1] > 0.0f);        // excitatory conductance
  CHECK(s.neurons.g_inh[2] > 0.0f);        // inhibitory conductance, positive
}

TEST_CASE("a lockout holds v for the refractory period, then lets it integrate but not fire", "[conductance]") {
  lif_cond_constants k = test::excitatory_cond_constants();
  k.g_exc_decay = 1.0f;  // a constant drive far above threshold
  k.g_inh_decay = 1.0f;
  k.v_thresh = -52.0f;
  k.refractory_steps = 2;
  k.lockout_steps = 10;
  float v = -65.0f, ge = 0.0f, gi = 0.0f;
  int32_t refractory = 0;
  int first = -1, second = -1;
  for (int step = 0; step < 40 && second < 0; ++step) {
    const bool fired = lif_cond_update(v, ge, gi, refractory, 0.0f, step == 0 ? 50.0f : 0.0f, 0.0f, k);
    if (fired) (first < 0 ? first : second) = step;
    if (first >= 0 && step == first + 1) CHECK(v == -65.0f);  // held
    if (first >= 0 && step == first + 2) CHECK(v == -65.0f);
    if (first >= 0 && step == first + 3) CHECK(v > -65.0f);   // integrating again
  }
  REQUIRE(first >= 0);
  CHECK(second == first + 11);  // the first step after the lockout of 10 steps
}

TEST_CASE("a resting conductance LIF neuron relaxes by the precomputed factor, bit for bit the exp it replaces",
          "[conductance]") {
  lif_cond_constants k = test::excitatory_cond_constants();
  k.v_thresh = 100.0f;  // never fires
  k.i_bias = 3.0f;      // a drive without conductances: v moves, the shortcut is taken
  CHECK(k.rest_decay == static_cast<float>(exact::exp(-static_cast<double>(k.dt_over_c * k.g_leak))));
  for (const float gi0 : {0.0f, -0.0f}) {  // an inhibitory jump of -0 leaves a negative zero
    float v = -80.0f, ge = 0.0f, gi = gi0;
    int32_t refractory = 0;
    for (int step = 0; step < 200; ++step) {
      const float g_total = k.g_leak + ge + gi;
      const float v_inf = (k.g_leak * k.e_leak + ge * k.e_exc + gi * k.e_inh + k.i_bias) / g_total;
      const float expected = v_inf + (v - v_inf) * static_cast<float>(exact::exp(-static_cast<double>(k.dt_over_c * g_total)));
      lif_cond_update(v, ge, gi, refractory, 0.0f, 0.0f, -0.0f, k);
      REQUIRE(v == expected);
    }
  }
  // and a neuron with a conductance still takes the full formula
  float v = -65.0f, ge = 0.0f, gi = 0.0f;
  int32_t refractory = 0;
  lif_cond_constants wrong = k;
  wrong.rest_decay = 0.0f;  // would snap v to v_inf if it were used
  lif_cond_update(v, ge, gi, refractory, 0.0f, 0.5f, 0.0f, wrong);
  CHECK(v > -65.0f);
  CHECK(v < -60.0f);
}
