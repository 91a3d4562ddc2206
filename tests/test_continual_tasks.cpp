// Continual-learning runs (apps/tasks/continual_task.hpp): the accuracy matrix's metrics, the
// split and permuted protocols on both arms, trace replay, validation images and neurogenesis.
#include <algorithm>
#include <cmath>

#include "apps/tasks/continual_task.hpp"
#include "apps/tasks/label_assignment.hpp"
#include "apps/tasks/mnist_studies.hpp"
#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"
#include "tests/training_data.hpp"

using namespace engram;
using namespace engram::tasks;

namespace {

// A continual run small enough for a test: 2 training images per class and task, 1 labelling
// (and buffered) image, 2 measured.
continual_setup tiny_continual(const char* protocol, uint32_t tasks, uint32_t excitatory) {
  continual_setup p;
  p.protocol = protocol;
  p.tasks = tasks;
  p.excitatory = excitatory;
  p.train_per_class = 2;
  p.label_per_class = 1;
  p.test_per_class = 2;
  p.buffer_per_class = 1;
  return p;
}

}  // namespace

TEST_CASE("continual learning: the metrics of an accuracy matrix", "[continual]") {
  accuracy_matrix m;
  m.tasks = 3;
  const double n = std::nan("");
  m.a = {0.9, n, n,  //
         0.7, 0.8, n,  //
         0.6, 0.85, 0.95};
  CHECK(m.average() == Approx((0.6 + 0.85 + 0.95) / 3));
  // task 0: best 0.9, final 0.6; task 1: best 0.85 (after task 2), final 0.85
  CHECK(m.forgetting() == Approx((0.3 + 0.0) / 2));
  CHECK(m.backward_transfer() == Approx(((0.6 - 0.9) + (0.85 - 0.8)) / 2));
}

TEST_CASE("continual learning: split and permuted protocols run on both arms", "[continual]") {
  labelled_dataset data = test::synthetic_digits(600, 300, 7);
  continual_setup s;
  s.train_per_class = 30;
  s.label_per_class = 5;
  s.test_per_class = 10;
  s.buffer_per_class = 10;
  const continual_result plain = run_continual_mlp(data, s, 40);
  s.replay = true;
  const continual_result replay = run_continual_mlp(data, s, 40);
  REQUIRE(plain.class_incremental.tasks == 2);
  CHECK(std::isnan(plain.class_incremental.at(0, 1)));
  CHECK(plain.class_incremental.at(0, 0) > 0.8);  // each task learnt
  CHECK(plain.class_incremental.at(1, 1) > 0.8);
  // (the synthetic classes use nearly disjoint pixels, so even the plain MLP forgets little here;
  // on MNIST it forgets nearly everything: docs/learning.md)
  CHECK(replay.class_incremental.forgetting() <= plain.class_incremental.forgetting() + 0.05);

  // the spiking network through two small permuted tasks, on the CPU
  continual_setup p = tiny_continual("permuted-mnist", 2, 20);
  p.replay = true;
  const continual_result r = run_continual(data, p, test::one_thread_cpu(), false);
  // training 20 + (20 new + 20 replayed); evaluations (10 labels + 20 tests) + (20 labels + 40 tests)
  CHECK(r.presentations == 20 + 40 + 30 + 60);
  for (uint32_t i = 0; i < 2; ++i)
    for (uint32_t j = 0; j <= i; ++j) {
      CHECK(r.class_incremental.at(i, j) >= 0.0);
      CHECK(r.linear_class_incremental.at(i, j) >= 0.0);
      CHECK(r.linear_task_incremental.at(i, j) >= 0.0);
    }
  CHECK(r.excitatory == 20);
  p.readout_inhibition = -1;
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("readout_inhibition -1 must be in [0, 10]"));
  p.readout_inhibition = 1;
  p.born_per_task = 30000;
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("more than 20,000 excitatory neurons"));
  p.born_per_task = 0;
  p.protocol = "rotated";
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("unknown protocol 'rotated'"));
}

TEST_CASE("continual learning: trace replay stores every kept image's activity and replays one after each new image", "[continual]") {
  labelled_dataset data = test::synthetic_digits(600, 300, 7);
  continual_setup p = tiny_continual("permuted-mnist", 2, 20);
  p.trace_replay = true;
  const continual_result r = run_continual(data, p, test::one_thread_cpu(), false);
  CHECK(r.replays == 20);  // task 2's images, none during task 1 (no past task yet)
  CHECK(r.traces == 20);   // one kept image per class and task, each its own trace
  CHECK(r.trace_members > 3);
  CHECK(r.trace_members < 784);
  CHECK(r.presentations == 20 + 20 + 30 + 60);  // the offline phases are not presentations
  const continual_result again = run_continual(data, p, test::one_thread_cpu(), false);
  for (uint32_t i = 0; i < 2; ++i)
    for (uint32_t j = 0; j <= i; ++j) CHECK(again.linear_class_incremental.at(i, j) == r.linear_class_incremental.at(i, j));
  CHECK(again.trace_members == r.trace_members);
  p.buffer_per_class = 0;
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("need buffer_per_class >= 1"));
}

TEST_CASE("continual learning: validation images are class-balanced and never trained on", "[continual]") {
  labelled_dataset data = test::synthetic_digits(600, 300, 7);
  continual_setup s;
  s.train_per_class = 20;
  s.test_per_class = 10;
  const std::vector<uint32_t> held = validation_images(data.train, s);
  REQUIRE(held.size() == 100);
  std::vector<uint32_t> per_class(class_count, 0);
  for (uint32_t i : held) ++per_class[data.train.labels[i]];
  CHECK(per_class == std::vector<uint32_t>(class_count, 10));
  for (uint32_t t = 0; t < 2; ++t)  // the training draws of both tasks (make_tasks' streams)
    for (uint32_t i : balanced_subset(data.train, s.train_per_class, s.seed, 3100 + t))
      CHECK(std::find(held.begin(), held.end(), i) == held.end());
  s.test_per_class = 40;  // more than the classes have left
  CHECK_THROWS_WITH(validation_images(data.train, s), Catch::Contains("images left beside the training images"));
  // measured there, with weaker inhibition, the run completes with the same presentations
  continual_setup p = tiny_continual("split-mnist", 0, 10);
  p.validation = true;
  p.readout_inhibition = 0.1;
  const continual_result r = run_continual(data, p, test::one_thread_cpu(), false);
  CHECK(r.presentations == 10 + 10 + (5 + 10) + (10 + 20));
}

TEST_CASE("continual learning: neurogenesis gives every later task its newborn neurons", "[continual]") {
  labelled_dataset data = test::synthetic_digits(600, 300, 7);
  continual_setup p = tiny_continual("permuted-mnist", 3, 12);
  p.born_per_task = 6;
  const continual_result r = run_continual(data, p, test::one_thread_cpu(), false);
  CHECK(r.excitatory == 12 + 2 * 6);  // the run checks the count after each task's births as well
  CHECK(r.presentations == 3 * 20 + (10 + 20) + (20 + 40) + (30 + 60));
  for (uint32_t i = 0; i < 3; ++i)
    for (uint32_t j = 0; j <= i; ++j) CHECK(r.linear_class_incremental.at(i, j) >= 0.0);
  // births, growth switches and rebuilt trainers are deterministic: the same run twice is the same
  const continual_result again = run_continual(data, p, test::one_thread_cpu(), false);
  for (uint32_t i = 0; i < 3; ++i)
    for (uint32_t j = 0; j <= i; ++j) {
      CHECK(again.class_incremental.at(i, j) == r.class_incremental.at(i, j));
      CHECK(again.linear_task_incremental.at(i, j) == r.linear_task_incremental.at(i, j));
    }
}
