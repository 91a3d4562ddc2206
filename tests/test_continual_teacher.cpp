// The continual-learning teacher (apps/tasks/continual_task.hpp `teacher_hz`, the MNIST network's
// teacher population): while an image trains, every excitatory neuron but the taught ones is
// silenced, newborns included, and its weights stay as they were; the teacher is silent again
// afterwards and survives a snapshot's task; bad setups are refused by name.
#include <algorithm>
#include <numeric>

#include "apps/tasks/continual_task.hpp"
#include "apps/tasks/label_assignment.hpp"
#include "apps/tasks/mnist_task.hpp"
#include "engine/errors.hpp"
#include "tests/catch.hpp"
#include "tests/helpers.hpp"
#include "tests/training_data.hpp"

using namespace engram;
using namespace engram::tasks;

namespace {

const uint8_t* image(const labelled_dataset& d, uint32_t i) { return d.train.pixels.data() + uint64_t{i} * d.train.rows * d.train.cols; }

uint32_t sum(const std::vector<uint32_t>& v, uint32_t first, uint32_t last) {
  return std::accumulate(v.begin() + first, v.begin() + last, 0u);
}

continual_setup taught_permuted(double teacher_hz) {
  continual_setup p;
  p.protocol = "permuted-mnist";
  p.tasks = 2;
  p.excitatory = 20;
  p.born_per_task = 20;
  p.train_per_class = 6;
  p.label_per_class = 4;
  p.test_per_class = 2;
  p.buffer_per_class = 2;
  p.readout_iterations = 100;
  p.keep_counts = true;
  p.teacher_hz = teacher_hz;
  return p;
}

// The synthetic 8 x 8 digits at twice the size: 256 inputs, so that a row of input weights can
// hold the network's normalised sum (78) below its bound (1 each) and a row nobody trains keeps
// its weights from one normalisation to the next.
labelled_dataset doubled(const labelled_dataset& d) {
  labelled_dataset out = d;
  for (image_set* s : {&out.train, &out.test}) {
    const image_set& from = s == &out.train ? d.train : d.test;
    s->rows = 2 * from.rows;
    s->cols = 2 * from.cols;
    s->pixels.assign(uint64_t{from.count} * s->rows * s->cols, 0);
    for (uint32_t i = 0; i < from.count; ++i)
      for (uint32_t r = 0; r < s->rows; ++r)
        for (uint32_t c = 0; c < s->cols; ++c)
          s->pixels[(uint64_t{i} * s->rows + r) * s->cols + c] = from.pixels[(uint64_t{i} * from.rows + r / 2) * from.cols + c / 2];
  }
  return out;
}

// Each excitatory neuron's input weights (the plastic projection), by neuron within the population.
std::vector<std::vector<float>> input_weights(const network_state& s) {
  const synapse_table& t = *std::find_if(s.projections.begin(), s.projections.end(),
                                         [](const synapse_table& p) { return p.name == plastic_projection_name; });
  std::vector<std::vector<float>> w(t.post_count);
  for (uint64_t k = 0; k < t.weight.size(); ++k) w[t.target_of(k) - t.post_first].push_back(t.weight[k]);
  return w;
}

}  // namespace

TEST_CASE("continual teacher: an image trains only the taught neurons, newborns included", "[continual][teacher]") {
  const labelled_dataset data = test::synthetic_digits(40, 4, 3);
  mnist_setup s;
  s.excitatory = 20;
  s.grow_from = 10;            // 10 alive, 10 born at the end of the first presentation
  s.births_per_phase = 10;
  s.growth_interval_ms = 350;  // one presentation
  s.teacher = true;
  mnist_trainer net(s, data, test::one_thread_cpu());
  const std::vector<uint32_t> first = net.present_taught(image(data, 0), 2, 3, 500);
  CHECK(sum(first, 0, 2) + sum(first, 5, 20) == 0);
  CHECK(sum(first, 2, 5) >= 5);  // the trainer's floor: shown brighter until the taught neurons answer
  REQUIRE(alive_excitatory(net.export_state()).size() == 20);
  for (uint32_t i = 1; i < 6; ++i) {  // newborns taught, the others (old and new) silenced
    const std::vector<uint32_t> c = net.present_taught(image(data, i), 14, 4, 500);
    CHECK(sum(c, 0, 14) + sum(c, 18, 20) == 0);
    CHECK(sum(c, 14, 18) >= 5);
  }
  uint32_t outside = 0;  // a span: only the task's own other neurons silenced, the old ones free
  for (uint32_t i = 6; i < 12; ++i) {
    const std::vector<uint32_t> c = net.present_taught(image(data, i), 14, 4, 500, 10, 10);
    CHECK(sum(c, 10, 14) + sum(c, 18, 20) == 0);
    outside += sum(c, 0, 10);
  }
  CHECK(outside > 0);
  CHECK_THROWS_WITH(net.present_taught(image(data, 0), 8, 4, 500, 10, 10), Catch::Contains("[8, 12) of 20: out of range"));
  const network_state after = net.export_state();  // the teacher is silent again
  const population_range& teacher = *std::find_if(after.populations.begin(), after.populations.end(),
                                                  [](const population_range& p) { return p.name == teacher_population; });
  CHECK(teacher.size == 20);
  for (uint32_t i = teacher.first; i < teacher.first + teacher.size; ++i) CHECK(after.neurons.spike_probability[i] == 0.0);
  const std::vector<uint32_t> free = net.present(image(data, 7));  // untaught: anyone may answer
  CHECK(sum(free, 0, 20) >= 5);

  CHECK(setup_of(net.info().task).teacher);  // a snapshot's task keeps it
  CHECK_THROWS_WITH(net.present_taught(image(data, 0), 18, 4, 500), Catch::Contains("[18, 22) of 20: out of range"));
  mnist_setup plain = s;
  plain.teacher = false;
  mnist_trainer untaught(plain, data, test::one_thread_cpu());
  CHECK_FALSE(setup_of(untaught.info().task).teacher);
  CHECK_THROWS_WITH(untaught.present_taught(image(data, 0), 0, 2, 500), Catch::Contains("the network has no teacher"));
}

TEST_CASE("continual teacher: only the taught neurons' weights learn the image", "[continual][teacher]") {
  const labelled_dataset data = doubled(test::synthetic_digits(40, 4, 5));
  mnist_setup s;
  s.excitatory = 12;
  s.teacher = true;
  mnist_trainer net(s, data, test::one_thread_cpu());
  net.present(image(data, 0));  // every row normalised once, so an untouched row stays as it is
  const auto before = input_weights(net.export_state());
  for (uint32_t i = 1; i < 4; ++i) net.present_taught(image(data, i), 4, 3, 500);
  const auto after = input_weights(net.export_state());
  for (uint32_t n = 0; n < 12; ++n) {
    INFO("neuron " << n);
    if (n >= 4 && n < 7) continue;
    CHECK(after[n] == before[n]);  // silenced: no spike, so no STDP and nothing to normalise
  }
  CHECK(after[4] != before[4]);
  CHECK(after[5] != before[5]);
  CHECK(after[6] != before[6]);

  continual_setup p = taught_permuted(500);  // a whole run with a teacher goes through
  p.train_per_class = 2;
  p.buffer_per_class = 1;
  p.label_per_class = 1;
  const continual_result r = run_continual(test::synthetic_digits(600, 300, 7), p, test::one_thread_cpu(), false);
  CHECK(r.excitatory == 40);
  CHECK(r.linear_class_incremental.average() >= 0.0);
}

TEST_CASE("continual teacher: a teacher that cannot split the neurons among the classes is refused", "[continual][teacher][errors]") {
  const labelled_dataset data = test::synthetic_digits(600, 300, 7);
  continual_setup p = taught_permuted(500);
  p.born_per_task = 4;
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("born_per_task 4 must be multiples of 10"));
  p = taught_permuted(-1);
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("teacher_hz -1 must be in [0, 1000]"));
  p = taught_permuted(500);
  p.protocol = "split-mnist";
  p.born_per_task = 0;
  p.excitatory = 25;  // without births the neurons are split among the ten digits
  CHECK_THROWS_WITH(run_continual(data, p, test::one_thread_cpu(), false), Catch::Contains("among 10 classes: --exc 25"));
}
