#pragma once
// Non-spiking baselines trained on exactly the samples a spiking task sees, so that a table can
// put them side by side: multinomial logistic regression and a one-hidden-layer MLP, both by
// full-batch gradient descent from a seeded start (deterministic).
#include <cstdint>
#include <vector>

namespace engram::tasks {

struct labelled_rows {
  uint32_t features = 0, classes = 0;
  std::vector<float> x;         // rows x features
  std::vector<uint32_t> y;
  uint32_t rows() const { return static_cast<uint32_t>(y.size()); }
};

// Softmax regression on features standardised with the training rows' mean and s.d.; L2 `l2`;
// full-batch gradient descent from zero weights (deterministic).
struct softmax_readout {
  uint32_t features = 0, classes = 0;
  std::vector<double> mean, sd;  // per feature, from the training rows
  std::vector<double> w;         // per class: `features` weights, then the bias
};
softmax_readout train_softmax_readout(const labelled_rows& train, uint32_t iterations = 3000, double learning_rate = 0.5,
                                      double l2 = 1e-3);
// The class with the highest score for the `features` values at `x`, among the classes whose
// `allowed` flag is set (all when empty).
uint32_t readout_predict(const softmax_readout& m, const float* x, const std::vector<uint8_t>& allowed = {});
// Trained on `train`, the accuracy on `test`.
double logistic_regression_accuracy(const labelled_rows& train, const labelled_rows& test, uint32_t iterations = 3000,
                                    double learning_rate = 0.5, double l2 = 1e-3);

// features -> hidden (ReLU) -> classes, softmax cross-entropy, full-batch Adam, weights
// N(0, sqrt(2 / fan_in)) from `seed`.
struct mlp_options {
  uint32_t hidden = 128;
  uint32_t epochs = 300;
  double learning_rate = 1e-3;
  uint64_t seed = 1;
};
struct mlp_model {
  uint32_t features = 0, hidden = 0, classes = 0;
  std::vector<float> w1, b1, w2, b2;  // hidden x features, hidden, classes x hidden, classes
};
mlp_model train_mlp(const labelled_rows& train, const mlp_options& options);

// Continual training (the continual-learning baseline): `epochs` passes of minibatch Adam over
// `train` in a seeded order, continuing from `m` (a fresh Adam state per call: each task starts its
// own optimiser, as a task boundary does in the usual protocol). With `replay` rows, every batch is
// half new rows and half rows drawn from `replay`.
struct mlp_sequence_options {
  uint32_t epochs = 1, batch = 64;
  double learning_rate = 1e-3;
  uint64_t seed = 1;
  uint32_t stream = 0;  // the task: a different order per task
};
mlp_model initial_mlp(uint32_t features, uint32_t hidden, uint32_t classes, uint64_t seed);
void continue_mlp(mlp_model& m, const labelled_rows& train, const labelled_rows* replay, const mlp_sequence_options& o);
// Class predicted for row `r` of `rows`, among the classes whose `allowed` flag is set (all when empty).
uint32_t mlp_predict(const mlp_model& m, const labelled_rows& rows, uint32_t r, const std::vector<uint8_t>& allowed = {});
// Accuracy on `test` with a fraction of the hidden units silenced (a seeded choice, nested: the
// units dropped at 10% are among those dropped at 20%): the lesion study's baseline.
double mlp_accuracy(const mlp_model& m, const labelled_rows& test, double drop_fraction = 0.0, uint64_t seed = 1);

}  // namespace engram::tasks
