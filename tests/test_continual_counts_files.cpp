// Continual learning's counts files (apps/tasks/continual_counts.hpp) from anywhere: a missing,
// foreign, inconsistent or byte-flipped file is refused by name, never a crash or a wrong answer.
// (In the sanitizer run: no training data needed.)
#include <filesystem>
#include <random>

#include "apps/tasks/continual_counts.hpp"
#include "apps/tasks/continual_task.hpp"
#include "engine/errors.hpp"
#include "host/io/training_report.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"
#include "tests/sonata_fixture.hpp"

using namespace engram;
using namespace engram::tasks;

namespace {

// Split-MNIST's two tasks, two neurons, one labelling and one held-out row of task 1 in each evaluation.
continual_counts two_tasks() {
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
  return c;
}

}  // namespace

TEST_CASE("continual counts: a damaged, foreign or inconsistent counts file is refused by name", "[continual][errors]") {
  CHECK_THROWS_WITH(read_continual_counts(test::temp_path("no_such_counts.h5")), Catch::Contains("no such file"));
  const std::string foreign = test::temp_path("continual_counts_foreign.h5");
  training_report report;
  report.task = "mnist";
  write_training_report(foreign, report);
  CHECK_THROWS_WITH(read_continual_counts(foreign), Catch::Contains("not a counts file"));

  const continual_counts c = two_tasks();
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
  continual_counts no_repeats = c;
  no_repeats.measure_repeats = 0;  // every measured image needs at least one presentation
  write_continual_counts(path, no_repeats);
  CHECK_THROWS_WITH(read_continual_counts(path), Catch::Contains("measure_repeats 0 (1..16 expected)"));
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

TEST_CASE("continual counts: byte flips in a counts file fail cleanly or load what was written", "[continual][fuzz]") {
  continual_counts c = two_tasks();
  c.evaluations[1].test_class = {4, 7};  // task 2's held-out row too: the file rescores
  c.evaluations[1].test_task = {0, 1};
  c.evaluations[1].test_counts = {0, 2, 5, 0};
  c.evaluations[1].label_class = {0, 7};
  c.evaluations[1].label_task = {0, 1};
  c.evaluations[1].label_counts = {3, 1, 0, 4};
  const std::string path = test::temp_path("continual_counts_flips.h5");
  write_continual_counts(path, c);
  const std::string original = test::read_text(path);
  continual_setup s;
  s.readout_iterations = 20;
  REQUIRE_NOTHROW(rescore_continual(read_continual_counts(path), s));
  std::mt19937_64 rng(11);
  size_t errors = 0, loaded = 0;
  for (int m = 0; m < 60; ++m) {
    std::string bytes = original;
    const size_t at = rng() % bytes.size();
    bytes[at] = static_cast<char>(bytes[at] ^ static_cast<char>(1 + rng() % 255));
    test::write_text(path, bytes);
    INFO("byte " << at);
    try {
      const continual_counts back = read_continual_counts(path);
      ++loaded;  // a flip in unused bytes: what was written comes back
      CHECK(back.evaluations[1].label_counts == c.evaluations[1].label_counts);
      CHECK(back.evaluations[1].test_class == c.evaluations[1].test_class);
    } catch (const error& e) {
      ++errors;
      CHECK(std::string(e.what()).find('\n') == std::string::npos);
    }
  }
  CHECK(errors + loaded == 60);
  std::filesystem::remove(path);
}
