// The A11 growth benchmark (apps/tasks/growth_mnist.hpp, `engram train growth-mnist`) on a tiny
// synthetic data set (no download): every arm runs, the growing one fills its pool with its
// inhibitory twins, sizes and accuracies land in the results JSON, and bad setups are refused.
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/catch.hpp"
#include "tests/helpers.hpp"
#include "tests/training_data.hpp"

using namespace engram;

TEST_CASE("engram train growth-mnist runs fixed, growing and fixed-max arms on a tiny set", "[growth][training][cli]") {
  const std::string root = test::temp_path("growth_mnist_data");
  test::write_idx_dataset(test::synthetic_digits(80, 10, 4), root);
  const std::string out = test::temp_path("growth_mnist.json");
  const std::string bin = std::string(ENGRAM_BINARY);
  const std::string sets =
      " --set fixed_exc=4 --set start_exc=4 --set max_exc=8 --set grow_every=1 --set train_samples=40 --set checkpoint_every=20"
      " --set validation=20 --set label_samples=20 --set test_samples=10";
  const auto r = test::run_command("ENGRAM_DATA_DIR=" + root + " " + bin + " train growth-mnist --seed 2 --threads 1 --quiet" + sets +
                                   " --out " + out);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(out);
  const nlohmann::json j = nlohmann::json::parse(in);
  REQUIRE(j["arms"].size() == 3);
  for (const auto& arm : j["arms"]) {
    INFO(arm["arm"]);
    REQUIRE(arm["checkpoints"].size() == 2);
    for (const auto& c : arm["checkpoints"]) {
      CHECK(c["accuracy"].get<double>() >= 0.0);
      CHECK(c["accuracy"].get<double>() <= 1.0);
      CHECK(c["neurons"].get<uint32_t>() == 2 * c["excitatory"].get<uint32_t>());  // each with its inhibitory partner
    }
  }
  const auto& fixed = j["arms"][0]["checkpoints"];
  const auto& growing = j["arms"][1]["checkpoints"];
  const auto& reference = j["arms"][2]["checkpoints"];
  CHECK(j["arms"][1]["start"]["neurons"] == 8);  // 4 excitatory and their 4 inhibitory twins
  CHECK(fixed[1]["excitatory"] == 4);
  CHECK(growing[1]["excitatory"] == 8);  // one birth per presentation: the pool is full within 40 images
  CHECK(growing[1]["synapses"] == reference[1]["synapses"]);  // grown as the fixed-max network is built
  CHECK(growing[0]["samples"] == 20);
  CHECK(growing[1]["samples"] == 40);

  const auto bad = test::run_command("ENGRAM_DATA_DIR=" + root + " " + bin + " train growth-mnist --quiet" + sets +
                                     " --set start_exc=9");
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.output, Catch::Contains("0 < start_exc <= max_exc"));
}
