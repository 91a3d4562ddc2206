// Selective plasticity (engine/plasticity.hpp, protection_rule): importance gathered from pre/post
// coincidences, gates set at a consolidation, every STDP and normalisation change scaled by them.
// Exact numbers, the plain rule where importance is 0, CPU against emulated CUDA, exact resume,
// and a two-task miniature where protection keeps what the first task learnt.
#include <cmath>

#include "apps/tasks/diehl_cook.hpp"
#include "engine/errors.hpp"
#include "engine/protection.hpp"
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;
using test::pairing;

namespace {

// Pairings 0-4: pattern A; 5-9: pattern B; 10: one pairing in task A only (it sets the threshold
// low, so A's synapses are far above it). Task A (before 300 ms): A pre before post, 8 times.
// Task B (after 300 ms): A post before pre (depression: what forgetting is here), B pre before post.
std::vector<pairing> two_tasks() {
  std::vector<pairing> pairs(11);
  for (uint32_t k = 0; k < 11; ++k) pairs[k].delay = 1;
  for (int r = 0; r < 8; ++r) {
    const double a = 20.0 + 35.0 * r, b = 320.0 + 35.0 * r;
    for (uint32_t k = 0; k < 5; ++k) {
      pairs[k].pre_arrivals_ms.push_back(a);
      pairs[k].post_ms.push_back(a + 4.0);
      pairs[k].pre_arrivals_ms.push_back(b + 4.0);  // task B: after the post spike
      pairs[k].post_ms.push_back(b);
      pairs[5 + k].pre_arrivals_ms.push_back(b);
      pairs[5 + k].post_ms.push_back(b + 4.0);
    }
  }
  pairs[10].pre_arrivals_ms = {20.0};
  pairs[10].post_ms = {40.0};
  return pairs;
}

plasticity_config protected_stdp(bool on) {
  plasticity_config c = test::additive_stdp(0.01, 0.012, 20.0, 20.0);
  c.protect.enabled = on;
  c.protect.quantile = 0.01;  // theta: the smallest non-zero importance
  c.protect.sharpness = 10.0;
  return c;
}

struct two_task_run {
  std::vector<float> before_b, after_b;  // weights of synapses k -> k
  network_state state;
};

two_task_run run_two_tasks(bool protect) {
  const auto pairs = two_tasks();
  auto sim = test::cpu_simulator(test::pairing_network(pairs, protected_stdp(protect), 0.5f));
  sim->run_steps(300);
  if (protect) sim->consolidate({"plastic"});
  two_task_run r;
  network_state s = sim->export_state();
  for (uint32_t k = 0; k < 11; ++k) r.before_b.push_back(test::weight_of(s, 0, k, k));
  sim->run_steps(320);
  r.state = sim->export_state();
  for (uint32_t k = 0; k < 11; ++k) r.after_b.push_back(test::weight_of(r.state, 0, k, k));
  return r;
}

void check_same(const network_state& a, const network_state& b) {
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t p = 0; p < a.projections.size(); ++p) CHECK(a.projections[p].weight == b.projections[p].weight);
  REQUIRE(a.plasticity.projections.size() == b.plasticity.projections.size());
  for (size_t e = 0; e < a.plasticity.projections.size(); ++e) {
    CHECK(a.plasticity.projections[e].importance == b.plasticity.projections[e].importance);
    CHECK(a.plasticity.projections[e].gate == b.plasticity.projections[e].gate);
  }
  CHECK(a.neurons.v == b.neurons.v);
  CHECK(a.plasticity.theta == b.plasticity.theta);
}

// A small Diehl & Cook network with protected, normalised input weights and Poisson input.
network protected_diehl_cook() {
  tasks::diehl_cook_params p;
  p.inputs = 16;
  p.excitatory = 6;
  p.present_ms = 50.0;  // normalisation every 50 ms
  p.protect.enabled = true;
  p.protect.warmup_ms = 20.0;
  p.protect.min_gate = 0.1;
  network net = tasks::diehl_cook_network(p, 3);
  for (uint32_t i = 0; i < 16; ++i) net.populations[0].rates_hz[i] = 40.0f + 10.0f * static_cast<float>(i % 5);
  return net;
}

void drive(simulator& sim) {
  sim.run_steps(240);
  sim.consolidate({tasks::plastic_projection_name});
  sim.run_steps(60);  // inside the warm-up
  sim.set_surprise(tasks::plastic_projection_name, 0.25);
  sim.run_steps(200);
}

}  // namespace

TEST_CASE("protection: a protected synapse holds under pairing that moves its unprotected twin", "[protection]") {
  const two_task_run plain = run_two_tasks(false), held = run_two_tasks(true);
  // task A is learnt the same way with and without protection (nothing consolidated yet)
  CHECK(plain.before_b == held.before_b);
  for (uint32_t k = 0; k < 5; ++k) {
    INFO("pattern A synapse " << k);
    CHECK(plain.before_b[k] > 0.55f);                    // learnt in task A
    CHECK(plain.after_b[k] < plain.before_b[k] - 0.05f); // plain STDP: forgotten in task B
    CHECK(held.after_b[k] == held.before_b[k]);          // protected: held exactly (its gate is 0)
  }
  for (uint32_t k = 5; k < 10; ++k) {
    INFO("pattern B synapse " << k);
    CHECK(held.after_b[k] > held.before_b[k] + 0.05f);  // task B is learnt
    CHECK(held.after_b[k] == plain.after_b[k]);         // with importance 0: the plain rule, bit for bit
  }
  const auto& p = held.state.plasticity.projections[0];
  REQUIRE(p.protect);
  CHECK(p.protect_threshold > 0.0f);
  const synapse_table& t = held.state.projections[0];
  for (uint64_t e = 0; e < t.size(); ++e) {
    // the gates are the formula of the importance at the consolidation (importance has grown since)
    const uint32_t k = static_cast<uint32_t>(t.target_of(e) - t.post_first);
    if (k >= 5 && k < 10) CHECK(p.gate[e] == 1.0f);
    if (k < 5) CHECK(p.gate[e] == protection_gate(1e9f, p.protect_threshold, 10.0f, 0.0f));
  }
  CHECK(protection_gate(0.0f, 2.0f, 10.0f, 0.3f) == 1.0f);
  CHECK(protection_gate(2.0f, 2.0f, 10.0f, 0.0f) == Approx(0.5 / (1.0 / (1.0 + std::exp(-10.0)))));
  CHECK(protection_gate(5.0f, 0.0f, 10.0f, 0.0f) == 1.0f);  // nothing consolidated yet
}

TEST_CASE("protection: importance, gates, warm-up and surprise, the same on the CPU and emulated CUDA", "[protection][emulated]") {
  const network net = protected_diehl_cook();
  auto cpu = test::cpu_simulator(net);
  simulator emulated(net, std::make_unique<test::emulated_cuda_backend>());
  drive(*cpu);
  drive(emulated);
  const network_state a = cpu->export_state();
  check_same(a, emulated.export_state());
  const auto& p = a.plasticity.projections[0];
  float most = 0, least = 2;
  for (float g : p.gate) most = std::max(most, g), least = std::min(least, g);
  CHECK(least < 0.5f);  // some synapses are held
  CHECK(most == 1.0f);  // and some are not
  CHECK(p.surprise == 0.25f);
  CHECK(p.consolidated_step == 240);
}

TEST_CASE("protection: importance and gates survive a snapshot, and the run resumes bit for bit", "[protection][resume]") {
  const network net = protected_diehl_cook();
  auto whole = test::cpu_simulator(net);
  drive(*whole);
  whole->run_steps(100);

  auto first = test::cpu_simulator(net);
  drive(*first);
  const std::string file = test::temp_path("protection_resume.h5");
  write_snapshot(file, first->export_state(), {});
  auto second = std::make_unique<simulator>(read_snapshot(file), make_backend(backend_kind::cpu, {1}));
  second->run_steps(100);
  check_same(whole->export_state(), second->export_state());
}

TEST_CASE("protection: bad requests and configurations are refused clearly", "[protection][errors]") {
  auto sim = test::cpu_simulator(test::pairing_network(two_tasks(), protected_stdp(false), 0.5f));
  CHECK_THROWS_WITH(sim->consolidate({"plastic"}), Catch::Contains("'plastic' has no selective plasticity"));
  CHECK_THROWS_WITH(sim->consolidate({"teach"}), Catch::Contains("'teach' has no plasticity"));
  auto held = test::cpu_simulator(test::pairing_network(two_tasks(), protected_stdp(true), 0.5f));
  CHECK_THROWS_WITH(held->set_surprise("plastic", 1.5), Catch::Contains("surprise 1.5 must be in [0, 1]"));
  plasticity_config no_stdp;
  no_stdp.protect.enabled = true;
  no_stdp.normalise.enabled = true;
  no_stdp.w_max = 1.0;
  CHECK_THROWS_WITH(test::cpu_simulator(test::pairing_network(two_tasks(), no_stdp, 0.5f)),
                    Catch::Contains("protection gates STDP; enable stdp too"));
  plasticity_config bad = protected_stdp(true);
  bad.protect.quantile = 0.0;
  CHECK_THROWS_WITH(test::cpu_simulator(test::pairing_network(two_tasks(), bad, 0.5f)), Catch::Contains("protect quantile must be in (0, 1]"));
}
