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

// Softmax regression on features standardised with the training rows' mean and s.d.; L2 `l2`.
// Returns the accuracy on `test`.
double logistic_regression_accuracy(const labelled_rows& train, const labelled_rows& test, uint32_t iterations = 3000,
                                    double learning_rate = 0.5, double l2 = 1e-3);

// features -> hidden (ReLU) -> classes, softmax cross-entropy, Adam (lr, 300 epochs full-batch by
// default), weights N(0, sqrt(2 / fan_in)) from `seed`. `drop_hidden` hidden units (a fixed, seeded
// choice) are silenced after training: the lesion study's baseline. Returns the test accuracy.
struct mlp_options {
  uint32_t hidden = 128;
  uint32_t epochs = 300;
  double learning_rate = 1e-3;
  uint64_t seed = 1;
  double drop_fraction = 0.0;
};
double mlp_accuracy(const labelled_rows& train, const labelled_rows& test, const mlp_options& options);

}  // namespace engram::tasks
