// Label assignment and classification of an unsupervised network (apps/tasks/label_assignment).
#include "apps/tasks/label_assignment.hpp"
#include "tests/catch.hpp"

using namespace engram::tasks;

TEST_CASE("neurons take the class of their highest mean response, samples the class of the loudest group", "[training][labels]") {
  response_table r(3);
  r.add(1, {4, 0, 1});
  r.add(1, {2, 0, 1});  // class 1: means 3, 0, 1
  r.add(7, {1, 9, 0});  // class 7: means 1, 9, 0
  r.add(2, {0, 0, 5});  // class 2: means 0, 0, 5
  CHECK(r.samples[1] == 2);
  const auto labels = assign_labels(r);
  CHECK(labels == std::vector<uint32_t>{1, 7, 2});
  CHECK(predict(labels, {5, 1, 0}) == 1);
  CHECK(predict(labels, {0, 3, 2}) == 7);
  // Means, not sums: class 3 with two neurons at 2 and 2 loses to class 5 with one neuron at 3.
  CHECK(predict({3, 3, 5}, {2, 2, 3}) == 5);
  // Silent neurons take the lowest class that has samples.
  response_table silent(2);
  silent.add(4, {0, 0});
  CHECK(assign_labels(silent) == std::vector<uint32_t>{4, 4});
  confusion_matrix m;
  m.add(1, 1);
  m.add(1, 7);
  m.add(2, 2);
  CHECK(m.total() == 3);
  CHECK(m.accuracy() == Approx(2.0 / 3.0));
}
