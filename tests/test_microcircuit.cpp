// The microcircuit (Potjans & Diesmann 2014) at scale 0.02 (1,544 neurons, 6 million synapses,
// in-degrees kept) builds and, driven by its background, every population fires within 200 ms.
#include "apps/models/registry.hpp"
#include "engine/simulator.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"

using namespace engram;

TEST_CASE("microcircuit at scale 0.02: every population active", "[microcircuit]") {
  const auto& m = find_model("microcircuit");
  model_params p = m.parameters();
  p.set("scale=0.02", "microcircuit");
  const network net = m.build(p, m.default_dt_ms, 1);
  REQUIRE(net.populations.size() == 8);
  auto sim = test::cpu_simulator(net, 2);
  std::vector<uint64_t> spikes(8, 0);
  std::vector<uint32_t> first(8, 0);
  for (int k = 1; k < 8; ++k) first[k] = first[k - 1] + net.populations[k - 1].size;
  sim->run_steps(2000);
  for (uint32_t neuron : sim->drain_spikes().neuron)
    for (int k = 7; k >= 0; --k)
      if (neuron >= first[k]) {
        ++spikes[k];
        break;
      }
  for (int k = 0; k < 8; ++k) {
    const double rate = spikes[k] / (net.populations[k].size * 0.2);
    INFO(net.populations[k].name << ": " << rate << " Hz");
    CHECK(rate > 0.3);
    CHECK(rate < 50);
  }
}
