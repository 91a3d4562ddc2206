// Spike delivery: every spike reaches each target of its row once, `delay` steps later.
#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "kernels/common/fixed_point.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

network delivery_network() {
  network net;
  net.seed = 3;
  // Source neuron 0 spikes at 5 ms and 9 ms; neuron 1 at 5 ms.
  net.populations.push_back(test::spike_source("src", 2, {{0, 5.0}, {1, 5.0}, {0, 9.0}}));
  net.populations.push_back(izhikevich_population("dst", 4, izhikevich_pattern::RS));
  projection pr;
  pr.name = "src_dst";
  pr.pre = "src";
  pr.post = "dst";
  pr.connect.type = connector::kind::explicit_list;
  pr.connect.pre = {0, 0, 0, 1, 1};
  pr.connect.post = {0, 1, 3, 1, 2};
  pr.connect.weights = {0.25f, 0.5f, 1.5f, 2.0f, 4.0f};
  pr.connect.delays = {1, 3, 7, 3, 12};
  net.projections.push_back(pr);
  return net;
}

// 300 RS neurons, 30 synapses each with delays of 1..20 ms, driven by Poisson input.
network recurrent_network() {
  network net;
  net.seed = 11;
  net.populations.push_back(izhikevich_population("a", 300, izhikevich_pattern::RS));
  projection pr;
  pr.name = "aa";
  pr.pre = "a";
  pr.post = "a";
  pr.connect.type = connector::kind::fixed_outdegree;
  pr.connect.degree = 30;
  pr.weight = distribution::between(0.0, 2.0);
  pr.delay_ms = distribution::between(1.0, 20.0);
  net.projections.push_back(pr);
  input drive;
  drive.type = input::kind::poisson;
  drive.population = "a";
  drive.rate_hz = 2000;
  drive.weight = 3.0;
  net.inputs.push_back(drive);
  return net;
}

}  // namespace

TEST_CASE("delivered contributions equal spikes x out-degree and land delay steps later", "[delivery]") {
  const network net = delivery_network();
  auto sim = test::cpu_simulator(net);
  sim->run_steps(6);  // steps 0..5: the spikes at step 5 are delivered
  REQUIRE(sim->spikes_total() == 2);
  CHECK(sim->synaptic_events() == 3 + 2);  // neuron 0 has 3 synapses, neuron 1 has 2

  const network_state s = sim->export_state();
  const uint32_t n = s.neuron_count(), slots = s.ring_slots;
  REQUIRE(slots == 13);
  auto ring_at = [&](uint64_t step, uint32_t post) { return s.ring[(step % slots) * n + 2 + post]; };
  // Expected arrivals at absolute steps: 5+1 -> dst0 (0.25); 5+3 -> dst1 (0.5 + 2.0); 5+7 -> dst3 (1.5); 5+12 -> dst2 (4.0)
  CHECK(ring_at(6, 0) == to_fixed(0.25));
  CHECK(ring_at(8, 1) == to_fixed(0.5) + to_fixed(2.0));
  CHECK(ring_at(12, 3) == to_fixed(1.5));
  CHECK(ring_at(17, 2) == to_fixed(4.0));
  int64_t total = 0;
  for (int64_t v : s.ring) total += v;
  CHECK(total == to_fixed(0.25) + to_fixed(0.5) + to_fixed(2.0) + to_fixed(1.5) + to_fixed(4.0));

  // After the step that reads a slot, the slot is empty; the second spike of neuron 0 adds its row again.
  sim->run_steps(5);  // steps 6..10
  const network_state later = sim->export_state();
  CHECK(later.ring[(6 % slots) * n + 2] == 0);
  CHECK(later.ring[(8 % slots) * n + 3] == 0);
  CHECK(sim->synaptic_events() == 5 + 3);
  CHECK(later.ring[((9 + 7) % slots) * n + 2 + 3] == to_fixed(1.5));
}

TEST_CASE("a strong synapse makes its target fire exactly `delay` steps after the presynaptic spike", "[delivery]") {
  for (uint16_t delay : {1, 2, 5, 17}) {
    network net;
    net.populations.push_back(test::spike_source("src", 1, {{0, 10.0}}));
    net.populations.push_back(izhikevich_population("dst", 1, izhikevich_pattern::RS));
    projection pr;
    pr.name = "p";
    pr.pre = "src";
    pr.post = "dst";
    pr.connect.type = connector::kind::explicit_list;
    pr.connect.pre = {0};
    pr.connect.post = {0};
    pr.connect.weights = {2000.0f};
    pr.connect.delays = {delay};
    net.projections.push_back(pr);
    auto sim = test::cpu_simulator(net);
    sim->run_steps(40);
    const spike_record r = sim->drain_spikes();
    REQUIRE(r.size() == 2);
    CHECK(r.neuron[0] == 0);
    CHECK(r.step[0] == 10);
    CHECK(r.neuron[1] == 1);
    CHECK(r.step[1] == 10u + delay);
  }
}

TEST_CASE("events are conserved in a recurrent network with many delays", "[delivery][threads]") {
  const network net = recurrent_network();
  auto sim = test::cpu_simulator(net, 2);
  sim->run_steps(500);
  REQUIRE(sim->spikes_total() > 100);
  CHECK(sim->synaptic_events() == sim->spikes_total() * 30);
}

TEST_CASE("threads that each own a range of targets give one thread's ring, whatever the order inside rows",
          "[delivery][threads]") {
  // Every builder sorts rows by target, so a thread finds its part of a row by binary search; a
  // loaded state may hold rows in any order, and then each thread filters the whole row.
  network_state sorted;
  {
    auto sim = test::cpu_simulator(recurrent_network(), 1);
    sorted = sim->export_state();
  }
  network_state shuffled = sorted;
  synapse_table& t = shuffled.projections[0];
  std::mt19937 rng(5);
  for (uint32_t row = 0; row < t.pre_count; ++row) {
    const auto begin = static_cast<int64_t>(t.row_ptr[row]), end = static_cast<int64_t>(t.row_ptr[row + 1]);
    std::vector<uint64_t> order(static_cast<size_t>(end - begin));
    std::iota(order.begin(), order.end(), static_cast<uint64_t>(begin));
    std::shuffle(order.begin(), order.end(), rng);
    const synapse_table copy = t;
    for (size_t k = 0; k < order.size(); ++k) {
      t.packed[begin + k] = copy.packed[order[k]];
      t.weight[begin + k] = copy.weight[order[k]];
    }
  }
  REQUIRE(shuffled.projections[0].packed != sorted.projections[0].packed);
  auto run = [](network_state s, int threads) {
    backend_options o;
    o.threads = threads;
    o.min_parallel_work = 1;  // every step's delivery on every thread
    simulator sim(std::move(s), make_backend(backend_kind::cpu, o));
    sim.run_steps(400);
    return std::pair(sim.drain_spikes(), sim.export_state());
  };
  const auto [reference_spikes, reference] = run(sorted, 1);
  REQUIRE(reference_spikes.size() > 100);
  for (const network_state* start : {&sorted, &shuffled})
    for (int threads : {1, 3}) {
      INFO((start == &sorted ? "sorted" : "shuffled") << " rows, " << threads << " threads");
      const auto [spikes, state] = run(*start, threads);
      CHECK(spikes.neuron == reference_spikes.neuron);
      CHECK(spikes.step == reference_spikes.step);
      CHECK(state.ring == reference.ring);
      CHECK(state.neurons.v == reference.neurons.v);
    }
}
