// Same seed, same raster: across repeated runs and across OpenMP thread counts.
#include <cstring>

#include "apps/models/registry.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

namespace {

network model(const std::string& name, uint64_t seed, std::vector<std::string> sets = {}) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  for (const auto& s : sets) p.set(s, name);
  return m.build(p, m.default_dt_ms, seed);
}

struct outcome {
  spike_record spikes;
  network_state state;
};

outcome simulate(const network& net, int threads, uint64_t steps) {
  auto sim = test::cpu_simulator(net, threads);
  sim->run_steps(steps);
  return {sim->drain_spikes(), sim->export_state()};
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("same seed gives an identical raster, another seed a different one", "[determinism]") {
  const auto net = model("izhikevich2003", 5, {"n=400"});
  const auto a = simulate(net, 2, 400), b = simulate(net, 2, 400);
  REQUIRE(a.spikes.size() > 100);
  CHECK(a.spikes.step == b.spikes.step);
  CHECK(a.spikes.neuron == b.spikes.neuron);
  const auto c = simulate(model("izhikevich2003", 6, {"n=400"}), 2, 400);
  CHECK(c.spikes.neuron != a.spikes.neuron);
}

TEST_CASE("1 and 2 OpenMP threads give bit-identical rasters and state", "[determinism][threads]") {
  for (const char* name : {"izhikevich2003", "polychronization"}) {
    INFO(name);
    const auto net = model(name, 9, {"n=600"});
    const auto one = simulate(net, 1, 600), two = simulate(net, 2, 600);
    REQUIRE(one.spikes.size() > 100);
    CHECK(one.spikes.step == two.spikes.step);
    CHECK(one.spikes.neuron == two.spikes.neuron);
    CHECK(same_bits(one.state.neurons.v, two.state.neurons.v));
    CHECK(same_bits(one.state.neurons.u, two.state.neurons.u));
    CHECK(one.state.ring == two.state.ring);
  }
}
