// Continual learning's saved spike counts (apps/tasks/continual_counts.hpp): a run's readouts
// fitted again from its counts file are the run's own, bit for bit; a damaged or foreign file is
// refused by name.
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "apps/tasks/continual_counts.hpp"
#include "apps/tasks/continual_task.hpp"
#include "engine/errors.hpp"
#include "host/io/training_report.hpp"
#include "kernels/backend_factory.hpp"
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
  return run_continual(data, p, [] {
    backend_options o;
    o.threads = 1;
    return make_backend(backend_kind::cpu, o);
  }, false);
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

TEST_CASE("continual counts: a damaged, foreign or inconsistent counts file is refused by name", "[continual][errors]") {
  CHECK_THROWS_WITH(read_continual_counts(test::temp_path("no_such_counts.h5")), Catch::Contains("no such file"));
  const std::string foreign = test::temp_path("continual_counts_foreign.h5");
  training_report report;
  report.task = "mnist";
  write_training_report(foreign, report);
  CHECK_THROWS_WITH(read_continual_counts(foreign), Catch::Contains("not a counts file"));

  continual_counts c;
  c.protocol = "split-mnist";
  c.arm = "plain";
  c.measured_on = "test";
  c.tasks = 2;
  c.task_classes = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
  for (uint32_t i = 0; i < 2; ++i) {
    evaluation_counts e;
    e.after_task = i;
    e.neurons = 2;
    e.label_class = {0};
    e.label_task = {0};
    e.label_counts = {3, 1};
    e.test_class = {4};
    e.test_task = {0};
    e.test_counts = {0, 2};
    c.evaluations.push_back(e);
  }
  const std::string path = test::temp_path("continual_counts_bad.h5");
  write_continual_counts(path, c);
  CHECK_NOTHROW(read_continual_counts(path));
  continual_counts wrong_class = c;
  wrong_class.evaluations[1].test_class = {7};  // digit 7 is not one of task 1's (0-4)
  write_continual_counts(path, wrong_class);
  CHECK_THROWS_WITH(read_continual_counts(path), Catch::Contains("test row 0 has class 7, not one of task 0's"));
  continual_counts later_task = c;
  later_task.evaluations[0].label_task = {1};  // a row of task 2 in the evaluation after task 1
  write_continual_counts(path, later_task);
  CHECK_THROWS_WITH(read_continual_counts(path), Catch::Contains("label row 0 is of task 1, after task 0"));
  continual_counts short_counts = c;
  short_counts.evaluations[1].label_counts = {3};  // one row of two neurons needs two counts
  write_continual_counts(path, short_counts);
  CHECK_THROWS_WITH(read_continual_counts(path), Catch::Contains("label_counts"));
  continual_counts missing = c;
  missing.evaluations.pop_back();
  write_continual_counts(path, missing);
  CHECK_THROWS_WITH(read_continual_counts(path), Catch::Contains("the evaluation 'after_task_01' is missing"));
  // rescoring needs every task's held-out rows: task 2 (digits 5-9) has none after task 2 here
  CHECK_THROWS_WITH(rescore_continual(c, continual_setup{}), Catch::Contains("task 2 has no"));
  continual_counts unchecked = c;  // built in memory, never read through the file's checks
  unchecked.evaluations[0].label_task = {1};
  CHECK_THROWS_WITH(rescore_continual(unchecked, continual_setup{}), Catch::Contains("labelling row 0 (task 2, class 0) after task 1"));
  unchecked = c;
  unchecked.evaluations[1].test_counts.pop_back();
  CHECK_THROWS_WITH(rescore_continual(unchecked, continual_setup{}), Catch::Contains("do not fit their rows"));
  std::filesystem::remove(path);
  std::filesystem::remove(foreign);
}
