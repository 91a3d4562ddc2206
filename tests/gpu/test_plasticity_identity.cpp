// Plasticity on the GPU gives the CPU's spikes, weights and plastic state bit for bit, rule by
// rule, and a plastic state moves between the backends exactly. (tests/test_plasticity_emulation.cpp
// checks the plasticity kernels' thread bodies on the host; these check the device itself.)
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

// Runs `net` for `steps` on a backend with the shared reward schedule (test::run_with_rewards).
outcome simulate_rewarded(const network& net, backend_kind kind, uint64_t steps) {
  simulator sim(net, make(kind));
  test::run_with_rewards(sim, steps);
  outcome o;
  o.spikes = sim.drain_spikes();
  o.state = sim.export_state();
  o.spikes_total = sim.spikes_total();
  o.events = sim.synaptic_events();
  return o;
}

void check_identical(const network& net, uint64_t steps) {
  const outcome cpu = simulate_rewarded(net, backend_kind::cpu, steps);
  const outcome gpu = simulate_rewarded(net, backend_kind::cuda, steps);
  INFO("first divergence: " << difference(cpu, gpu));
  REQUIRE(cpu.spikes.size() > 0);
  CHECK(difference(cpu, gpu).empty());
}

bool skip_without_plasticity() {
  if (cuda_runs_plasticity()) return false;
  WARN("this build's CUDA backend does not run plasticity: not compared");
  return true;
}

plasticity_config stdp_variant(stdp_rule::pairing pairs, stdp_rule::bounds bound) {
  plasticity_config c = test::additive_stdp(0.02, 0.021, 16.0, 33.0);
  c.stdp.pairs = pairs;
  c.stdp.bound = bound;
  return c;
}

}  // namespace

TEST_CASE("STDP variants with mixed delays: CPU and CUDA agree", "[gpu][identity][plasticity]") {
  if (skip_without_plasticity()) return;
  for (auto pairs : {stdp_rule::pairing::all_to_all, stdp_rule::pairing::nearest})
    for (auto bound : {stdp_rule::bounds::additive, stdp_rule::bounds::multiplicative}) {
      INFO("nearest " << (pairs == stdp_rule::pairing::nearest) << ", multiplicative " << (bound == stdp_rule::bounds::multiplicative));
      std::vector<test::pairing> pairings;
      for (uint16_t d : {1, 4, 9, 17}) pairings.push_back({{20.0, 60.0, 95.0}, {25.0, 52.0, 101.0}, d});
      check_identical(test::pairing_network(pairings, stdp_variant(pairs, bound), 0.5f, 3), 400);
    }
}

TEST_CASE("every rule at once (R-STDP, contingency, BCM, scaling, derivative, STP, normalisation, thresholds)",
          "[gpu][identity][plasticity]") {
  if (skip_without_plasticity()) return;
  check_identical(test::every_rule_network(), 4000);
}

TEST_CASE("the learning models with plasticity on: CPU and CUDA agree", "[gpu][identity][plasticity]") {
  if (skip_without_plasticity()) return;
  check_identical(plastic_model("polychronization", 5), 3000);
  check_identical(plastic_model("polychronization", 5, {"n=20000"}), 1000);
  check_identical(plastic_model("rstdp_pavlovian", 5), 3000);
}

TEST_CASE("a plastic state exported by one backend continues exactly on the other", "[gpu][resume][plasticity]") {
  if (skip_without_plasticity()) return;
  const network net = test::every_rule_network();
  const uint64_t half = 1500;
  for (auto [first, second] : {std::pair{backend_kind::cpu, backend_kind::cuda}, std::pair{backend_kind::cuda, backend_kind::cpu}}) {
    simulator straight(net, make(backend_kind::cpu));
    test::run_with_rewards(straight, 2 * half);
    simulator a(net, make(first));
    test::run_with_rewards(a, half);
    simulator b(a.export_state(), make(second));
    test::run_with_rewards(b, half);
    const std::string d = state_difference(straight.export_state(), b.export_state());
    INFO("first divergence: " << d);
    CHECK(d.empty());
  }
}
