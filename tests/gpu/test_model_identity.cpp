// Every model gives the same spikes and the same final state on the CPU and on the GPU.
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

void check_identical(const network& net, uint64_t steps, uint64_t drain_every = 0) {
  const outcome cpu = simulate(net, backend_kind::cpu, steps, drain_every);
  const outcome gpu = simulate(net, backend_kind::cuda, steps, drain_every);
  INFO("first divergence: " << difference(cpu, gpu));
  REQUIRE(cpu.spikes.size() > 0);
  CHECK(difference(cpu, gpu).empty());
}

}  // namespace

TEST_CASE("every registered model with its defaults: CPU and CUDA agree bit for bit", "[gpu][identity]") {
  for (const auto& m : all_models()) {
    INFO("model " << m.name);
    const network net = model(m.name, 3);  // static synapses (see gpu_compare.hpp)
    if (has_plasticity(net)) {
      WARN("model " << m.name << " has plasticity, which the CUDA backend does not run yet: not compared");
      continue;
    }
    check_identical(net, 1000);
  }
}

TEST_CASE("izhikevich2003: all-to-all and fixed in-degree, several seeds", "[gpu][identity]") {
  for (uint64_t seed : {1u, 2u}) {
    INFO("seed " << seed);
    check_identical(model("izhikevich2003", seed), 1000);
    check_identical(model("izhikevich2003", seed, {"n=5000", "k=100"}), 1000, 250);
    check_identical(model("izhikevich2003", seed, {"n=2000", "substeps=4"}), 500);
    check_identical(model("izhikevich2003", seed, {"n=2000", "scheme=0"}), 500);
  }
}

TEST_CASE("polychronization: delays 1..20, random thalamic pulses", "[gpu][identity]") {
  check_identical(model("polychronization", 7), 2000, 300);
  check_identical(model("polychronization", 8, {"n=3000", "max_delay=30"}), 1000);
}
