// Neurogenesis of LIF and conductance-LIF neurons (docs/growth.md): a Diehl & Cook-like circuit
// whose excitatory pool grows with its inhibitory twin, wired as the built network is (every
// input, the partner, lateral inhibition from every other), its newborns' state, silent dead
// slots, the checks, and the same run on the CPU and the emulated CUDA backend.
#include <algorithm>
#include <set>

#include "engine/growth.hpp"
#include "engine/state_check.hpp"
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

using nw = synapse_growth::newborn_wiring;

synapse_growth carrier(nw wiring, double low, double high) { return synapse_growth::newborn_carrier(wiring, low, high, 16); }

// 6 Poisson inputs -> a pool of 4 conductance-LIF excitatory neurons (2 alive, adaptive threshold)
// -> their 4 inhibitory twins -> every other excitatory neuron; `births` per phase.
network twin_network(uint32_t births = 1, double interval_ms = 10) {
  network net;
  net.seed = 3;
  net.dt_ms = 0.5;
  net.growth_interval_ms = interval_ms;
  net.populations.push_back(poisson_source_population("in", std::vector<float>(6, 200.0f)));
  lif_cond_params ep;
  ep.c_m = 100, ep.g_leak = 1, ep.e_leak = -65, ep.v_reset = -65, ep.v_init = -65, ep.v_thresh = -72, ep.tau_exc = 1;
  population exc = lif_cond_population("exc", 4, ep);
  exc.homeostasis.adaptive_threshold = true;
  exc.homeostasis.theta_init = 20;
  exc.homeostasis.theta_increment = 0.5;
  exc.homeostasis.theta_tau_ms = 1e7;
  exc.growth.enabled = true;
  exc.growth.initial_size = 2;
  exc.growth.apoptosis = false;
  exc.growth.neurogenesis_min_rate_hz = 0;
  exc.growth.neurogenesis_max_per_phase = births;
  exc.growth.twin = "inh";
  net.populations.push_back(exc);
  lif_cond_params ip;
  ip.c_m = 10, ip.g_leak = 1, ip.e_leak = -60, ip.v_reset = -45, ip.v_init = -60, ip.v_thresh = -40;
  population inh = lif_cond_population("inh", 4, ip);
  inh.growth.enabled = true;
  inh.growth.initial_size = 2;
  inh.growth.apoptosis = inh.growth.neurogenesis = false;
  net.populations.push_back(inh);
  projection ff;
  ff.name = "in_exc";
  ff.pre = "in";
  ff.post = "exc";
  ff.connect.type = connector::kind::all_to_all;
  ff.weight = distribution::between(4.0, 8.0);
  ff.delay_ms = distribution::between(0.5, 2.0);
  ff.growth = carrier(nw::all, 4.0, 8.0);
  net.projections.push_back(ff);
  projection ei;
  ei.name = "exc_inh";
  ei.pre = "exc";
  ei.post = "inh";
  ei.connect.type = connector::kind::one_to_one;
  ei.weight = distribution::fixed(10.4);
  ei.delay_ms = distribution::fixed(0.5);
  ei.growth = carrier(nw::partner, 10.4, 10.4);
  net.projections.push_back(ei);
  projection ie;
  ie.name = "inh_exc";
  ie.pre = "inh";
  ie.post = "exc";
  ie.sign = transmitter::gaba;
  ie.connect.type = connector::kind::explicit_list;
  for (uint32_t k = 0; k < 4; ++k)
    for (uint32_t j = 0; j < 4; ++j)
      if (j != k) ie.connect.pre.push_back(k), ie.connect.post.push_back(j);
  ie.weight = distribution::fixed(17);
  ie.delay_ms = distribution::fixed(0.5);
  ie.growth = carrier(nw::all_but_partner, 17, 17);
  net.projections.push_back(ie);
  return net;
}

std::unique_ptr<backend> cpu(int threads) {
  backend_options o;
  o.threads = threads;
  o.min_parallel_work = 1;
  return make_backend(backend_kind::cpu, o);
}

std::set<std::pair<uint32_t, uint32_t>> edges_of(const synapse_table& t) {
  std::set<std::pair<uint32_t, uint32_t>> e;
  for (uint32_t r = 0; r < t.pre_count; ++r)
    for (uint64_t k = t.row_ptr[r]; k < t.row_ptr[r + 1]; ++k) e.insert({r, t.target_of(k) - t.post_first});
  return e;
}

}  // namespace

TEST_CASE("growth: a conductance-LIF newborn and its twin are wired as the built network and start fresh", "[growth]") {
  simulator sim(twin_network(), cpu(1));
  const network_state built = sim.export_state();
  using edges = std::set<std::pair<uint32_t, uint32_t>>;
  CHECK(built.projections[0].size() == 12);  // unborn exc2, exc3 have no inputs
  CHECK(edges_of(built.projections[1]) == edges{{0, 0}, {1, 1}});
  CHECK(edges_of(built.projections[2]) == edges{{0, 1}, {1, 0}});
  const uint32_t e = built.populations[1].first, i = built.populations[2].first;
  CHECK(built.plasticity.theta[e + 3] == 20.0f);  // parked at theta_init: rest -65 < -72 + 20

  sim.run_steps(20);  // the first phase, after step 19
  const network_state s = sim.export_state();
  CHECK(std::vector<uint8_t>(s.growth.alive.begin() + e, s.growth.alive.begin() + e + 4) == std::vector<uint8_t>{1, 1, 1, 0});
  CHECK(std::vector<uint8_t>(s.growth.alive.begin() + i, s.growth.alive.begin() + i + 4) == std::vector<uint8_t>{1, 1, 1, 0});
  CHECK(s.growth.born[e + 2] == 20);
  CHECK(s.growth.born[i + 2] == 20);
  // Fresh state: v_init, no conductance, not refractory, rate 0, theta back at theta_init.
  CHECK(s.neurons.v[e + 2] == -65.0f);
  CHECK(s.neurons.i_syn[e + 2] == 0.0f);
  CHECK(s.neurons.g_inh[e + 2] == 0.0f);
  CHECK(s.neurons.refractory[e + 2] == 0);
  CHECK(s.neurons.v[i + 2] == -60.0f);
  CHECK(s.plasticity.rate_hz[e + 2] == 0.0f);
  CHECK(s.plasticity.theta[e + 2] == 20.0f);
  // Wiring: every input, its twin, and lateral inhibition from every other alive twin, both ways.
  edges ff;
  for (uint32_t a = 0; a < 6; ++a) ff.insert({a, 2});
  const edges grown_ff = edges_of(s.projections[0]);
  CHECK(std::includes(grown_ff.begin(), grown_ff.end(), ff.begin(), ff.end()));
  CHECK(grown_ff.size() == 18);
  CHECK(edges_of(s.projections[1]) == edges{{0, 0}, {1, 1}, {2, 2}});
  CHECK(edges_of(s.projections[2]) == edges{{0, 1}, {0, 2}, {1, 0}, {1, 2}, {2, 0}, {2, 1}});
  for (uint64_t k = 0; k < s.projections[0].size(); ++k) {
    CHECK(s.projections[0].weight[k] >= 4.0f);
    CHECK(s.projections[0].weight[k] <= 8.0f);
  }
  for (float w : s.projections[2].weight) CHECK(w == -17.0f);
  REQUIRE(sim.growth_log().size() == 5);  // three projections, two populations
  CHECK(sim.growth_log()[3].made == 1);
  CHECK(sim.growth_log()[4].made == 1);  // the twin's birth, in its own record
  REQUIRE_NOTHROW(check_state(s, "grown"));

  // The newborn fires from its inputs; the still-unborn slot never does (its twin neither).
  sim.drain_spikes();
  sim.run_steps(19);
  const spike_record later = sim.drain_spikes();
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), e + 2) > 0);
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), e + 3) == 0);
  CHECK(std::count(later.neuron.begin(), later.neuron.end(), i + 3) == 0);
  sim.run_steps(1);
  CHECK(sim.export_state().growth.alive[e + 3] == 1);  // the next phase fills the pool
}

TEST_CASE("growth: conductance-LIF neurogenesis matches on the CPU, the emulated CUDA backend and a snapshot", "[growth][cuda-emulation][snapshot]") {
  const network net = twin_network(1, 5);
  simulator one(net, cpu(1));
  one.run_steps(100);
  const gpu_test::outcome a = gpu_test::outcome_of(one);
  REQUIRE(a.state.growth.alive == std::vector<uint8_t>(14, 1));  // both pools full after two phases
  simulator emulated(net, std::unique_ptr<backend>(new test::emulated_cuda_backend(true)));
  emulated.run_steps(100);
  const gpu_test::outcome c = gpu_test::outcome_of(emulated);
  INFO(gpu_test::difference(a, c));
  CHECK(gpu_test::difference(a, c).empty());
  simulator first(net, std::unique_ptr<backend>(new test::emulated_cuda_backend(true)));
  first.run_steps(15);  // between the two phases
  const std::string file = test::temp_path("growth_lif.h5");
  write_snapshot(file, first.export_state(), {});
  simulator resumed(read_snapshot(file), cpu(2));
  resumed.run_steps(85);
  const gpu_test::outcome b = gpu_test::outcome_of(resumed);
  INFO(gpu_test::state_difference(a.state, b.state));
  CHECK(gpu_test::state_difference(a.state, b.state).empty());
  CHECK(a.state.growth.alive == b.state.growth.alive);
  CHECK(a.state.growth.born == b.state.growth.born);
  CHECK(a.state.plasticity.theta == b.state.plasticity.theta);
}

TEST_CASE("growth: LIF pools that would fire when dead and mismatched twins are refused", "[growth][errors]") {
  network net = twin_network();
  SECTION("rest above threshold") {
    net.populations[1].lif_cond.i_bias = 15;  // rest -50 mV, threshold -52 mV
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("so a dead slot would fire"));
  }
  SECTION("twin of another size") {
    net.populations[2].growth.initial_size = 3;
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("twin 'inh' must have the same size and initial_size"));
  }
  SECTION("twin with apoptosis") {
    net.populations[1].growth.apoptosis = true;
    CHECK_THROWS_WITH(simulator(net, cpu(1)), Catch::Matchers::Contains("cannot have apoptosis yet"));
  }
}
