#include "apps/research/oja_network.hpp"

#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::research {
namespace {

// Philox by (purpose, object, counter): the same numbers on every machine.
double uniform(uint64_t seed, uint32_t object, uint32_t counter) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, object, counter, 0);
  return uniform_open1(b.x[0], b.x[1]);
}

double normal(uint64_t seed, uint32_t object, uint32_t counter) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, object, counter, 1);
  const double u1 = uniform_open1(b.x[0], b.x[1]), u2 = uniform_open1(b.x[2], b.x[3]);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

enum stream : uint32_t { odour_bits = 1, odour_choice, noise, initial_weight };

}  // namespace

rate_run simulate_oja(const oja_params& p) {
  if (p.n_pre == 0 || p.n_post == 0 || p.steps == 0 || p.odours == 0)
    throw invalid_parameter("an Oja network needs inputs, outputs, steps and odours");
  if (!(p.eta > 0) || !(p.active_share > 0 && p.active_share <= 1) || !(p.input_noise >= 0))
    throw invalid_parameter("an Oja network needs eta > 0, 0 < active_share <= 1 and input_noise >= 0");
  rate_run run;
  run.projection = "oja";
  run.truth = fmt::format("oja: dw = {} x y - {} y^2 w", p.eta, p.eta);
  run.n_pre = p.n_pre;
  run.n_post = p.n_post;
  run.steps = p.steps;
  const uint64_t synapses = uint64_t{p.n_pre} * p.n_post;
  for (uint32_t i = 0; i <= p.n_pre; ++i) run.row_ptr.push_back(uint64_t{i} * p.n_post);
  for (uint32_t i = 0; i < p.n_pre; ++i)
    for (uint32_t j = 0; j < p.n_post; ++j) run.target.push_back(j);
  std::vector<double> pattern(uint64_t{p.odours} * p.n_pre);
  for (uint32_t o = 0; o < p.odours; ++o)
    for (uint32_t i = 0; i < p.n_pre; ++i)
      pattern[uint64_t{o} * p.n_pre + i] = uniform(p.seed, odour_bits, o * p.n_pre + i) < p.active_share ? 1.0 : 0.0;
  std::vector<double> w(synapses);
  for (uint64_t s = 0; s < synapses; ++s) w[s] = p.initial_sd * normal(p.seed, initial_weight, static_cast<uint32_t>(s));
  run.x.resize(uint64_t{p.steps} * p.n_pre);
  run.y.resize(uint64_t{p.steps} * p.n_post);
  run.w.reserve((uint64_t{p.steps} + 1) * synapses);
  run.w.insert(run.w.end(), w.begin(), w.end());
  for (uint32_t t = 0; t < p.steps; ++t) {
    const auto odour = std::min(static_cast<uint32_t>(uniform(p.seed, odour_choice, t) * p.odours), p.odours - 1);
    double* x = &run.x[uint64_t{t} * p.n_pre];
    double* y = &run.y[uint64_t{t} * p.n_post];
    for (uint32_t i = 0; i < p.n_pre; ++i)
      x[i] = pattern[uint64_t{odour} * p.n_pre + i] + p.input_noise * normal(p.seed, noise, t * p.n_pre + i);
    for (uint32_t i = 0; i < p.n_pre; ++i)
      for (uint32_t j = 0; j < p.n_post; ++j) y[j] += w[uint64_t{i} * p.n_post + j] * x[i];
    for (uint32_t i = 0; i < p.n_pre; ++i)
      for (uint32_t j = 0; j < p.n_post; ++j) {
        double& wij = w[uint64_t{i} * p.n_post + j];
        wij += p.eta * (x[i] * y[j] - y[j] * y[j] * wij);
      }
    run.w.insert(run.w.end(), w.begin(), w.end());
  }
  return run;
}

}  // namespace engram::research
