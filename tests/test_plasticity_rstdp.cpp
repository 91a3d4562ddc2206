// Reward-modulated STDP: a reward after a pairing changes only the eligible synapse, by the
// amount the eligibility and dopamine traces predict, with the sign of the dopamine.
#include <cmath>

#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using test::pairing;

namespace {

constexpr double a_plus = 0.01, tau_e = 1000.0, tau_d = 200.0;

plasticity_config rstdp(double apply_every_ms) {
  plasticity_config c = test::additive_stdp(a_plus, 0.012, 20, 20);
  c.stdp.applies_to = stdp_rule::target::eligibility;
  c.rstdp.tau_e_ms = tau_e;
  c.rstdp.apply_every_ms = apply_every_ms;
  c.w_max = 10;
  return c;
}

// Synapse 0 is paired causally (arrival 100, post 105); synapse 1 only sees presynaptic spikes;
// synapse 2 only postsynaptic ones. None of them is eligible but the first.
const std::vector<pairing> protocol = {{{100.0}, {105.0}, 3}, {{100.0}, {}, 3}, {{}, {105.0}, 3}};

// Runs to step `reward_step`, delivers `amount`, runs `after` more steps; returns the 3 weights.
std::vector<float> weights_after(double amount, double apply_every_ms, uint64_t reward_step, uint64_t after) {
  auto sim = test::cpu_simulator(test::pairing_network(protocol, rstdp(apply_every_ms), 2.0f));
  sim->run_steps(reward_step);
  const network_state before = sim->export_state();
  for (uint32_t k = 0; k < 3; ++k) REQUIRE(test::weight_of(before, 0, k, k) == 2.0f);  // eligibility alone changes nothing
  if (amount > 0) sim->reward(amount);
  else sim->punish(-amount);
  sim->run_steps(after);
  const network_state s = sim->export_state();
  return {test::weight_of(s, 0, 0, 0), test::weight_of(s, 0, 1, 1), test::weight_of(s, 0, 2, 2)};
}

// Sum over the application steps t >= reward_step (t mod P = P - 1) of the phasic dopamine
// x lambda_d^(t - reward_step) times the eligibility c0 lambda_e^(t - 105) of the pairing at 105.
double predicted(double amount, uint64_t reward_step, uint32_t period, uint64_t after) {
  const double c0 = a_plus * std::exp(-5.0 / 20.0);
  const double le = std::exp(-1.0 / tau_e), ld = std::exp(-1.0 / tau_d);
  double sum = 0;
  for (uint64_t t = reward_step; t < reward_step + after; ++t)
    if (t % period == period - 1) sum += amount * std::pow(ld, double(t - reward_step)) * c0 * std::pow(le, double(t - 105));
  return sum;
}

}  // namespace

TEST_CASE("R-STDP: a delayed reward changes only the eligible synapse, with the sign of the dopamine", "[plasticity][rstdp]") {
  SECTION("reward") {
    const auto w = weights_after(1.0, 0, 400, 6000);
    CHECK(w[0] - 2.0 == Approx(predicted(1.0, 400, 1, 6000)).epsilon(2e-3));
    CHECK(w[1] == 2.0f);
    CHECK(w[2] == 2.0f);
  }
  SECTION("punishment") {
    const auto w = weights_after(-1.0, 0, 400, 6000);
    CHECK(w[0] - 2.0 == Approx(-predicted(1.0, 400, 1, 6000)).epsilon(2e-3));
    CHECK(w[1] == 2.0f);
    CHECK(w[2] == 2.0f);
  }
  SECTION("applied every 10 ms, as in Izhikevich's daspnet") {
    // Ten times fewer applications, each with the exact eligibility of its step.
    const auto w = weights_after(1.0, 10, 400, 6000);
    CHECK(w[0] - 2.0 == Approx(predicted(1.0, 400, 10, 6000)).epsilon(2e-3));
    CHECK(w[1] == 2.0f);
  }
}

TEST_CASE("dopamine channels: rewards go to the named channel only", "[plasticity][rstdp]") {
  network net = test::pairing_network(protocol, rstdp(0), 2.0f);
  net.dopamine.push_back({"other", 0.0, 200.0});
  auto sim = test::cpu_simulator(net);
  sim->run_steps(400);
  sim->reward(1.0, "other");  // the plastic projection listens to the global channel
  sim->run_steps(5000);
  CHECK(test::weight_of(sim->export_state(), 0, 0, 0) == 2.0f);
  CHECK_THROWS_AS(sim->reward(1.0, "nope"), invalid_parameter);
  const network_state s = sim->export_state();
  REQUIRE(s.plasticity.dopamine.size() == 2);
  CHECK(s.plasticity.dopamine[1].level == 0.0f);  // the reward decayed back to the baseline exactly
}

TEST_CASE("a reward contingency releases dopamine after the configured delay", "[plasticity][rstdp]") {
  network net = test::pairing_network({{{100.0}, {110.0}, 1}}, rstdp(0), 2.0f);
  // the post neuron fires 10 ms after the pre SOURCE spike at 99 ms: inside a 20 ms window
  reward_contingency r;
  r.pre_population = "pre";
  r.post_population = "post";
  r.window_ms = 20;
  r.delay_min_ms = 300;
  r.delay_max_ms = 300;
  r.amount = 0.5;
  net.contingencies.push_back(r);
  auto sim = test::cpu_simulator(net);
  sim->run_steps(410);  // steps 0..409
  CHECK(sim->export_state().plasticity.contingencies[0].pending == std::vector<uint64_t>{410});
  CHECK(sim->export_state().plasticity.dopamine[0].level == 0.0f);
  sim->run_steps(1);
  const network_state s = sim->export_state();
  CHECK(s.plasticity.contingencies[0].released == 1);
  CHECK(s.plasticity.dopamine[0].level == Approx(0.5 * std::exp(-1.0 / tau_d)));
  CHECK(test::weight_of(s, 0, 0, 0) > 2.0f);
}
