#include "apps/tasks/baselines.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::tasks {
namespace {

void check(const labelled_rows& train, const labelled_rows& test) {
  if (train.rows() == 0 || train.features == 0 || train.classes < 2 || test.features != train.features ||
      train.x.size() != uint64_t{train.rows()} * train.features || test.x.size() != uint64_t{test.rows()} * test.features)
    throw invalid_parameter("baseline: training and test rows do not fit");
  for (uint32_t c : train.y)
    if (c >= train.classes) throw invalid_parameter("baseline: a label is outside the classes");
}

// Softmax of `z` in place (stable).
void softmax(double* z, uint32_t n) {
  const double m = *std::max_element(z, z + n);
  double s = 0;
  for (uint32_t k = 0; k < n; ++k) s += (z[k] = std::exp(z[k] - m));
  for (uint32_t k = 0; k < n; ++k) z[k] /= s;
}

uint32_t argmax(const double* z, uint32_t n) { return static_cast<uint32_t>(std::max_element(z, z + n) - z); }

double normal(uint64_t seed, uint32_t i, uint32_t j) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, 4000, i, j);
  return std::sqrt(-2.0 * std::log(uniform_open0(b.x[0], b.x[1]))) * std::cos(6.283185307179586 * uniform_open1(b.x[2], b.x[3]));
}

}  // namespace

double logistic_regression_accuracy(const labelled_rows& train, const labelled_rows& test, uint32_t iterations,
                                    double learning_rate, double l2) {
  check(train, test);
  const uint32_t f = train.features, c = train.classes, n = train.rows();
  std::vector<double> mean(f, 0), sd(f, 0);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < f; ++k) mean[k] += train.x[uint64_t{i} * f + k] / n;
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < f; ++k) sd[k] += std::pow(train.x[uint64_t{i} * f + k] - mean[k], 2) / n;
  for (double& s : sd) s = s > 0 ? std::sqrt(s) : 1.0;
  auto feature = [&](const labelled_rows& d, uint32_t i, uint32_t k) { return (d.x[uint64_t{i} * f + k] - mean[k]) / sd[k]; };
  std::vector<double> w(uint64_t{c} * (f + 1), 0.0), grad(w.size()), z(c);  // per class: f weights, then the bias
  for (uint32_t it = 0; it < iterations; ++it) {
    std::fill(grad.begin(), grad.end(), 0.0);
    for (uint32_t i = 0; i < n; ++i) {
      for (uint32_t j = 0; j < c; ++j) {
        z[j] = w[j * (f + 1) + f];
        for (uint32_t k = 0; k < f; ++k) z[j] += w[j * (f + 1) + k] * feature(train, i, k);
      }
      softmax(z.data(), c);
      for (uint32_t j = 0; j < c; ++j) {
        const double e = z[j] - (train.y[i] == j ? 1.0 : 0.0);
        for (uint32_t k = 0; k < f; ++k) grad[j * (f + 1) + k] += e * feature(train, i, k) / n;
        grad[j * (f + 1) + f] += e / n;
      }
    }
    for (size_t k = 0; k < w.size(); ++k) w[k] -= learning_rate * (grad[k] + (k % (f + 1) == f ? 0.0 : l2 * w[k]));
  }
  uint32_t right = 0;
  for (uint32_t i = 0; i < test.rows(); ++i) {
    for (uint32_t j = 0; j < c; ++j) {
      z[j] = w[j * (f + 1) + f];
      for (uint32_t k = 0; k < f; ++k) z[j] += w[j * (f + 1) + k] * feature(test, i, k);
    }
    right += argmax(z.data(), c) == test.y[i];
  }
  return test.rows() ? static_cast<double>(right) / test.rows() : 0.0;
}

double mlp_accuracy(const labelled_rows& train, const labelled_rows& test, const mlp_options& o) {
  check(train, test);
  const uint32_t f = train.features, h = o.hidden, c = train.classes, n = train.rows();
  // parameters: W1 (h x f), b1 (h), W2 (c x h), b2 (c), one vector for Adam
  const uint64_t w1 = 0, b1 = w1 + uint64_t{h} * f, w2 = b1 + h, b2 = w2 + uint64_t{c} * h, total = b2 + c;
  std::vector<double> p(total, 0.0), g(total), m(total, 0.0), v(total, 0.0);
  for (uint32_t i = 0; i < h; ++i)
    for (uint32_t k = 0; k < f; ++k) p[w1 + uint64_t{i} * f + k] = normal(o.seed, i, k) * std::sqrt(2.0 / f);
  for (uint32_t j = 0; j < c; ++j)
    for (uint32_t i = 0; i < h; ++i) p[w2 + uint64_t{j} * h + i] = normal(o.seed + 1, j, i) * std::sqrt(2.0 / h);
  std::vector<double> a(h), z(c), da(h);
  auto forward = [&](const labelled_rows& d, uint32_t r, const std::vector<uint8_t>& alive) {
    const float* x = d.x.data() + uint64_t{r} * f;
    for (uint32_t i = 0; i < h; ++i) {
      double s = p[b1 + i];
      for (uint32_t k = 0; k < f; ++k) s += p[w1 + uint64_t{i} * f + k] * x[k];
      a[i] = alive[i] && s > 0 ? s : 0.0;
    }
    for (uint32_t j = 0; j < c; ++j) {
      double s = p[b2 + j];
      for (uint32_t i = 0; i < h; ++i) s += p[w2 + uint64_t{j} * h + i] * a[i];
      z[j] = s;
    }
  };
  const std::vector<uint8_t> all(h, 1);
  const double beta1 = 0.9, beta2 = 0.999;
  for (uint32_t epoch = 1; epoch <= o.epochs; ++epoch) {
    std::fill(g.begin(), g.end(), 0.0);
    for (uint32_t r = 0; r < n; ++r) {
      forward(train, r, all);
      softmax(z.data(), c);
      std::fill(da.begin(), da.end(), 0.0);
      const float* x = train.x.data() + uint64_t{r} * f;
      for (uint32_t j = 0; j < c; ++j) {
        const double e = (z[j] - (train.y[r] == j ? 1.0 : 0.0)) / n;
        g[b2 + j] += e;
        for (uint32_t i = 0; i < h; ++i) {
          g[w2 + uint64_t{j} * h + i] += e * a[i];
          da[i] += e * p[w2 + uint64_t{j} * h + i];
        }
      }
      for (uint32_t i = 0; i < h; ++i) {
        if (a[i] <= 0) continue;
        g[b1 + i] += da[i];
        for (uint32_t k = 0; k < f; ++k) g[w1 + uint64_t{i} * f + k] += da[i] * x[k];
      }
    }
    const double c1 = 1 - std::pow(beta1, epoch), c2 = 1 - std::pow(beta2, epoch);
    for (uint64_t k = 0; k < total; ++k) {
      m[k] = beta1 * m[k] + (1 - beta1) * g[k];
      v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
      p[k] -= o.learning_rate * (m[k] / c1) / (std::sqrt(v[k] / c2) + 1e-8);
    }
  }
  // the lesion: a seeded choice of hidden units silenced
  std::vector<uint32_t> order(h);
  std::iota(order.begin(), order.end(), 0u);
  for (uint32_t i = h; i > 1; --i) {
    const philox_block b = random_block(o.seed, rng_purpose::task_draw, 4001, i, 0);
    std::swap(order[i - 1], order[std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * i), i - 1)]);
  }
  std::vector<uint8_t> alive(h, 1);
  const auto dropped = static_cast<uint32_t>(std::lround(o.drop_fraction * h));
  for (uint32_t i = 0; i < dropped && i < h; ++i) alive[order[i]] = 0;
  uint32_t right = 0;
  for (uint32_t r = 0; r < test.rows(); ++r) {
    forward(test, r, alive);
    right += argmax(z.data(), c) == test.y[r];
  }
  return test.rows() ? static_cast<double>(right) / test.rows() : 0.0;
}

}  // namespace engram::tasks
