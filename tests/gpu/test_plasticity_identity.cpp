// Plasticity on the GPU gives the CPU's spikes, weights and plastic state bit for bit, rule by
// rule, and a plastic state moves between the backends exactly. (tests/test_cuda_emulation.cpp
// checks the kernels' thread bodies on the host; these check the device itself.)
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

void check_identical(const network& net, uint64_t steps) {
  const outcome cpu = simulate_rewarded(net, make(backend_kind::cpu), steps);
  const outcome gpu = simulate_rewarded(net, make(backend_kind::cuda), steps);
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

namespace {

// A plastic network driven phase by phase, as the simulator does, with what only a device can get
// wrong in between: rewards, a freeze and an unfreeze (graphs are dropped and recaptured), exports
// between deliver and plasticity, spike counts, drains. Returns the observations.
struct plastic_observations {
  std::vector<network_state> states;
  std::vector<uint32_t> counts;
  spike_record spikes;
};

plastic_observations drive_plastic(const network& net, backend_kind kind, uint64_t steps) {
  auto b = make(kind);
  b->build(net, initial_state(net));
  plastic_observations o;
  auto keep = [&](spike_record r) {
    o.spikes.step.insert(o.spikes.step.end(), r.step.begin(), r.step.end());
    o.spikes.neuron.insert(o.spikes.neuron.end(), r.neuron.begin(), r.neuron.end());
  };
  for (uint64_t s = 0; s < steps; ++s) {
    if (s % 97 == 13) b->add_dopamine(1, 0.4f);  // "striatum"
    if (s % 131 == 60) b->add_dopamine(1, -0.2f);
    if (s == steps / 3) b->set_frozen(1, true);
    if (s == 2 * steps / 3) b->set_frozen(1, false);
    b->apply_inputs(s);
    b->integrate(s);
    o.counts.push_back(b->spike_count_last_step());
    b->deliver(s);
    if (s % 250 == 9) o.states.push_back(b->export_state());  // between deliver and plasticity
    b->plasticity(s);
    b->record(s);
    if (s % 333 == 0) keep(b->drain_recorded());
  }
  keep(b->drain_recorded());
  o.states.push_back(b->export_state());
  return o;
}

}  // namespace

TEST_CASE("plasticity phase by phase, with rewards, freezes and exports between phases", "[gpu][phases][plasticity]") {
  if (skip_without_plasticity()) return;
  const network net = test::every_rule_network();
  REQUIRE(initial_state(net).plasticity.dopamine.at(1).name == "striatum");
  const plastic_observations cpu = drive_plastic(net, backend_kind::cpu, 2000);
  const plastic_observations gpu = drive_plastic(net, backend_kind::cuda, 2000);
  CHECK(cpu.counts == gpu.counts);
  CHECK(raster_difference(cpu.spikes, gpu.spikes).empty());
  const std::string d = states_difference(cpu.states, gpu.states);
  INFO("first divergence: " << d);
  CHECK(d.empty());
}

TEST_CASE("plastic networks: graph replay equals plain launches", "[gpu][graphs][plasticity]") {
  if (skip_without_plasticity()) return;
  // every_rule_network has period ends every 10, 100 and 200 steps: several step shapes, each
  // warmed up, captured and replayed many times in 3000 steps.
  const network net = test::every_rule_network();
  outcome plain;
  {
    scoped_env off("ENGRAM_CUDA_GRAPHS", "0");
    plain = simulate_rewarded(net, make(backend_kind::cuda), 3000);
  }
  const outcome replay = simulate_rewarded(net, make(backend_kind::cuda), 3000);
  INFO("first divergence: " << difference(plain, replay));
  REQUIRE(plain.spikes.size() > 100);
  CHECK(difference(plain, replay).empty());
}
