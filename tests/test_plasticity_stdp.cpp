// STDP: the pairing window against A+ exp(-dt/tau+) and -A- exp(dt/tau-), timed from the
// presynaptic ARRIVAL (delay included), for both pairings, both bounds and the spnet derivative.
#include <cmath>

#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using test::pairing;

namespace {

constexpr double a_plus = 0.01, a_minus = 0.012, tau_plus = 20.0, tau_minus = 30.0;

double window(double dt) { return dt >= 0 ? a_plus * std::exp(-dt / tau_plus) : -a_minus * std::exp(dt / tau_minus); }

// One pairing per dt in [-50, 50]: arrival at 100 ms, post spike at 100 + dt.
std::vector<pairing> window_protocol(bool delays) {
  std::vector<pairing> pairs;
  for (int dt = -50; dt <= 50; ++dt)
    pairs.push_back({{100.0}, {100.0 + dt}, static_cast<uint16_t>(delays ? 1 + (dt + 50) % 20 : 1)});
  return pairs;
}

void check_window(const plasticity_config& rule, bool delays, uint32_t fan_out) {
  const float w0 = 0.5f;
  const auto pairs = window_protocol(delays);
  auto sim = test::cpu_simulator(test::pairing_network(pairs, rule, w0, fan_out));
  sim->run_steps(200);
  const network_state s = sim->export_state();
  const bool mult = rule.stdp.bound == stdp_rule::bounds::multiplicative;
  for (uint32_t k = 0; k < pairs.size(); ++k) {
    const double dt = pairs[k].post_ms[0] - pairs[k].pre_arrivals_ms[0];
    const double factor = mult ? 0.5 : 1.0;  // (w_max - w0) or (w0 - w_min), both 0.5
    INFO("dt " << dt << " delay " << pairs[k].delay);
    CHECK(test::weight_of(s, 0, k, k) - w0 == Approx(window(dt) * factor).margin(2e-7).epsilon(1e-4));
    for (uint32_t f = 0; f < fan_out; ++f)
      CHECK(test::weight_of(s, 0, k, test::silent_post(static_cast<uint32_t>(pairs.size()), fan_out, k, f)) == w0);
  }
}

}  // namespace

TEST_CASE("the STDP window: A+ exp(-dt/tau+) for dt >= 0, -A- exp(dt/tau-) before, dt from the arrival", "[plasticity][stdp]") {
  plasticity_config rule = test::additive_stdp(a_plus, a_minus, tau_plus, tau_minus);
  SECTION("delay 1, all-to-all, additive") { check_window(rule, false, 0); }
  SECTION("delays 1..20 with mixed-delay rows, all-to-all, additive") { check_window(rule, true, 3); }
  SECTION("delays 1..20, nearest, additive") {
    rule.stdp.pairs = stdp_rule::pairing::nearest;
    check_window(rule, true, 2);
  }
  SECTION("delays 1..20, multiplicative") {
    rule.stdp.bound = stdp_rule::bounds::multiplicative;
    check_window(rule, true, 2);
  }
}

TEST_CASE("BCM: a neuron far below its target rate potentiates max_gain times more, depresses max_gain times less", "[plasticity][stdp][bcm]") {
  plasticity_config rule = test::additive_stdp(a_plus, a_minus, tau_plus, tau_minus);
  rule.bcm.enabled = true;
  rule.bcm.target_hz = 5;
  rule.bcm.max_gain = 4;
  const auto pairs = window_protocol(true);
  auto sim = test::cpu_simulator(test::pairing_network(pairs, rule, 0.5f));
  sim->run_steps(200);
  const network_state s = sim->export_state();
  for (uint32_t k = 0; k < pairs.size(); ++k) {
    // one post spike: a rate estimate of about 1 Hz at most, m = clamp((1/5)^2, 1/4, 4) = 1/4
    const double dt = pairs[k].post_ms[0] - pairs[k].pre_arrivals_ms[0];
    INFO("dt " << dt);
    CHECK(test::weight_of(s, 0, k, k) - 0.5 == Approx(window(dt) * (dt >= 0 ? 4.0 : 0.25)).margin(2e-7).epsilon(1e-4));
  }
}

TEST_CASE("all-to-all sums every earlier partner, nearest pairs with the latest only", "[plasticity][stdp]") {
  // Pair 0: arrivals at 90 and 100, post at 110 (LTP only). Pair 1: post at 80 and 85, arrival at 100 (LTD only).
  const std::vector<pairing> pairs = {{{90.0, 100.0}, {110.0}, 7}, {{100.0}, {80.0, 85.0}, 12}};
  for (bool nearest : {false, true}) {
    plasticity_config rule = test::additive_stdp(a_plus, a_minus, tau_plus, tau_minus);
    if (nearest) rule.stdp.pairs = stdp_rule::pairing::nearest;
    auto sim = test::cpu_simulator(test::pairing_network(pairs, rule, 0.5f, 1));
    sim->run_steps(150);
    const network_state s = sim->export_state();
    const double ltp = nearest ? window(10) : window(10) + window(20);
    const double ltd = nearest ? window(-15) : window(-15) + window(-20);
    INFO((nearest ? "nearest" : "all-to-all"));
    CHECK(test::weight_of(s, 0, 0, 0) - 0.5 == Approx(ltp).epsilon(1e-4));
    CHECK(test::weight_of(s, 0, 1, 1) - 0.5 == Approx(ltd).epsilon(1e-4));
  }
}

TEST_CASE("weights stay within [w_min, w_max]", "[plasticity][stdp]") {
  plasticity_config rule = test::additive_stdp(0.3, 0.3, 20, 20);
  std::vector<pairing> pairs = {{{}, {}, 3}, {{}, {}, 3}};
  for (int i = 0; i < 10; ++i) {
    pairs[0].pre_arrivals_ms.push_back(50.0 + 20 * i);  // causal: LTP every time
    pairs[0].post_ms.push_back(52.0 + 20 * i);
    pairs[1].pre_arrivals_ms.push_back(52.0 + 20 * i);  // acausal: LTD every time
    pairs[1].post_ms.push_back(50.0 + 20 * i);
  }
  auto sim = test::cpu_simulator(test::pairing_network(pairs, rule, 0.5f));
  sim->run_steps(300);
  const network_state s = sim->export_state();
  CHECK(test::weight_of(s, 0, 0, 0) == 1.0f);
  CHECK(test::weight_of(s, 0, 1, 1) == 0.0f);
}

TEST_CASE("spnet derivative: changes accumulate in sd and land once per period as w += bias + sd", "[plasticity][stdp]") {
  plasticity_config rule = test::additive_stdp(0.1, 0.12, 20, 20);
  rule.stdp.applies_to = stdp_rule::target::derivative;
  rule.stdp.derivative_period_ms = 200;
  rule.stdp.derivative_bias = 0.01;
  rule.stdp.derivative_decay = 0.9;
  rule.w_max = 10;
  const std::vector<pairing> pairs = {{{50.0}, {55.0}, 4}};  // LTP 0.1 exp(-5/20)
  auto sim = test::cpu_simulator(test::pairing_network(pairs, rule, 5.0f));
  sim->run_steps(199);
  CHECK(test::weight_of(sim->export_state(), 0, 0, 0) == 5.0f);  // nothing lands before the period ends
  CHECK(sim->export_state().plasticity.projections[0].synapse_aux[0] == Approx(window(5) * 10).epsilon(1e-5));
  sim->run_steps(1);
  const double sd = 0.1 * std::exp(-5.0 / 20.0);
  CHECK(test::weight_of(sim->export_state(), 0, 0, 0) == Approx(5.0 + 0.01 + sd).epsilon(1e-6));
  sim->run_steps(200);  // sd decayed by 0.9
  CHECK(test::weight_of(sim->export_state(), 0, 0, 0) == Approx(5.0 + 0.01 + sd + 0.01 + 0.9 * sd).epsilon(1e-6));
}

TEST_CASE("a frozen projection keeps its weights until unfrozen", "[plasticity][stdp]") {
  plasticity_config rule = test::additive_stdp(a_plus, a_minus, tau_plus, tau_minus);
  rule.frozen = true;
  const std::vector<pairing> pairs = {{{50.0, 150.0}, {55.0, 155.0}, 2}};
  auto sim = test::cpu_simulator(test::pairing_network(pairs, rule, 0.5f));
  sim->run_steps(100);
  CHECK(test::weight_of(sim->export_state(), 0, 0, 0) == 0.5f);
  sim->unfreeze("plastic");
  sim->run_steps(100);
  // traces ran while frozen: the second pairing also sees the first spikes
  CHECK(test::weight_of(sim->export_state(), 0, 0, 0) - 0.5 == Approx(window(5) + window(105) + window(-95)).epsilon(1e-4));
  sim->freeze("plastic");
  CHECK_THROWS_AS(sim->freeze("teach"), invalid_parameter);
}
