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

softmax_readout train_softmax_readout(const labelled_rows& train, uint32_t iterations, double learning_rate, double l2) {
  check(train, train);
  const uint32_t f = train.features, c = train.classes, n = train.rows();
  softmax_readout m{f, c, std::vector<double>(f, 0.0), std::vector<double>(f, 0.0), std::vector<double>(uint64_t{c} * (f + 1), 0.0)};
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < f; ++k) m.mean[k] += train.x[uint64_t{i} * f + k] / n;
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < f; ++k) m.sd[k] += std::pow(train.x[uint64_t{i} * f + k] - m.mean[k], 2) / n;
  for (double& s : m.sd) s = s > 0 ? std::sqrt(s) : 1.0;
  std::vector<double> x(uint64_t{n} * f);  // standardised once: the loop below reads it every iteration
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t k = 0; k < f; ++k) x[uint64_t{i} * f + k] = (train.x[uint64_t{i} * f + k] - m.mean[k]) / m.sd[k];
  // The scores read the weights feature-major (every class's weight of feature k side by side),
  // so that the classes' sums advance together: each sum still adds its terms in feature order,
  // bit for bit the class-by-class dot products, without one long chain of dependent additions.
  std::vector<double> grad(m.w.size()), z(c), by_feature(uint64_t{f} * c);
  for (uint32_t it = 0; it < iterations; ++it) {
    std::fill(grad.begin(), grad.end(), 0.0);
    for (uint32_t j = 0; j < c; ++j)
      for (uint32_t k = 0; k < f; ++k) by_feature[uint64_t{k} * c + j] = m.w[uint64_t{j} * (f + 1) + k];
    for (uint32_t i = 0; i < n; ++i) {
      const double* xi = x.data() + uint64_t{i} * f;
      for (uint32_t j = 0; j < c; ++j) z[j] = m.w[uint64_t{j} * (f + 1) + f];
      for (uint32_t k = 0; k < f; ++k) {
        const double* wk = by_feature.data() + uint64_t{k} * c;
        for (uint32_t j = 0; j < c; ++j) z[j] += wk[j] * xi[k];
      }
      softmax(z.data(), c);
      for (uint32_t j = 0; j < c; ++j) {
        const double e = z[j] - (train.y[i] == j ? 1.0 : 0.0);
        double* gj = grad.data() + uint64_t{j} * (f + 1);
        for (uint32_t k = 0; k < f; ++k) gj[k] += e * xi[k] / n;
        gj[f] += e / n;
      }
    }
    for (size_t k = 0; k < m.w.size(); ++k) m.w[k] -= learning_rate * (grad[k] + (k % (f + 1) == f ? 0.0 : l2 * m.w[k]));
  }
  return m;
}

uint32_t readout_predict(const softmax_readout& m, const float* x, const std::vector<uint8_t>& allowed) {
  const uint32_t f = m.features;
  uint32_t best = m.classes;
  double best_score = 0;
  for (uint32_t j = 0; j < m.classes; ++j) {
    if (!allowed.empty() && !allowed[j]) continue;
    const double* wj = m.w.data() + uint64_t{j} * (f + 1);
    double s = wj[f];
    for (uint32_t k = 0; k < f; ++k) s += wj[k] * (x[k] - m.mean[k]) / m.sd[k];
    if (best == m.classes || s > best_score) best = j, best_score = s;
  }
  return best == m.classes ? 0 : best;
}

double logistic_regression_accuracy(const labelled_rows& train, const labelled_rows& test, uint32_t iterations,
                                    double learning_rate, double l2) {
  check(train, test);
  const softmax_readout m = train_softmax_readout(train, iterations, learning_rate, l2);
  uint32_t right = 0;
  for (uint32_t i = 0; i < test.rows(); ++i)
    right += readout_predict(m, test.x.data() + uint64_t{i} * test.features) == test.y[i];
  return test.rows() ? static_cast<double>(right) / test.rows() : 0.0;
}

mlp_model initial_mlp(uint32_t features, uint32_t hidden, uint32_t classes, uint64_t seed) {
  mlp_model m;
  m.features = features;
  m.hidden = hidden;
  m.classes = classes;
  m.w1.resize(uint64_t{hidden} * features);
  m.b1.assign(hidden, 0.0f);
  m.w2.resize(uint64_t{classes} * hidden);
  m.b2.assign(classes, 0.0f);
  for (uint32_t i = 0; i < hidden; ++i)
    for (uint32_t k = 0; k < features; ++k)
      m.w1[uint64_t{i} * features + k] = static_cast<float>(normal(seed, i, k) * std::sqrt(2.0 / features));
  for (uint32_t j = 0; j < classes; ++j)
    for (uint32_t i = 0; i < hidden; ++i)
      m.w2[uint64_t{j} * hidden + i] = static_cast<float>(normal(seed + 1, j, i) * std::sqrt(2.0 / hidden));
  return m;
}

namespace {

// Gradients of the mean cross-entropy over rows `which` of `d` (indices), added into g (the
// layout of mlp_model: w1, b1, w2, b2), each row weighted 1 / `norm`.
struct mlp_gradient {
  std::vector<float> w1, b1, w2, b2;
  explicit mlp_gradient(const mlp_model& m) : w1(m.w1.size()), b1(m.b1.size()), w2(m.w2.size()), b2(m.b2.size()) {}
  void clear() {
    for (auto* v : {&w1, &b1, &w2, &b2}) std::fill(v->begin(), v->end(), 0.0f);
  }
};

void add_row_gradient(const mlp_model& m, const float* x, uint32_t y, float norm, mlp_gradient& g, std::vector<float>& a,
                      std::vector<float>& da, std::vector<double>& z) {
  const uint32_t f = m.features, h = m.hidden, c = m.classes;
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
    const auto e = static_cast<float>((z[j] - (y == j ? 1.0 : 0.0)) / norm);
    g.b2[j] += e;
    for (uint32_t i = 0; i < h; ++i) {
      g.w2[uint64_t{j} * h + i] += e * a[i];
      da[i] += e * m.w2[uint64_t{j} * h + i];
    }
  }
  for (uint32_t i = 0; i < h; ++i) {
    if (a[i] <= 0) continue;
    g.b1[i] += da[i];
    float* gw = g.w1.data() + uint64_t{i} * f;
    for (uint32_t k = 0; k < f; ++k) gw[k] += da[i] * x[k];
  }
}

// One Adam step (t counts from 1) on every array of m.
struct adam_state {
  std::vector<float> m1, v1, m2, v2, m3, v3, m4, v4;
  uint64_t t = 0;
  explicit adam_state(const mlp_model& m)
      : m1(m.w1.size()), v1(m.w1.size()), m2(m.b1.size()), v2(m.b1.size()), m3(m.w2.size()), v3(m.w2.size()),
        m4(m.b2.size()), v4(m.b2.size()) {}
  void step(mlp_model& m, const mlp_gradient& g, double learning_rate) {
    ++t;
    const auto c1 = static_cast<float>(1 - std::pow(0.9, static_cast<double>(t)));
    const auto c2 = static_cast<float>(1 - std::pow(0.999, static_cast<double>(t)));
    const auto lr = static_cast<float>(learning_rate);
    auto update = [&](std::vector<float>& p, const std::vector<float>& gr, std::vector<float>& mo, std::vector<float>& va) {
      for (size_t q = 0; q < p.size(); ++q) {
        mo[q] = 0.9f * mo[q] + 0.1f * gr[q];
        va[q] = 0.999f * va[q] + 0.001f * gr[q] * gr[q];
        p[q] -= lr * (mo[q] / c1) / (std::sqrt(va[q] / c2) + 1e-8f);
      }
    };
    update(m.w1, g.w1, m1, v1);
    update(m.b1, g.b1, m2, v2);
    update(m.w2, g.w2, m3, v3);
    update(m.b2, g.b2, m4, v4);
  }
};

std::vector<uint32_t> shuffled(uint32_t n, uint64_t seed, uint32_t stream, uint64_t pass) {
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  for (uint32_t i = n; i > 1; --i) {
    const philox_block b = random_block(seed, rng_purpose::task_draw, 4100 + (stream & 0xFF), i, pass);
    std::swap(order[i - 1], order[std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * i), i - 1)]);
  }
  return order;
}

}  // namespace

mlp_model train_mlp(const labelled_rows& train, const mlp_options& o) {
  check(train, train);
  mlp_model m = initial_mlp(train.features, o.hidden, train.classes, o.seed);
  mlp_gradient g(m);
  adam_state adam(m);
  std::vector<float> a(m.hidden), da(m.hidden);
  std::vector<double> z(m.classes);
  const auto n = static_cast<float>(train.rows());
  for (uint32_t epoch = 1; epoch <= o.epochs; ++epoch) {  // full batch
    g.clear();
    for (uint32_t r = 0; r < train.rows(); ++r)
      add_row_gradient(m, train.x.data() + uint64_t{r} * m.features, train.y[r], n, g, a, da, z);
    adam.step(m, g, o.learning_rate);
  }
  return m;
}

void continue_mlp(mlp_model& m, const labelled_rows& train, const labelled_rows* replay, const mlp_sequence_options& o) {
  check(train, train);
  if (train.features != m.features) throw invalid_parameter("baseline: rows do not fit the MLP");
  if (replay && (replay->rows() == 0 || replay->features != m.features)) replay = nullptr;
  mlp_gradient g(m);
  adam_state adam(m);
  std::vector<float> a(m.hidden), da(m.hidden);
  std::vector<double> z(m.classes);
  const uint32_t half = replay ? std::max(1u, o.batch / 2) : o.batch;
  uint64_t drawn = 0;
  for (uint32_t epoch = 0; epoch < o.epochs; ++epoch) {
    const std::vector<uint32_t> order = shuffled(train.rows(), o.seed, o.stream, epoch);
    for (uint32_t start = 0; start < train.rows(); start += half) {
      const uint32_t end = std::min(train.rows(), start + half);
      const uint32_t extra = replay ? end - start : 0;
      const auto norm = static_cast<float>(end - start + extra);
      g.clear();
      for (uint32_t k = start; k < end; ++k)
        add_row_gradient(m, train.x.data() + uint64_t{order[k]} * m.features, train.y[order[k]], norm, g, a, da, z);
      for (uint32_t k = 0; k < extra; ++k, ++drawn) {
        const philox_block b = random_block(o.seed, rng_purpose::task_draw, 4300 + (o.stream & 0xFF), 0, drawn);
        const auto r = std::min(static_cast<uint32_t>(uniform_open1(b.x[0], b.x[1]) * replay->rows()), replay->rows() - 1);
        add_row_gradient(m, replay->x.data() + uint64_t{r} * m.features, replay->y[r], norm, g, a, da, z);
      }
      adam.step(m, g, o.learning_rate);
    }
  }
}

uint32_t mlp_predict(const mlp_model& m, const labelled_rows& rows, uint32_t r, const std::vector<uint8_t>& allowed) {
  const uint32_t f = m.features, h = m.hidden;
  std::vector<float> a(h);
  const float* x = rows.x.data() + uint64_t{r} * f;
  for (uint32_t i = 0; i < h; ++i) {
    float s = m.b1[i];
    for (uint32_t k = 0; k < f; ++k) s += m.w1[uint64_t{i} * f + k] * x[k];
    a[i] = s > 0 ? s : 0.0f;
  }
  uint32_t best = 0;
  double best_z = -1e300;
  for (uint32_t j = 0; j < m.classes; ++j) {
    if (!allowed.empty() && !allowed[j]) continue;
    double s = m.b2[j];
    for (uint32_t i = 0; i < h; ++i) s += m.w2[uint64_t{j} * h + i] * a[i];
    if (s > best_z) best_z = s, best = j;
  }
  return best;
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
