// Across processes and backends through snapshot files: a plastic run of 2T on the CPU equals T on
// one backend, a snapshot, and T resumed from it in a fresh `engram` process on the other, bit for
// bit (spikes and the whole final state, weights and plastic state included). Needs the CLI to
// reach a real device, so it is a [device] test.
#include "host/io/snapshot.hpp"
#include "tests/catch.hpp"
#include "tests/gpu/gpu_compare.hpp"
#include "tests/helpers.hpp"

using namespace engram;
using namespace engram::gpu_test;

namespace {

void run_ok(const std::string& command) {
  const auto r = test::run_command(command);
  INFO(command << "\n" << r.output);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("engram resume moves a plastic run between CPU and CUDA exactly", "[gpu][resume][plasticity][cli][device]") {
  const std::string bin = ENGRAM_BINARY, dir = test::temp_path("");
  const std::string model = " polychronization --seed 9 --quiet";
  run_ok(bin + " run" + model + " --duration 600ms --backend cpu --snapshot " + dir + "straight.h5");
  const network_state straight = read_snapshot(dir + "straight.h5");
  for (auto [first, second] : {std::pair{"cuda", "cpu"}, std::pair{"cpu", "cuda"}}) {
    INFO(first << " then " << second);
    const std::string half = dir + first + "_half.h5", end = dir + first + "_end.h5";
    run_ok(bin + " run" + model + " --duration 300ms --backend " + first + " --snapshot " + half);
    run_ok(bin + " resume " + half + " --duration 300ms --quiet --backend " + second + " --snapshot " + end);
    const std::string d = state_difference(straight, read_snapshot(end));
    INFO("first divergence: " << d);
    CHECK(d.empty());
  }
}
