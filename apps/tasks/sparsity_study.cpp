#include "apps/tasks/sparsity_study.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "apps/tasks/diehl_cook.hpp"
#include "apps/tasks/mnist_task.hpp"
#include "engine/errors.hpp"

namespace engram::tasks {

void prune_inputs(std::vector<float>& weights, uint32_t pixels, uint32_t side, uint32_t posts, double sparsity, double prior_sigma) {
  if (weights.size() != uint64_t{pixels} * posts) throw invalid_parameter("prune_inputs: the input projection is not all to all");
  const uint32_t keep = static_cast<uint32_t>(std::lround((1.0 - sparsity) * pixels));
  std::vector<double> score(pixels);
  std::vector<uint32_t> order(pixels);
  for (uint32_t j = 0; j < posts; ++j) {
    auto w = [&](uint32_t i) -> float& { return weights[uint64_t{i} * posts + j]; };  // row i = pixel i
    double sum = 0, cx = 0, cy = 0;
    for (uint32_t i = 0; i < pixels; ++i) {
      const double a = std::abs(w(i));
      sum += a;
      cx += a * (i % side);
      cy += a * (i / side);
    }
    if (sum > 0) cx /= sum, cy /= sum;
    for (uint32_t i = 0; i < pixels; ++i) {
      const double dx = i % side - cx, dy = i / side - cy;
      const double prior = prior_sigma > 0 ? std::exp(-(dx * dx + dy * dy) / (2 * prior_sigma * prior_sigma)) : 1.0;
      score[i] = std::abs(w(i)) * prior;
    }
    std::iota(order.begin(), order.end(), 0u);
    // Highest score first; ties by pixel, so the choice is the same everywhere.
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return score[a] > score[b]; });
    for (uint32_t k = keep; k < pixels; ++k) w(order[k]) = 0.0f;
  }
}

std::vector<sparsity_row> sparsity_study(const labelled_dataset& data, const std::vector<double>& levels,
                                         const sparsity_options& s, const study_options& o, backend_factory make_backend) {
  if (levels.empty()) throw invalid_parameter("sparsity: no levels");
  for (size_t k = 0; k < levels.size(); ++k)
    if (!(levels[k] >= 0 && levels[k] < 1) || (k > 0 && levels[k] < levels[k - 1]))
      throw invalid_parameter(fmt::format("sparsity levels must rise within [0, 1); got {}", levels[k]));
  if (s.label_per_class == 0 || s.label_per_class > s.train_per_class)
    throw invalid_parameter("sparsity: label images must be 1 .. the training images per class");
  // One balanced, interleaved subset: its first train_per_class x 10 images train, the rest validate.
  labelled_dataset d;
  d.name = data.name;
  d.train = pick(data.train, balanced_subset(data.train, s.train_per_class + s.validation_per_class, o.seed, 3001));
  d.test = pick(data.test, balanced_subset(data.test, o.test_per_class, o.seed, 3000));
  mnist_setup setup = setup_for(o, 1);
  setup.validation = s.validation_per_class * class_count;
  mnist_trainer t(setup, d, make_backend);
  const uint64_t train_images = uint64_t{s.train_per_class} * class_count;
  const size_t input = t.sim().projection_index(plastic_projection_name);
  const population_range& in = t.sim().population_named(input_population);
  const uint32_t side = static_cast<uint32_t>(std::lround(std::sqrt(double(in.size))));
  std::vector<sparsity_row> rows;
  uint64_t trained = 0;
  for (size_t k = 0; k < levels.size(); ++k) {
    const uint64_t until = train_images * (k + 1) / levels.size();
    task_run_options run;
    run.progress = o.progress;
    run.stop_after = until - trained;
    if (run.stop_after > 0) t.train(run);
    trained = until;
    synapse_table table = t.sim().projection_table(input);
    prune_inputs(table.weight, in.size, side, table.post_count, levels[k], s.prior_sigma);
    t.sim().set_weights(input, table.weight);
    sparsity_row r;
    r.target = levels[k];
    r.sparsity = double(std::count(table.weight.begin(), table.weight.end(), 0.0f)) / table.weight.size();
    r.images_trained = trained;
    const network_state state = t.export_state();
    const task_state task = t.info().task;
    const uint64_t label = uint64_t{s.label_per_class} * class_count;
    r.validation_accuracy =
        evaluate_mnist(state, task, d, make_backend, label, setup.validation, true, o.progress).confusion.accuracy();
    if (s.test) r.test_accuracy = evaluate_mnist(state, task, d, make_backend, label, d.test.count, false, o.progress).confusion.accuracy();
    if (o.progress)
      fmt::print(stderr, "sparsity {:.3f}: validation {:.1f}%, test {:.1f}%\n", r.sparsity, 100 * r.validation_accuracy,
                 100 * r.test_accuracy);
    rows.push_back(r);
  }
  return rows;
}

}  // namespace engram::tasks
