// With plasticity on: 1 and 2 threads give the same bits, and 2T steps equal T, snapshot, load
// in a fresh simulator, T (host/io/snapshot.hpp), bit for bit, plastic state included.
#include "apps/models/registry.hpp"
#include "host/io/snapshot.hpp"
#include "kernels/backend_factory.hpp"
#include "tests/catch.hpp"
#include "tests/test_plasticity_networks.hpp"

using namespace engram;

namespace {

network polychronization(uint32_t n) {
  const auto& m = find_model("polychronization");
  model_params p = m.parameters();
  p.set("n=" + std::to_string(n), m.name);
  p.set("stdp=1", m.name);
  return m.build(p, m.default_dt_ms, 5);
}

// Every plasticity loop on every thread, however small, so that 2 threads really split them.
std::unique_ptr<simulator> threaded(const network& net, int threads) {
  backend_options o;
  o.threads = threads;
  o.min_parallel_work = 1;
  return std::make_unique<simulator>(net, make_backend(backend_kind::cpu, o));
}

void require_same(const network_state& a, const network_state& b) {
  REQUIRE(a.step == b.step);
  CHECK(test::same_bits(a.neurons.v, b.neurons.v));
  CHECK(test::same_bits(a.neurons.u, b.neurons.u));
  CHECK(test::same_bits(a.neurons.i_syn, b.neurons.i_syn));
  CHECK(a.ring == b.ring);
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t i = 0; i < a.projections.size(); ++i) {
    CHECK(test::same_bits(a.projections[i].weight, b.projections[i].weight));
    CHECK(a.projections[i].packed == b.projections[i].packed);
  }
  const auto &pa = a.plasticity, &pb = b.plasticity;
  REQUIRE(pa.projections.size() == pb.projections.size());
  for (size_t i = 0; i < pa.projections.size(); ++i) {
    const auto &x = pa.projections[i], &y = pb.projections[i];
    CHECK(test::same_bits(x.pre_trace, y.pre_trace));
    CHECK(test::same_bits(x.post_trace, y.post_trace));
    CHECK(test::same_bits(x.synapse_aux, y.synapse_aux));
    CHECK(test::same_bits(x.stp_u, y.stp_u));
    CHECK(test::same_bits(x.stp_x, y.stp_x));
    CHECK(x.frozen == y.frozen);
  }
  CHECK(test::same_bits(pa.theta, pb.theta));
  CHECK(test::same_bits(pa.rate_hz, pb.rate_hz));
  REQUIRE(pa.dopamine.size() == pb.dopamine.size());
  for (size_t i = 0; i < pa.dopamine.size(); ++i) CHECK(pa.dopamine[i].level == pb.dopamine[i].level);
  REQUIRE(pa.contingencies.size() == pb.contingencies.size());
  for (size_t i = 0; i < pa.contingencies.size(); ++i) {
    CHECK(pa.contingencies[i].pending == pb.contingencies[i].pending);
    CHECK(pa.contingencies[i].released == pb.contingencies[i].released);
    CHECK(pa.contingencies[i].last_pre_step == pb.contingencies[i].last_pre_step);
  }
  CHECK(pa.spike_history == pb.spike_history);
}

void check_thread_independence(const network& net, uint64_t steps) {
  auto one = threaded(net, 1), two = threaded(net, 2);
  test::run_with_rewards(*one, steps);
  test::run_with_rewards(*two, steps);
  const auto a = one->drain_spikes(), b = two->drain_spikes();
  REQUIRE(a.size() > 200);
  CHECK(a.step == b.step);
  CHECK(a.neuron == b.neuron);
  require_same(one->export_state(), two->export_state());
}

void check_exact_resume(const network& net, uint64_t t, const std::string& file) {
  auto straight = threaded(net, 2);
  test::run_with_rewards(*straight, 2 * t);
  const spike_record all = straight->drain_spikes();

  auto first = test::cpu_simulator(net, 1);
  test::run_with_rewards(*first, t);
  spike_record part = first->drain_spikes();
  write_snapshot(file, first->export_state(), {});
  first.reset();

  backend_options o;
  o.threads = 2;
  o.min_parallel_work = 1;
  simulator second(read_snapshot(file), make_backend(backend_kind::cpu, o));
  test::run_with_rewards(second, t);
  const spike_record rest = second.drain_spikes();
  part.step.insert(part.step.end(), rest.step.begin(), rest.step.end());
  part.neuron.insert(part.neuron.end(), rest.neuron.begin(), rest.neuron.end());
  REQUIRE(all.size() > 200);
  CHECK(part.step == all.step);
  CHECK(part.neuron == all.neuron);
  require_same(second.export_state(), straight->export_state());
}

}  // namespace

TEST_CASE("with plasticity, 1 and 2 threads give bit-identical rasters, weights and plastic state", "[plasticity][determinism][threads]") {
  SECTION("polychronization with STDP") { check_thread_independence(polychronization(600), 2500); }
  SECTION("every rule at once") { check_thread_independence(test::every_rule_network(), 3000); }
}

TEST_CASE("with plasticity, 2T equals T + snapshot + load + T, bit for bit", "[plasticity][resume][threads]") {
  SECTION("polychronization with STDP") { check_exact_resume(polychronization(500), 1500, test::temp_path("poly_stdp.h5")); }
  SECTION("every rule at once") { check_exact_resume(test::every_rule_network(), 1700, test::temp_path("every_rule.h5")); }
}

TEST_CASE("the every-rule network exercises every rule", "[plasticity]") {
  auto sim = test::cpu_simulator(test::every_rule_network(), 1);
  const network_state start = sim->export_state();
  test::run_with_rewards(*sim, 3000);
  const network_state s = sim->export_state();
  const auto r = sim->drain_spikes();
  std::vector<uint64_t> per_population(4, 0);
  for (uint32_t n : r.neuron) per_population[n < 100 ? 0 : n < 250 ? 1 : 2]++;
  INFO("in " << per_population[0] << ", exc " << per_population[1] << ", inh " << per_population[2]);
  CHECK(per_population[1] > 300);
  CHECK(per_population[2] > 100);
  for (size_t p = 0; p < s.projections.size(); ++p) {
    INFO(s.projections[p].name);
    CHECK(!test::same_bits(s.projections[p].weight, start.projections[p].weight));
  }
  CHECK(s.plasticity.contingencies[0].released > 0);
  float theta_max = 0;
  for (float x : s.plasticity.theta) theta_max = std::max(theta_max, x);
  CHECK(theta_max > 0.1f);
}
