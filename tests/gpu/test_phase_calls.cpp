// The backend driven phase by phase, with exports, counts, probes and drains between the phases:
// the CUDA backend's queued launches must give exactly what the CPU does at every observation.
#include "engine/layout.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

struct observations {
  std::vector<uint32_t> counts;
  std::vector<network_state> states;
  std::vector<std::vector<float>> probes;
  spike_record spikes;
  uint64_t events = 0;
};

observations drive(const network& net, backend_kind kind) {
  auto b = make(kind);
  b->build(net, initial_state(net));
  observations o;
  const std::vector<uint32_t> ids = {0, 1, 17, 500, 999};
  auto keep = [&](spike_record r) {
    o.spikes.step.insert(o.spikes.step.end(), r.step.begin(), r.step.end());
    o.spikes.neuron.insert(o.spikes.neuron.end(), r.neuron.begin(), r.neuron.end());
  };
  for (uint64_t s = 0; s < 400; ++s) {
    b->apply_inputs(s);
    if (s % 50 == 7) o.states.push_back(b->export_state());  // between inputs and integrate
    b->integrate(s);
    if (s % 5 == 0) o.counts.push_back(b->spike_count_last_step());
    if (s % 3 != 1) b->deliver(s);  // a step without delivery now and then
    if (s % 50 == 9) o.states.push_back(b->export_state());
    if (s % 4 != 0) b->record(s);
    if (s % 11 == 0) {
      std::vector<float> v, u;
      b->read_neurons(ids, v, u);
      o.probes.push_back(v);
      o.probes.push_back(u);
    }
    if (s % 97 == 0) keep(b->drain_recorded());
  }
  keep(b->drain_recorded());
  o.events = b->synaptic_events();
  o.states.push_back(b->export_state());
  return o;
}

}  // namespace

TEST_CASE("phase-by-phase calls with observations in between match the CPU", "[gpu][phases]") {
  const network net = model("polychronization", 13);
  const observations cpu = drive(net, backend_kind::cpu), gpu = drive(net, backend_kind::cuda);
  CHECK(cpu.counts == gpu.counts);
  CHECK(raster_difference(cpu.spikes, gpu.spikes).empty());
  CHECK(cpu.events == gpu.events);
  REQUIRE(cpu.probes.size() == gpu.probes.size());
  for (size_t k = 0; k < cpu.probes.size(); ++k) CHECK(array_difference("probe", cpu.probes[k], gpu.probes[k]).empty());
  const std::string d = states_difference(cpu.states, gpu.states);
  INFO("first divergence: " << d);
  CHECK(d.empty());
}

TEST_CASE("read_weights and read_neurons equal the exported state", "[gpu][phases]") {
  simulator sim(model("izhikevich2003", 3, {"n=3000", "k=200"}), make(backend_kind::cuda));
  sim.run_steps(100);
  const network_state s = sim.export_state();
  for (size_t p = 0; p < s.projections.size(); ++p) {
    std::vector<float> w;
    sim.read_weights(p, w);
    CHECK(array_difference("weights", s.projections[p].weight, w).empty());
  }
  const std::vector<uint32_t> ids = {2999, 0, 1234, 1234};
  std::vector<float> v, u;
  sim.read_neurons(ids, v, u);
  for (size_t k = 0; k < ids.size(); ++k) {
    CHECK(v[k] == s.neurons.v[ids[k]]);
    CHECK(u[k] == s.neurons.u[ids[k]]);
  }
}

TEST_CASE("a state exported by one backend continues exactly on the other", "[gpu][resume]") {
  const network net = model("polychronization", 17);
  // Reference: 1200 steps on the CPU.
  simulator whole(net, make(backend_kind::cpu));
  whole.run_steps(1200);
  const spike_record whole_spikes = whole.drain_spikes();
  // 600 on the CPU, then 600 on the GPU from the exported state (spikes in flight included).
  simulator first(net, make(backend_kind::cpu));
  first.run_steps(600);
  spike_record spikes = first.drain_spikes();
  simulator second(first.export_state(), make(backend_kind::cuda));
  second.run_steps(600);
  const spike_record rest = second.drain_spikes();
  spikes.step.insert(spikes.step.end(), rest.step.begin(), rest.step.end());
  spikes.neuron.insert(spikes.neuron.end(), rest.neuron.begin(), rest.neuron.end());
  CHECK(raster_difference(whole_spikes, spikes).empty());
  CHECK(state_difference(whole.export_state(), second.export_state()).empty());
  // And back: GPU state into the CPU.
  simulator third(second.export_state(), make(backend_kind::cpu));
  simulator fourth(whole.export_state(), make(backend_kind::cuda));
  third.run_steps(300);
  fourth.run_steps(300);
  CHECK(raster_difference(third.drain_spikes(), fourth.drain_spikes()).empty());
  CHECK(state_difference(third.export_state(), fourth.export_state()).empty());
}
