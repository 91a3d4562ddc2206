// The experiment API (rates, input amplitudes, reset, spike counts) on the CPU backend and the
// host emulation of the CUDA backend: same results, and what each call promises.
#include <memory>

#include "engine/errors.hpp"
#include "engine/simulator.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

// Poisson sources -> plastic conductance LIF (STDP with the triplet term) -> LIF with a teacher current.
network experiment_network() {
  network net;
  net.dt_ms = 0.5;
  net.seed = 11;
  net.populations.push_back(poisson_source_population("in", std::vector<float>(20, 0.0f)));
  population e = lif_cond_population("exc", 5);
  e.homeostasis.adaptive_threshold = true;
  e.homeostasis.theta_increment = 0.5;
  net.populations.push_back(e);
  net.populations.push_back(lif_population("out", 3));
  projection p;
  p.name = "in_exc";
  p.pre = "in";
  p.post = "exc";
  p.weight = distribution::between(1.0, 4.0);
  p.delay_ms = distribution::between(0.5, 3.0);
  p.plasticity.stdp.enabled = true;
  p.plasticity.stdp.pairs = stdp_rule::pairing::nearest;
  p.plasticity.stdp.tau_triplet_ms = 40.0;
  p.plasticity.w_max = 5.0;
  net.projections.push_back(p);
  projection q;
  q.name = "exc_out";
  q.pre = "exc";
  q.post = "out";
  q.weight = distribution::fixed(300.0);
  net.projections.push_back(q);
  input teacher;
  teacher.type = input::kind::current;
  teacher.population = "out";
  teacher.amplitude = 0.0;
  net.inputs.push_back(teacher);
  return net;
}

struct trace {
  std::vector<uint32_t> exc_counts, out_counts;
  network_state state;
};

// Sample-by-sample use: rates on, a teacher current on, run, counts, reset, rates changed.
trace drive(simulator& sim) {
  trace t;
  std::vector<float> rates(20, 0.0f);
  for (int sample = 0; sample < 4; ++sample) {
    for (int i = 0; i < 20; ++i) rates[i] = static_cast<float>((i + sample * 5) % 20 < 10 ? 300.0 : 0.0);
    sim.reset({"in", "exc", "out"});
    sim.set_rates("in", rates);
    sim.set_input_amplitude(0, sample % 2 ? 500.0 : 0.0);
    sim.run_steps(200);
    const auto e = sim.take_spike_counts("exc"), o = sim.take_spike_counts("out");
    t.exc_counts.insert(t.exc_counts.end(), e.begin(), e.end());
    t.out_counts.insert(t.out_counts.end(), o.begin(), o.end());
  }
  t.state = sim.export_state();
  return t;
}

}  // namespace

TEST_CASE("experiment API: the emulated CUDA backend matches the CPU bit for bit", "[experiment][emulated]") {
  const network net = experiment_network();
  auto cpu = test::cpu_simulator(net);
  simulator emulated(net, std::make_unique<test::emulated_cuda_backend>());
  const trace a = drive(*cpu), b = drive(emulated);
  CHECK(a.exc_counts == b.exc_counts);
  CHECK(a.out_counts == b.out_counts);
  uint64_t spikes = 0;
  for (uint32_t c : a.exc_counts) spikes += c;
  CHECK(spikes > 0);
  CHECK(a.state.projections[0].weight == b.state.projections[0].weight);
  CHECK(a.state.plasticity.theta == b.state.plasticity.theta);
  CHECK(a.state.neurons.v == b.state.neurons.v);
  CHECK(a.state.ring == b.state.ring);
  CHECK(a.state.plasticity.projections[0].post_trace == b.state.plasticity.projections[0].post_trace);
}

TEST_CASE("experiment API: counts equal the raster, rates and currents take effect, reset restores rest", "[experiment]") {
  const network net = experiment_network();
  auto sim = test::cpu_simulator(net);
  sim->set_recording(true);
  // Silence: no input, no teacher: nothing fires.
  sim->run_steps(100);
  for (uint32_t c : sim->take_spike_counts("exc")) CHECK(c == 0);
  // Rates on: the counts are exactly the raster's.
  sim->drain_spikes();
  sim->set_rates("in", std::vector<float>(20, 400.0f));
  sim->run_steps(200);
  const spike_record r = sim->drain_spikes();
  std::vector<uint32_t> from_raster(5, 0);
  const auto& exc = sim->population_named("exc");
  for (uint32_t n : r.neuron)
    if (n >= exc.first && n < exc.first + exc.size) ++from_raster[n - exc.first];
  const auto counts = sim->take_spike_counts("exc");
  CHECK(counts == from_raster);
  uint64_t total = 0;
  for (uint32_t c : counts) total += c;
  CHECK(total > 0);
  CHECK(sim->take_spike_counts("exc") == std::vector<uint32_t>(5, 0));  // taking clears them
  // Teacher current on: the output population fires without synaptic input.
  sim->set_rates("in", std::vector<float>(20, 0.0f));
  sim->reset({"in", "exc", "out"});
  sim->set_input_amplitude(0, 1000.0);
  sim->run_steps(100);
  uint64_t out = 0;
  for (uint32_t c : sim->take_spike_counts("out")) out += c;
  CHECK(out > 0);
  // Reset: membranes at v_init, conductances, ring, traces and history cleared; weights and theta kept.
  const network_state before = sim->export_state();
  sim->reset({"in", "exc", "out"});
  const network_state after = sim->export_state();
  for (uint32_t i = exc.first; i < exc.first + exc.size; ++i) {
    CHECK(after.neurons.v[i] == -70.0f);
    CHECK(after.neurons.i_syn[i] == 0.0f);
    CHECK(after.neurons.g_inh[i] == 0.0f);
  }
  for (int64_t x : after.ring) CHECK(x == 0);
  for (float x : after.plasticity.projections[0].post_trace) CHECK(x == 0.0f);
  for (float x : after.plasticity.projections[0].pre_trace) CHECK(x == 0.0f);
  for (const auto& slot : after.plasticity.spike_history) CHECK(slot.empty());
  CHECK(after.projections[0].weight == before.projections[0].weight);
  CHECK(after.plasticity.theta == before.plasticity.theta);
}

TEST_CASE("experiment API: bad requests are refused clearly", "[experiment][errors]") {
  auto sim = test::cpu_simulator(experiment_network());
  CHECK_THROWS_WITH(sim->set_rates("exc", std::vector<float>(5, 1.0f)), Catch::Contains("not a Poisson source"));
  CHECK_THROWS_WITH(sim->set_rates("in", std::vector<float>(3, 1.0f)), Catch::Contains("has 20 neurons, got 3 rates"));
  CHECK_THROWS_WITH(sim->set_rates("in", std::vector<float>(20, -1.0f)), Catch::Contains("must be finite and >= 0"));
  CHECK_THROWS_WITH(sim->set_rates("nosuch", {}), Catch::Contains("no population 'nosuch'"));
  CHECK_THROWS_WITH(sim->set_input_amplitude(7, 1.0), Catch::Contains("input 7 out of range"));
  CHECK_THROWS_WITH(sim->reset({"in", "nosuch"}), Catch::Contains("no population 'nosuch'"));
  CHECK_THROWS_WITH(sim->take_spike_counts("nosuch"), Catch::Contains("no population 'nosuch'"));
}

TEST_CASE("experiment API: a lesion disconnects neurons and silences them, the same on both backends", "[experiment][emulated]") {
  const network net = experiment_network();
  auto cpu = test::cpu_simulator(net);
  simulator emulated(net, std::make_unique<test::emulated_cuda_backend>());
  const std::vector<uint32_t> cut = {1, 3};
  for (simulator* s : {cpu.get(), &emulated}) {
    s->lesion("exc", cut);
    s->set_rates("in", std::vector<float>(20, 300.0f));
    s->run_steps(400);
  }
  const std::vector<uint32_t> counts = cpu->take_spike_counts("exc");
  CHECK(counts == emulated.take_spike_counts("exc"));
  CHECK(counts[1] == 0);
  CHECK(counts[3] == 0);
  CHECK(counts[0] + counts[2] + counts[4] > 0);  // the others still fire
  const network_state a = cpu->export_state(), b = emulated.export_state();
  const population_range& exc = cpu->population_named("exc");
  for (const auto& t : a.projections)
    for (uint32_t row = 0; row < t.pre_count; ++row)
      for (uint64_t e = t.row_ptr[row]; e < t.row_ptr[row + 1]; ++e) {
        const uint32_t pre = t.pre_first + row, post = t.target_of(e);
        if (pre == exc.first + 1 || pre == exc.first + 3 || post == exc.first + 1 || post == exc.first + 3)
          CHECK(t.weight[e] == 0.0f);
      }
  for (size_t p = 0; p < a.projections.size(); ++p) CHECK(a.projections[p].weight == b.projections[p].weight);
  CHECK(a.neurons.v == b.neurons.v);
  CHECK_THROWS_WITH(cpu->lesion("exc", {5}), Catch::Contains("neuron 5 of 'exc' out of range"));
}
