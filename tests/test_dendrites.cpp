// Dendritic attenuation (engine/morphology.hpp, docs/rhythms.md#dendrites): the factors are the
// seed's cable formula for every template, bad placements are refused, and delivery scales each
// synapse by its compartment's factor on the CPU and on the emulated CUDA kernels alike.
#include <cmath>
#include <cstring>
#include <set>

#include "engine/errors.hpp"
#include "engine/layout.hpp"
#include "host/io/snapshot.hpp"
#include "kernels/common/dendrites.hpp"
#include "kernels/common/fixed_point.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

double cable(double length, double diameter) { return std::exp(-length / (std::sqrt(diameter / (4 * 150 * 0.001)) * 1000)); }

// One source neuron spiking at 0 ms onto `n` pyramidal LIF neurons (delta synapses, weight 2 mV)
// on proximal, distal and apical compartments; plus noise-driven recurrence for the dynamic check.
network dendritic_network(uint32_t n = 200, bool recurrent = false) {
  network net;
  net.dt_ms = 0.5;
  net.seed = 17;
  net.populations.push_back(test::spike_source("cue", 1, {{0, 0.0}}));
  lif_params l;
  l.tau_syn = 0;
  population pyr = lif_population("pyr", n, l);
  pyr.shape = morphology::pyramidal;
  net.populations.push_back(pyr);
  projection pr;
  pr.name = "cue_pyr";
  pr.pre = "cue";
  pr.post = "pyr";
  pr.weight = distribution::fixed(2.0);
  pr.delay_ms = distribution::fixed(0.5);
  pr.compartments = {compartment::proximal, compartment::distal, compartment::apical};
  net.projections.push_back(pr);
  if (recurrent) {
    projection rec = pr;
    rec.name = "pyr_pyr";
    rec.pre = rec.post = "pyr";
    rec.connect.type = connector::kind::fixed_probability;
    rec.connect.probability = 0.1;
    rec.weight = distribution::between(0.5, 3.0);
    rec.delay_ms = distribution::between(0.5, 4.0);
    rec.compartments = {compartment::distal, compartment::apical};
    net.projections.push_back(rec);
    input drive;
    drive.type = input::kind::noise;
    drive.population = "pyr";
    drive.mean = 330;
    drive.sd = 200;
    net.inputs.push_back(drive);
  }
  return net;
}

std::string error_of(const network& net) {
  try {
    initial_state(net);
  } catch (const error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("attenuation factors are the seed's cable formula for each template", "[dendrites]") {
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::soma) == 1.0);
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::proximal) == Approx(cable(100, 3)).epsilon(1e-14));
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::distal) == Approx(cable(200, 1.5) * cable(100, 3)).epsilon(1e-14));
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::apical) == Approx(cable(300, 2)).epsilon(1e-14));
  CHECK(compartment_attenuation(morphology::interneuron, compartment::proximal) == Approx(cable(80, 2.5)).epsilon(1e-14));
  CHECK(compartment_attenuation(morphology::stellate, compartment::proximal) == Approx(cable(80, 2)).epsilon(1e-14));
  CHECK(compartment_attenuation(morphology::stellate, compartment::distal) == Approx(cable(120, 1.2)).epsilon(1e-14));
  // The seed's own rounded numbers (its specification, section A8).
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::proximal) == Approx(0.956).margin(0.001));
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::distal) == Approx(0.84).margin(0.005));
  CHECK(compartment_attenuation(morphology::pyramidal, compartment::apical) == Approx(0.85).margin(0.005));
  CHECK(compartment_attenuation(morphology::interneuron, compartment::proximal) == Approx(0.96).margin(0.005));
  CHECK_THROWS_AS(compartment_attenuation(morphology::interneuron, compartment::apical), invalid_network);
  CHECK_THROWS_AS(parse_compartment("axon"), invalid_parameter);
  CHECK(parse_morphology("stellate") == morphology::stellate);
}

TEST_CASE("placements a morphology cannot take are refused with the reason", "[dendrites][errors]") {
  network net = dendritic_network();
  net.populations[1].shape = morphology::interneuron;
  CHECK_THAT(error_of(net), Catch::Matchers::Contains("no distal compartment"));
  net.populations[1].shape = morphology::none;
  CHECK_THAT(error_of(net), Catch::Matchers::Contains("no morphology"));
  net = dendritic_network();
  net.projections[0].compartments.assign(5, compartment::proximal);
  CHECK_THAT(error_of(net), Catch::Matchers::Contains("at most 4"));
}

TEST_CASE("delivery scales each synapse by its compartment's factor, on the CPU and the emulated CUDA kernels", "[dendrites][cuda-emulation]") {
  const network net = dendritic_network();
  const network_state initial = initial_state(net);
  const synapse_table& t = initial.projections[0];
  REQUIRE(t.dendrite_choices == 3);
  std::vector<std::unique_ptr<backend>> backends;
  backends.push_back(make_backend(backend_kind::cpu, {1}));
  backends.push_back(std::make_unique<test::emulated_cuda_backend>());
  std::vector<std::vector<int64_t>> rings;
  for (auto& b : backends) {
    simulator sim(net, std::move(b));
    sim.run_steps(1);  // the cue spikes at step 0; its synapses land in the slot of step 1
    const network_state s = sim.export_state();
    const uint32_t n = s.neuron_count(), slot = 1 % s.ring_slots;
    std::set<float> gains;
    for (uint32_t j = 0; j < 200; ++j) {
      const float gain = dendrite_gain(t.dendrite_gain, t.dendrite_choices, t.dendrite_key, 0, j);
      gains.insert(gain);
      CHECK(s.ring[slot * n + 1 + j] == to_fixed(attenuated_weight(2.0f, gain)));
    }
    CHECK(gains.size() == 3);  // every compartment is used
    rings.push_back(s.ring);
  }
  CHECK(rings[0] == rings[1]);
  // Not stored per synapse: the same eight bytes as before.
  CHECK(initial.synapse_bytes() == t.bytes());
}

TEST_CASE("a recurrent dendritic network runs identically on the CPU and the emulated CUDA kernels", "[dendrites][cuda-emulation]") {
  const network net = dendritic_network(300, true);
  simulator cpu(net, make_backend(backend_kind::cpu, {2}));
  simulator emulated(net, std::make_unique<test::emulated_cuda_backend>(true));
  cpu.run_steps(400);
  emulated.run_steps(400);
  const spike_record a = cpu.drain_spikes(), b = emulated.drain_spikes();
  REQUIRE(a.size() > 100);
  CHECK(a.step == b.step);
  CHECK(a.neuron == b.neuron);
  const network_state x = cpu.export_state(), y = emulated.export_state();
  CHECK(x.ring == y.ring);
  CHECK(std::memcmp(x.neurons.v.data(), y.neurons.v.data(), x.neurons.v.size() * sizeof(float)) == 0);
}

TEST_CASE("a snapshot keeps the dendritic factors and resumes exactly", "[dendrites][snapshot]") {
  const network net = dendritic_network(300, true);
  auto straight = test::cpu_simulator(net, 1);
  straight->run_steps(300);
  auto first = test::cpu_simulator(net, 1);
  first->run_steps(150);
  const std::string path = test::temp_path("dendrites.h5");
  write_snapshot(path, first->export_state(), {});
  const network_state loaded = read_snapshot(path);
  const network_state before = first->export_state();
  for (size_t p = 0; p < before.projections.size(); ++p) {
    CHECK(loaded.projections[p].dendrite_choices == before.projections[p].dendrite_choices);
    CHECK(loaded.projections[p].dendrite_key == before.projections[p].dendrite_key);
    CHECK(std::memcmp(loaded.projections[p].dendrite_gain, before.projections[p].dendrite_gain, sizeof(float) * 4) == 0);
  }
  simulator second(loaded, make_backend(backend_kind::cpu, {1}));
  second.run_steps(150);
  CHECK(second.export_state().ring == straight->export_state().ring);
  CHECK(std::memcmp(second.export_state().neurons.v.data(), straight->export_state().neurons.v.data(), 300 * 4 + 4) == 0);
}
