// Continual learning's saved spike counts (apps/tasks/continual_counts.hpp): a run's readouts
// fitted again from its counts file are the run's own, bit for bit, and repeated measurement
// sums each image's presentations (bad files: test_continual_counts_files.cpp).
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "apps/tasks/continual_counts.hpp"
#include "apps/tasks/continual_task.hpp"
#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"
#include "tests/training_data.hpp"

using namespace engram;
using namespace engram::tasks;

namespace {

continual_setup small_permuted() {
  continual_setup p;
  p.protocol = "permuted-mnist";
  p.tasks = 3;
  p.excitatory = 12;
  p.born_per_task = 4;
  p.train_per_class = 2;
  p.label_per_class = 2;
  p.test_per_class = 2;
  p.buffer_per_class = 1;
  p.readout_iterations = 200;
  p.keep_counts = true;
  return p;
}

continual_result small_run(const continual_setup& p) {
  const labelled_dataset data = test::synthetic_digits(600, 300, 7);
  return run_continual(data, p, test::one_thread_cpu(), false);
}

void check_same(const accuracy_matrix& a, const accuracy_matrix& b) {
  REQUIRE(a.tasks == b.tasks);
  for (uint32_t i = 0; i < a.tasks; ++i)
    for (uint32_t j = 0; j <= i; ++j) CHECK(a.at(i, j) == b.at(i, j));
}

}  // namespace

TEST_CASE("continual counts: the readouts fitted again from a run's counts file are the run's, bit for bit", "[continual]") {
  const continual_setup p = small_permuted();
  const continual_result run = small_run(p);
  const continual_counts& c = run.counts;
  REQUIRE(c.evaluations.size() == 3);
  for (uint32_t i = 0; i < 3; ++i) {
    const evaluation_counts& e = c.evaluations[i];
    CHECK(e.after_task == i);
    CHECK(e.neurons == 12 + 4 * i);             // the newborns of every task so far
    CHECK(e.label_rows() == 20 * (i + 1));      // two labelling images per class and task
    CHECK(e.test_rows() == 20 * (i + 1));       // two held-out images per class and task
    CHECK(e.label_counts.size() == uint64_t{e.label_rows()} * e.neurons);
    CHECK(e.test_task.back() == i);
  }
  const std::string path = test::temp_path("continual_counts_round_trip.h5");
  continual_counts named = c;
  named.arm = "plain";
  write_continual_counts(path, named);
  const continual_counts back = read_continual_counts(path);
  CHECK(back.protocol == "permuted-mnist");
  CHECK(back.measured_on == "test");
  CHECK(back.tasks == 3);
  CHECK(back.task_classes == c.task_classes);
  REQUIRE(back.evaluations.size() == 3);
  CHECK(back.evaluations[2].test_counts == c.evaluations[2].test_counts);

  const continual_result again = rescore_continual(back, p);
  check_same(again.class_incremental, run.class_incremental);
  check_same(again.task_incremental, run.task_incremental);
  check_same(again.linear_class_incremental, run.linear_class_incremental);
  check_same(again.linear_task_incremental, run.linear_task_incremental);
  CHECK(again.excitatory == run.excitatory);

  // only the last row refitted: the same last row, the others left NaN
  const continual_result last = rescore_continual(back, p, 1);
  CHECK(last.linear_class_incremental.average() == run.linear_class_incremental.average());
  CHECK(std::isnan(last.linear_class_incremental.at(1, 0)));

  // the labelling rows cut to the first of each class and task: those of a run with fewer
  const continual_counts one = fewer_label_rows(back, 1);
  for (uint32_t i = 0; i < 3; ++i) {
    const evaluation_counts &all = back.evaluations[i], &cut = one.evaluations[i];
    REQUIRE(cut.label_rows() == 10 * (i + 1));
    for (uint32_t r = 0, k = 0; r < all.label_rows(); ++r) {
      bool first = true;  // the first row of its (task, class)?
      for (uint32_t q = 0; q < r; ++q) first &= !(all.label_task[q] == all.label_task[r] && all.label_class[q] == all.label_class[r]);
      if (!first) continue;
      CHECK(cut.label_class[k] == all.label_class[r]);
      CHECK(std::equal(cut.label_counts.begin() + uint64_t{k} * cut.neurons, cut.label_counts.begin() + uint64_t{k + 1} * cut.neurons,
                       all.label_counts.begin() + uint64_t{r} * all.neurons));
      ++k;
    }
  }
  const continual_counts none = fewer_label_rows(back, 0);
  CHECK(none.evaluations[1].label_rows() == 0);
  CHECK(none.evaluations[1].test_counts == back.evaluations[1].test_counts);

  // a readout variant changes the linear readout alone: the vote reads the counts themselves
  continual_setup roots = p;
  roots.readout_power = 0.5;
  const continual_result rooted = rescore_continual(back, roots);
  check_same(rooted.class_incremental, run.class_incremental);
  roots.readout_power = 0.0;
  CHECK_THROWS_WITH(rescore_continual(back, roots), Catch::Contains("readout_power in (0, 4]"));
  std::filesystem::remove(path);
}

TEST_CASE("continual counts: measure_repeats sums each measured image's presentations", "[continual]") {
  continual_setup p = small_permuted();
  const continual_result once = small_run(p);
  p.measure_repeats = 2;
  const continual_result twice = small_run(p);
  uint64_t measured = 0;  // images measured over the whole run: each is presented twice now, once before
  for (const evaluation_counts& e : once.counts.evaluations) measured += e.label_rows() + e.test_rows();
  CHECK(twice.presentations == once.presentations + measured);
  CHECK(twice.counts.measure_repeats == 2);
  REQUIRE(twice.counts.evaluations.size() == once.counts.evaluations.size());
  uint64_t spikes_once = 0, spikes_twice = 0;
  for (size_t i = 0; i < once.counts.evaluations.size(); ++i) {
    const evaluation_counts &a = once.counts.evaluations[i], &b = twice.counts.evaluations[i];
    CHECK(b.label_class == a.label_class);  // the same images, rows and network size
    CHECK(b.test_task == a.test_task);
    CHECK(b.neurons == a.neurons);
    for (uint32_t c : a.label_counts) spikes_once += c;
    for (uint32_t c : b.label_counts) spikes_twice += c;
  }
  // two presentations of the same images by the same trained networks: about twice the spikes
  REQUIRE(spikes_once > 100);
  CHECK(double(spikes_twice) > 1.6 * double(spikes_once));
  CHECK(double(spikes_twice) < 2.4 * double(spikes_once));
  p.measure_repeats = 0;
  CHECK_THROWS_WITH(small_run(p), Catch::Contains("measure_repeats 0 must be 1..16"));
}
