// Training on data (apps/tasks): interrupted and resumed runs equal uninterrupted ones bit for bit,
// whatever the backend or thread count; bad data and foreign snapshots give clear errors.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "apps/tasks/mnist_task.hpp"
#include "engine/errors.hpp"
#include "host/io/snapshot.hpp"
#include "kernels/backend_factory.hpp"
#include "tests/catch.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/forged_task.hpp"
#include "tests/helpers.hpp"
#include "tests/training_data.hpp"

using namespace engram;
using namespace engram::tasks;

namespace {

backend_factory cpu(int threads) {
  return [threads] {
    backend_options o;
    o.threads = threads;
    o.min_parallel_work = 1;  // every loop on every thread
    return make_backend(backend_kind::cpu, o);
  };
}

backend_factory emulated() {
  return [] { return std::make_unique<test::emulated_cuda_backend>(); };
}

mnist_setup small_setup(uint64_t samples) {
  mnist_setup s;
  s.excitatory = 8;
  s.train_samples = samples;
  s.seed = 5;
  return s;
}

mnist_run_options quiet() {
  mnist_run_options o;
  o.progress = false;
  return o;
}

void check_same_learning(const network_state& a, const network_state& b) {
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t p = 0; p < a.projections.size(); ++p) CHECK(a.projections[p].weight == b.projections[p].weight);
  CHECK(a.plasticity.theta == b.plasticity.theta);
  CHECK(a.neurons.v == b.neurons.v);
  CHECK(a.step == b.step);
}

}  // namespace

TEST_CASE("training N samples equals N/2, snapshot, resume from the file, N/2: bit for bit", "[training]") {
  const labelled_dataset data = test::synthetic_digits(60, 10, 3);
  mnist_trainer whole(small_setup(40), data, cpu(1));
  const mnist_summary all = whole.train(quiet());
  CHECK(all.finished);
  CHECK(all.samples == 40);

  mnist_trainer first(small_setup(40), data, cpu(1));
  mnist_run_options half = quiet();
  half.stop_after = 20;
  half.snapshot = test::temp_path("training_half.h5");
  CHECK_FALSE(first.train(half).finished);
  snapshot_info info;
  network_state saved = read_snapshot(half.snapshot, &info);
  CHECK(info.task.name == mnist_task_name);
  mnist_trainer second(std::move(saved), info.task, data, cpu(1));
  CHECK(second.progress().samples_seen == 20);
  CHECK(second.train(quiet()).finished);

  check_same_learning(whole.export_state(), second.export_state());
  CHECK(whole.progress().presentations == second.progress().presentations);
  CHECK(whole.progress().assignments == second.progress().assignments);
  // Learning happened: weights moved away from their initial values and thresholds rose.
  mnist_trainer fresh(small_setup(40), data, cpu(1));
  CHECK(fresh.export_state().projections[0].weight != whole.export_state().projections[0].weight);
  double theta = 0;
  for (float t : whole.export_state().plasticity.theta) theta += t;
  CHECK(theta > 0);
}

TEST_CASE("a training task state that contradicts itself is refused on load", "[training][errors]") {
  const labelled_dataset data = test::synthetic_digits(60, 10, 3);
  mnist_trainer first(small_setup(40), data, cpu(1));
  mnist_run_options half = quiet();
  half.stop_after = 20;
  half.snapshot = test::temp_path("training_forged.h5");
  first.train(half);
  auto reload = [&](auto&& edit) { return test::resume_forged<mnist_trainer>(half.snapshot, edit, data, cpu(1)); };
  CHECK_NOTHROW(reload([](task_state&) {}));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.counters["position"] = 40; }), Catch::Contains("position is beyond its own run"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["block_sums"].clear(), t.values["block_samples"].clear(); }),
                    Catch::Contains("label statistics do not fit its network"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["block_samples"][0] = -1; }), Catch::Contains("count a class outside"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["block_samples"][0] = std::nan(""); }), Catch::Contains("count a class outside"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["block_sums"][0] = std::nan(""); }), Catch::Contains("non-finite sum"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.indices["recent_correct"] = {5}; }), Catch::Contains("running accuracy"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.values["accuracy_log"] = {1.0}; }), Catch::Contains("accuracy log"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.counters["rest_us"] = uint64_t{1} << 50; }), Catch::Contains("--rest-ms"));
  CHECK_THROWS_WITH(reload([](task_state& t) { t.counters["excitatory"] = (uint64_t{1} << 32) + 8; }),
                    Catch::Contains("more than 32 bits"));
}

TEST_CASE("training on the emulated CUDA backend learns the CPU's weights bit for bit", "[training][emulated]") {
  const labelled_dataset data = test::synthetic_digits(20, 5, 4);
  mnist_trainer on_cpu(small_setup(6), data, cpu(1));
  mnist_trainer on_gpu(small_setup(6), data, emulated());
  on_cpu.train(quiet());
  on_gpu.train(quiet());
  check_same_learning(on_cpu.export_state(), on_gpu.export_state());
  CHECK(on_cpu.progress().presentations == on_gpu.progress().presentations);
}

TEST_CASE("training with 1 and 2 threads learns the same weights bit for bit", "[training][threads]") {
  const labelled_dataset data = test::synthetic_digits(30, 5, 6);
  mnist_trainer one(small_setup(12), data, cpu(1));
  mnist_trainer two(small_setup(12), data, cpu(2));
  one.train(quiet());
  two.train(quiet());
  check_same_learning(one.export_state(), two.export_state());
}

TEST_CASE("evaluation labels neurons and classifies with learning off", "[training]") {
  const labelled_dataset data = test::synthetic_digits(80, 30, 7);
  mnist_trainer t(small_setup(60), data, cpu(1));
  mnist_run_options o = quiet();
  o.snapshot = test::temp_path("training_eval.h5");
  t.train(o);
  snapshot_info info;
  const network_state s = read_snapshot(o.snapshot, &info);
  const mnist_evaluation e = evaluate_mnist(s, info.task, data, cpu(1), 40, 30, false, false);
  CHECK(e.confusion.total() == 30);
  CHECK(e.assignments.size() == 8);
  // Learning off: evaluating twice gives the same answer, and the snapshot's weights are unchanged.
  const mnist_evaluation again = evaluate_mnist(s, info.task, data, cpu(1), 40, 30, false, false);
  CHECK(again.confusion.counts == e.confusion.counts);
  CHECK_THROWS_WITH(evaluate_mnist(s, info.task, data, cpu(1), 40, 30, true, false), Catch::Contains("no validation images"));
  CHECK_THROWS_WITH(evaluate_mnist(s, info.task, data, cpu(1), 0, 30, false, false), Catch::Contains("--label-samples"));
}

TEST_CASE("engram train, stop, resume in a fresh process equals an uninterrupted run", "[training][cli]") {
  const std::string root = test::temp_path("training_data");
  test::write_idx_dataset(test::synthetic_digits(50, 20, 9), root);
  const std::string env = "ENGRAM_DATA_DIR=" + root + " ";
  const std::string bin = std::string(ENGRAM_BINARY);
  const std::string whole = test::temp_path("train_whole.h5"), part = test::temp_path("train_part.h5");
  const std::string common = " train mnist --exc 6 --train-samples 24 --seed 2 --threads 1 --quiet";
  const auto a = test::run_command(env + bin + common + " --snapshot " + whole);
  INFO(a.output);
  REQUIRE(a.exit_code == 0);
  const auto b = test::run_command(env + bin + common + " --snapshot " + part + " --stop-after 10");
  INFO(b.output);
  REQUIRE(b.exit_code == 0);
  CHECK(b.output.find("stopped at sample 10") != std::string::npos);
  const auto c = test::run_command(env + bin + " resume " + part + " --threads 1 --quiet --out " + test::temp_path("train_part_run.h5"));
  INFO(c.output);
  REQUIRE(c.exit_code == 0);
  CHECK(c.output.find("resumed at sample 10") != std::string::npos);
  CHECK(c.output.find("finished") != std::string::npos);
  check_same_learning(read_snapshot(whole), read_snapshot(part));
  const auto i = test::run_command(bin + " inspect " + part);
  INFO(i.output);
  CHECK(i.output.find("lif_cond") != std::string::npos);
  CHECK(i.output.find("task      mnist-diehl-cook on mnist: epoch 1 of 1, 24 samples seen") != std::string::npos);
  const auto e = test::run_command(env + bin + " evaluate " + part + " --label-samples 20 --test-samples 20 --quiet");
  INFO(e.output);
  CHECK(e.exit_code == 0);
  CHECK(e.output.find("on 20 test samples") != std::string::npos);
}

TEST_CASE("bad data, foreign snapshots and bad options give clear errors and overwrite nothing", "[training][cli][errors]") {
  const std::string bin = std::string(ENGRAM_BINARY);
  const std::string root = test::temp_path("training_bad_data");
  std::filesystem::remove_all(root);
  auto expect = [&](const std::string& cmd, const std::string& message) {
    const auto r = test::run_command("ENGRAM_DATA_DIR=" + root + " " + bin + " " + cmd);
    INFO(cmd << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(message) != std::string::npos);
  };
  // A snapshot that must survive every failed command below.
  const std::string keep = test::temp_path("training_keep.h5");
  { std::ofstream(keep) << "precious"; }
  expect("train mnist --snapshot " + keep + " --quiet", "run data/fetch.sh mnist");
  test::write_idx_dataset(test::synthetic_digits(30, 10, 1), root);
  {  // truncate the training labels
    const std::string labels = root + "/mnist/train-labels-idx1-ubyte";
    std::filesystem::resize_file(labels, std::filesystem::file_size(labels) - 3);
  }
  expect("train mnist --snapshot " + keep + " --quiet", "truncated");
  std::ifstream in(keep);
  std::string content;
  in >> content;
  CHECK(content == "precious");
  test::write_idx_dataset(test::synthetic_digits(30, 10, 1), root);
  expect("train mnist --train-samples 100 --quiet", "exceeds the 30 images");
  expect("train mnist --validation 30 --quiet", "leaves no training images");
  expect("train mnist --exc 0 --quiet", "--exc 0 must be in");
  expect("train mnist --out " + root + " --quiet", "a folder");
  expect("train mnist --out " + keep + " --snapshot " + keep + " --quiet", "name the same file");
  // A simulation snapshot is not a training snapshot.
  const std::string sim = test::temp_path("training_sim.h5");
  REQUIRE(test::run_command(bin + " run izhikevich2003 --set n=100 --duration 20ms --quiet --snapshot " + sim).exit_code == 0);
  expect("evaluate " + sim + " --quiet", "holds no training task");
}
