// simulator::set_weights: the CPU backend writes in place, the default path (export, change, load:
// the emulated CUDA backend) gives the same run bit for bit, and every bad write is refused
// with the state left as it was.
#include <cmath>
#include <limits>
#include <memory>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

// Poisson sources -> LIF through a plastic STDP projection (w_max 5) and a static inhibitory one.
network weights_network() {
  network net;
  net.dt_ms = 0.5;
  net.seed = 5;
  net.populations.push_back(poisson_source_population("in", std::vector<float>(30, 200.0f)));
  net.populations.push_back(lif_population("out", 6));
  projection p;
  p.name = "plastic";
  p.pre = "in";
  p.post = "out";
  p.weight = distribution::between(50.0, 150.0);
  p.delay_ms = distribution::between(0.5, 2.0);
  p.plasticity.stdp.enabled = true;
  p.plasticity.stdp.a_plus = 2.0;
  p.plasticity.stdp.a_minus = 2.4;
  p.plasticity.w_max = 200.0;
  net.projections.push_back(p);
  projection q;
  q.name = "inhibitory";
  q.pre = "in";
  q.post = "out";
  q.connect.type = connector::kind::fixed_probability;
  q.connect.probability = 0.3;
  q.weight = distribution::fixed(20.0);
  q.sign = transmitter::gaba;
  net.projections.push_back(q);
  return net;
}

// 100 steps, new weights for both projections, 300 more steps.
network_state drive(simulator& sim) {
  sim.run_steps(100);
  std::vector<float> w;
  sim.read_weights(0, w);
  for (size_t e = 0; e < w.size(); ++e) w[e] = static_cast<float>(e % 7) * 25.0f;  // within [0, 200]
  sim.set_weights(0, w);
  sim.read_weights(1, w);
  for (float& x : w) x *= 3.0f;
  sim.set_weights(sim.projection_index("inhibitory"), w);
  sim.run_steps(300);
  return sim.export_state();
}

}  // namespace

TEST_CASE("set_weights: CPU in place and the default path (emulated CUDA) agree bit for bit", "[experiment][emulated]") {
  const network net = weights_network();
  auto cpu = test::cpu_simulator(net);
  simulator emulated(net, std::make_unique<test::emulated_cuda_backend>());
  const float* storage = cpu->backend_ref().host_resident_state()->projections[0].weight.data();
  const network_state a = drive(*cpu), b = drive(emulated);
  CHECK(cpu->backend_ref().host_resident_state()->projections[0].weight.data() == storage);  // written in place
  CHECK(a.projections[0].weight == b.projections[0].weight);
  CHECK(a.projections[1].weight == b.projections[1].weight);
  CHECK(a.neurons.v == b.neurons.v);
  CHECK(a.ring == b.ring);
  CHECK(cpu->spikes_total() == emulated.spikes_total());
  CHECK(cpu->spikes_total() > 0);
  for (float x : a.projections[1].weight) CHECK(x == -60.0f);  // the static weights are what was written
}

TEST_CASE("set_weights: what is written is what is read and what the next step uses", "[experiment]") {
  auto sim = test::cpu_simulator(weights_network());
  std::vector<float> w;
  sim->read_weights(0, w);
  std::vector<float> zero(w.size(), 0.0f);
  sim->set_weights(0, zero);
  sim->read_weights(1, w);
  sim->set_weights(1, std::vector<float>(w.size(), 0.0f));
  std::vector<float> back;
  sim->read_weights(0, back);
  CHECK(back == zero);
  sim->run_steps(200);  // no synaptic input: the LIF neurons rest and never fire
  for (uint32_t c : sim->take_spike_counts("out")) CHECK(c == 0);
}

TEST_CASE("set_weights: bad weights are refused and change nothing", "[experiment][errors]") {
  auto sim = test::cpu_simulator(weights_network());
  sim->run_steps(50);
  const network_state before = sim->export_state();
  const size_t n0 = before.projections[0].size(), n1 = before.projections[1].size();
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  auto with = [](std::vector<float> w, size_t at, float x) {
    w[at] = x;
    return w;
  };
  const std::vector<float> ok0(n0, 100.0f), ok1(n1, -20.0f);
  CHECK_THROWS_WITH(sim->set_weights(0, std::vector<float>(n0 + 1, 1.0f)),
                    Catch::Contains(fmt::format("projection 'plastic' has {} synapses, got {} weights", n0, n0 + 1)));
  CHECK_THROWS_WITH(sim->set_weights(0, with(ok0, 3, nan)), Catch::Contains("weight nan of synapse 3 must be finite"));
  CHECK_THROWS_WITH(sim->set_weights(1, with(ok1, 0, -inf)), Catch::Contains("must be finite"));
  CHECK_THROWS_WITH(sim->set_weights(0, with(ok0, 2, -1.0f)), Catch::Contains("synapse 2 has the wrong sign"));
  CHECK_THROWS_WITH(sim->set_weights(1, with(ok1, 1, 5.0f)), Catch::Contains("synapse 1 has the wrong sign (its transmitter makes weights <= 0)"));
  CHECK_THROWS_WITH(sim->set_weights(0, with(ok0, 4, 250.0f)), Catch::Contains("outside the plastic bounds [w_min 0, w_max 200]"));
  // Some neuron has at least 4 of these inputs: 4 x 3e8 exceeds the fixed-point range of one step (2^30).
  CHECK_THROWS_WITH(sim->set_weights(1, std::vector<float>(n1, -3e8f)), Catch::Contains("beyond the fixed-point range"));
  CHECK_THROWS_WITH(sim->set_weights(2, {}), Catch::Contains("projection 2 out of range (2 projections)"));
  CHECK_THROWS_WITH(sim->projection_index("nosuch"), Catch::Contains("no projection 'nosuch' in this network (projections: plastic, inhibitory)"));
  const network_state after = sim->export_state();
  CHECK(after.projections[0].weight == before.projections[0].weight);
  CHECK(after.projections[1].weight == before.projections[1].weight);
  // The emulated CUDA backend (export, change, load) refuses the same and keeps its state too.
  simulator emulated(weights_network(), std::make_unique<test::emulated_cuda_backend>());
  std::vector<float> w;
  emulated.read_weights(0, w);
  CHECK_THROWS_WITH(emulated.set_weights(0, with(w, 0, nan)), Catch::Contains("must be finite"));
  std::vector<float> again;
  emulated.read_weights(0, again);
  CHECK(again == w);
}
