// Structural plasticity (docs/growth.md) on the CUDA backend: births, deaths, synapses made and
// pruned, and everything after them, the same as on the CPU bit for bit.
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

TEST_CASE("growth_demo: CPU and CUDA grow the same network bit for bit", "[gpu][identity][growth]") {
  const network net = plastic_model("growth_demo", 3, {"pool=300", "seed=60", "interval=250", "apoptosis_age=1000",
                                                       "prune_age=500", "schedule=4000"});
  const outcome cpu = simulate(net, backend_kind::cpu, 4000, 1000);
  const outcome gpu = simulate(net, backend_kind::cuda, 4000, 1000);
  INFO("first divergence: " << difference(cpu, gpu));
  REQUIRE(cpu.spikes.size() > 0);
  REQUIRE(cpu.state.growth.log.size() == 16 * 3);  // 16 phases: two projections and the cortex each
  CHECK(difference(cpu, gpu).empty());
  CHECK(cpu.state.growth.alive == gpu.state.growth.alive);
  CHECK(cpu.state.growth.born == gpu.state.growth.born);
  for (size_t i = 0; i < cpu.state.growth.projections.size(); ++i)
    CHECK(cpu.state.growth.projections[i].birth == gpu.state.growth.projections[i].birth);
  uint64_t changes = 0;
  for (const growth_record& r : cpu.state.growth.log) changes += r.made + r.pruned;
  CHECK(changes > 20);
}
