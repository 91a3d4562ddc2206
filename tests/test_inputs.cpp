// Inputs and the LIF neuron: rates, windows, moments and the exact LIF solution.
#include <algorithm>
#include <cmath>

#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

// A LIF population whose membrane only integrates (no threshold reached), to read inputs back.
lif_params passive() {
  lif_params l;
  l.v_thresh = 1e6;
  l.v_reset = -70;
  return l;
}

}  // namespace

TEST_CASE("a step current acts only inside its window", "[inputs]") {
  network net;
  net.dt_ms = 0.1;
  net.populations.push_back(lif_population("n", 1, passive()));
  input step;
  step.type = input::kind::current;
  step.population = "n";
  step.amplitude = 250;  // pA
  step.start_ms = 10;
  step.stop_ms = 60;
  net.inputs.push_back(step);
  auto sim = test::cpu_simulator(net);
  sim->run_steps(100);  // 10 ms: nothing yet
  CHECK(sim->export_state().neurons.v[0] == Approx(-65.0f));
  sim->run_steps(500);  // 50 ms of 250 pA into R = tau/C = 40 MOhm: v -> -65 + 10 mV (5 tau)
  const float expected = -65.0f + 10.0f * (1.0f - std::exp(-50.0f / 10.0f));
  CHECK(sim->export_state().neurons.v[0] == Approx(expected).epsilon(1e-4));
  sim->run_steps(500);
  CHECK(sim->export_state().neurons.v[0] == Approx(-65.0f + 10.0f * (1 - std::exp(-5.0f)) * std::exp(-5.0f)).epsilon(1e-4));
}

TEST_CASE("LIF firing rate matches the analytic value under constant current", "[inputs][lif]") {
  lif_params l;
  l.i_bias = 500;  // pA: steady state 20 mV above rest, threshold 15 mV above
  l.t_ref = 2.0;
  network net;
  net.dt_ms = 0.01;
  net.populations.push_back(lif_population("n", 1, l));
  auto sim = test::cpu_simulator(net);
  sim->run_steps(100000);  // 1 s
  const double isi = l.t_ref + l.tau_m * std::log(20.0 / (20.0 - 15.0));
  CHECK(static_cast<double>(sim->spikes_total()) == Approx(1000.0 / isi).margin(2));
}

TEST_CASE("Poisson input delivers rate x dt events per step on average", "[inputs]") {
  network net;
  net.populations.push_back(lif_population("n", 20000, passive()));
  input p;
  p.type = input::kind::poisson;
  p.population = "n";
  p.rate_hz = 800;  // 0.8 events per 1 ms step
  p.weight = 2.0;
  net.inputs.push_back(p);
  auto sim = test::cpu_simulator(net);
  sim->step();  // one step from rest: i_syn = events x weight
  const auto s = sim->export_state();
  double m1 = 0, m2 = 0;
  for (float x : s.neurons.i_syn) {
    const double k = x / 2.0;
    REQUIRE(k == std::floor(k));
    m1 += k;
    m2 += k * k;
  }
  const double mean = m1 / 20000, var = m2 / 20000 - mean * mean;
  CHECK(mean == Approx(0.8).margin(0.02));
  CHECK(var == Approx(0.8).margin(0.04));  // Poisson: variance = mean
}

// The current `in` injects into each of 20000 passive LIF neurons in one step, read back from v.
struct current_moments {
  double mean, sd, lo, hi;
};
current_moments injected(input in) {
  network net;
  net.populations.push_back(lif_population("n", 20000, passive()));
  in.population = "n";
  net.inputs.push_back(in);
  auto sim = test::cpu_simulator(net);
  sim->step();
  const auto s = sim->export_state();
  const double gain = s.populations[0].p_vbias;  // mV per pA for one step
  double m1 = 0, m2 = 0, lo = 1e300, hi = -1e300;
  for (float v : s.neurons.v) {
    const double i = (v + 65.0) / gain;
    m1 += i;
    m2 += i * i;
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  const double mean = m1 / 20000;
  return {mean, std::sqrt(m2 / 20000 - mean * mean), lo, hi};
}

TEST_CASE("noise current has the requested mean and s.d.", "[inputs]") {
  input noise;
  noise.type = input::kind::noise;
  noise.mean = 100;
  noise.sd = 40;
  const auto m = injected(noise);
  CHECK(m.mean == Approx(100).margin(1.0));
  CHECK(m.sd == Approx(40).margin(1.0));
}

TEST_CASE("uniform noise covers mean +- amplitude / 2 with the uniform variance", "[inputs]") {
  input noise;
  noise.type = input::kind::uniform_noise;
  noise.mean = 10;
  noise.amplitude = 13;
  const auto m = injected(noise);
  CHECK(m.mean == Approx(10).margin(0.15));
  CHECK(m.sd == Approx(13 / std::sqrt(12.0)).margin(0.1));
  CHECK(m.lo >= 10 - 6.5 - 1e-3);
  CHECK(m.hi <= 10 + 6.5 + 1e-3);
  CHECK(m.lo < 10 - 6.4);
  CHECK(m.hi > 10 + 6.4);
}

TEST_CASE("random pulses hit pulses_per_step neurons each step", "[inputs]") {
  network net;
  net.populations.push_back(lif_population("n", 1000, passive()));
  input pulse;
  pulse.type = input::kind::random_pulse;
  pulse.population = "n";
  pulse.amplitude = 1000;
  pulse.pulses_per_step = 3;
  net.inputs.push_back(pulse);
  auto sim = test::cpu_simulator(net);
  sim->step();
  int touched = 0;
  for (float v : sim->export_state().neurons.v) touched += v > -64.0f;
  CHECK(touched >= 1);
  CHECK(touched <= 3);
}

TEST_CASE("rate encoder and Poisson sources fire at the encoded rates", "[inputs]") {
  network net;
  net.populations.push_back(rate_encoder("pixels", {0.0f, 0.25f, 1.0f}, 100.0, 200));
  auto sim = test::cpu_simulator(net);
  sim->run_steps(2000);  // 2 s
  const spike_record r = sim->drain_spikes();
  double count[3] = {0, 0, 0};
  for (uint32_t n : r.neuron) count[n / 200] += 1;
  CHECK(count[0] == 0);
  CHECK(count[1] / 200 / 2.0 == Approx(25).margin(1.5));
  CHECK(count[2] / 200 / 2.0 == Approx(100).margin(3));
  CHECK_THROWS_AS(rate_encoder("bad", {1.5f}, 10.0), invalid_parameter);
}
