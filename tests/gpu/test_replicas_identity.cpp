// Batched replicas on the device: a batch of polychronization networks with STDP (a sigma x A+
// grid, as `engram sweep` runs it) gives every replica the spikes and final weights of its network
// run alone on the CPU. A [device] test: the emulated path is checked by engram_tests "[replicas]".
#include <algorithm>

#include "apps/research/replica_batch.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"

using namespace engram;
using namespace engram::gpu_test;

TEST_CASE("a batch of replicas on CUDA equals each replica run alone on the CPU", "[gpu][replicas][device]") {
  if (!cuda_runs_plasticity()) return;
  const auto& m = find_model("polychronization");
  std::vector<research::replica_spec> specs;
  for (double sigma : {0.15, 0.3})
    for (double a_plus : {0.05, 0.2})
      specs.push_back({static_cast<uint64_t>(specs.size() + 1), {"n=500", "m=50", fmt::format("sigma={}", sigma), fmt::format("a_plus={}", a_plus)}});
  const network batch_net = research::model_batch(m, specs, m.default_dt_ms);
  const uint64_t steps = 2000;  // two STDP derivative periods
  const outcome gpu = simulate(batch_net, backend_kind::cuda, steps, 500);
  for (uint32_t r = 0; r < specs.size(); ++r) {
    INFO("replica " << r);
    model_params p = m.parameters();
    for (const auto& s : specs[r].sets) p.set(s, m.name);
    const outcome cpu = simulate(m.build(p, m.default_dt_ms, specs[r].seed), backend_kind::cpu, steps, 500);
    const replica& rep = batch_net.replicas[r];
    const uint32_t first = gpu.state.populations[rep.first_population].first, end = first + cpu.state.neuron_count();
    std::vector<std::pair<uint64_t, uint32_t>> mine, alone;
    for (size_t k = 0; k < gpu.spikes.size(); ++k)
      if (gpu.spikes.neuron[k] >= first && gpu.spikes.neuron[k] < end) mine.emplace_back(gpu.spikes.step[k], gpu.spikes.neuron[k] - first);
    for (size_t k = 0; k < cpu.spikes.size(); ++k) alone.emplace_back(cpu.spikes.step[k], cpu.spikes.neuron[k]);
    std::sort(mine.begin(), mine.end());
    std::sort(alone.begin(), alone.end());
    REQUIRE(alone.size() > 1000);
    CHECK(mine == alone);
    for (uint32_t k = 0; k < rep.projection_count; ++k) {
      INFO("projection " << cpu.state.projections[k].name);
      CHECK(array_difference("weight", cpu.state.projections[k].weight, gpu.state.projections[rep.first_projection + k].weight).empty());
    }
  }
}
