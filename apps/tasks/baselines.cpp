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

mlp_model train_mlp(const labelled_rows& train, const mlp_options& o) {
  check(train, train);
  mlp_model m;
  m.features = train.features;
  m.hidden = o.hidden;
  m.classes = train.classes;
  const uint32_t f = m.features, h = m.hidden, c = m.classes, n = train.rows();
  m.w1.resize(uint64_t{h} * f);
  m.b1.assign(h, 0.0f);
  m.w2.resize(uint64_t{c} * h);
  m.b2.assign(c, 0.0f);
  for (uint32_t i = 0; i < h; ++i)
    for (uint32_t k = 0; k < f; ++k) m.w1[uint64_t{i} * f + k] = static_cast<float>(normal(o.seed, i, k) * std::sqrt(2.0 / f));
  for (uint32_t j = 0; j < c; ++j)
    for (uint32_t i = 0; i < h; ++i) m.w2[uint64_t{j} * h + i] = static_cast<float>(normal(o.seed + 1, j, i) * std::sqrt(2.0 / h));
  // Adam over the four arrays as one parameter vector
  std::vector<float*> params = {m.w1.data(), m.b1.data(), m.w2.data(), m.b2.data()};
  const std::vector<size_t> sizes = {m.w1.size(), m.b1.size(), m.w2.size(), m.b2.size()};
  std::vector<std::vector<float>> g(4), mom(4), var(4);
  for (int k = 0; k < 4; ++k) g[k].resize(sizes[k]), mom[k].assign(sizes[k], 0.0f), var[k].assign(sizes[k], 0.0f);
  std::vector<float> a(h), da(h);
  std::vector<double> z(c);
  for (uint32_t epoch = 1; epoch <= o.epochs; ++epoch) {
    for (auto& v : g) std::fill(v.begin(), v.end(), 0.0f);
    for (uint32_t r = 0; r < n; ++r) {
      const float* x = train.x.data() + uint64_t{r} * f;
      for (uint32_t i = 0; i < h; ++i) {
        const float* w = m.w1.data() + uint64_t{i} * f;
        float s = m.b1[i];
        for (uint32_t k = 0; k < f; ++k) s += w[k] * x[k];
        a[i] = s > 0 ? s : 0.0f;
      }
      for (uint32_t j = 0; j < c; ++j) {
        double s = m.b2[j];
        for (uint32_t i = 0; i < h; ++i) s += m.w2[uint64_t{j} * h + i] * a[i];
        z[j] = s;
      }
      softmax(z.data(), c);
      std::fill(da.begin(), da.end(), 0.0f);
      for (uint32_t j = 0; j < c; ++j) {
        const auto e = static_cast<float>((z[j] - (train.y[r] == j ? 1.0 : 0.0)) / n);
        g[3][j] += e;
        for (uint32_t i = 0; i < h; ++i) {
          g[2][uint64_t{j} * h + i] += e * a[i];
          da[i] += e * m.w2[uint64_t{j} * h + i];
        }
      }
      for (uint32_t i = 0; i < h; ++i) {
        if (a[i] <= 0) continue;
        g[1][i] += da[i];
        float* gw = g[0].data() + uint64_t{i} * f;
        for (uint32_t k = 0; k < f; ++k) gw[k] += da[i] * x[k];
      }
    }
    const double beta1 = 0.9, beta2 = 0.999;
    const auto c1 = static_cast<float>(1 - std::pow(beta1, epoch)), c2 = static_cast<float>(1 - std::pow(beta2, epoch));
    const auto lr = static_cast<float>(o.learning_rate);
    for (int k = 0; k < 4; ++k)
      for (size_t q = 0; q < sizes[k]; ++q) {
        mom[k][q] = 0.9f * mom[k][q] + 0.1f * g[k][q];
        var[k][q] = 0.999f * var[k][q] + 0.001f * g[k][q] * g[k][q];
        params[k][q] -= lr * (mom[k][q] / c1) / (std::sqrt(var[k][q] / c2) + 1e-8f);
      }
  }
  return m;
}

double mlp_accuracy(const mlp_model& m, const labelled_rows& test, double drop_fraction, uint64_t seed) {
  if (test.features != m.features) throw invalid_parameter("baseline: test rows do not fit the MLP");
  const uint32_t f = m.features, h = m.hidden, c = m.classes;
  std::vector<uint32_t> order(h);
  std::iota(order.begin(), order.end(), 0u);
  for (uint32_t i = h; i > 1; --i) {
    const philox_block b = random_block(seed, rng_purpose::task_draw, 4001, i, 0);
    std::swap(order[i - 1], order[std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * i), i - 1)]);
  }
  std::vector<uint8_t> alive(h, 1);
  const auto dropped = std::min(h, static_cast<uint32_t>(std::lround(drop_fraction * h)));
  for (uint32_t i = 0; i < dropped; ++i) alive[order[i]] = 0;
  std::vector<float> a(h);
  std::vector<double> z(c);
  uint32_t right = 0;
  for (uint32_t r = 0; r < test.rows(); ++r) {
    const float* x = test.x.data() + uint64_t{r} * f;
    for (uint32_t i = 0; i < h; ++i) {
      float s = m.b1[i];
      for (uint32_t k = 0; k < f; ++k) s += m.w1[uint64_t{i} * f + k] * x[k];
      a[i] = alive[i] && s > 0 ? s : 0.0f;
    }
    for (uint32_t j = 0; j < c; ++j) {
      double s = m.b2[j];
      for (uint32_t i = 0; i < h; ++i) s += m.w2[uint64_t{j} * h + i] * a[i];
      z[j] = s;
    }
    right += argmax(z.data(), c) == test.y[r];
  }
  return test.rows() ? static_cast<double>(right) / test.rows() : 0.0;
}

}  // namespace engram::tasks
