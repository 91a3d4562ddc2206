#include "apps/research/rule_inference.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "apps/research/rule_trajectory.hpp"
#include "engine/errors.hpp"
#include "engine/rng.hpp"

namespace engram::research {
namespace {

double uniform(uint64_t seed, uint32_t stream, uint64_t counter) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, stream, static_cast<uint32_t>(counter),
                                      static_cast<uint32_t>(counter >> 32));
  return uniform_open1(b.x[0], b.x[1]);
}

double normal(uint64_t seed, uint32_t stream, uint64_t counter) {
  const philox_block b = random_block(seed, rng_purpose::task_draw, stream, static_cast<uint32_t>(counter),
                                      static_cast<uint32_t>(counter >> 32) | 0x80000000u);
  return std::sqrt(-2.0 * std::log(uniform_open1(b.x[0], b.x[1]))) * std::cos(2.0 * M_PI * uniform_open1(b.x[2], b.x[3]));
}

enum stream : uint32_t { observed_choice = 11, observation_noise };

double weight(const rate_run& run, uint64_t s, uint32_t t) { return run.w[uint64_t{t} * run.synapses() + s]; }

// Observations of one synapse as the fit sees them: every observe_every steps, with noise.
std::vector<double> observe(const rate_run& run, uint64_t s, const inference_options& o) {
  std::vector<double> seen(run.steps + 1, NAN);
  for (uint32_t t = 0; t <= run.steps; t += o.observe_every)
    seen[t] = weight(run, s, t) * (1.0 + o.noise * normal(o.seed, observation_noise, s * (uint64_t{run.steps} + 1) + t));
  return seen;
}

double r2(const std::vector<double>& truth, const std::vector<double>& model) {
  double mean = 0;
  for (double v : truth) mean += v;
  mean /= static_cast<double>(truth.size());
  double res = 0, tot = 0;
  for (size_t k = 0; k < truth.size(); ++k) {
    res += (truth[k] - model[k]) * (truth[k] - model[k]);
    tot += (truth[k] - mean) * (truth[k] - mean);
  }
  return tot > 0 ? 1.0 - res / tot : NAN;
}

}  // namespace

inference_report infer_rule(const rate_run& run, const inference_options& o) {
  if (!(o.observed_share > 0 && o.observed_share < 1))
    throw invalid_parameter("observed_share must lie in (0, 1): the held-out synapses judge the fit");
  if (!(o.noise >= 0) || o.observe_every == 0) throw invalid_parameter("noise must be >= 0 and observe_every >= 1");
  if (o.method != "auto" && o.method != "least-squares" && o.method != "trajectory")
    throw invalid_parameter("method must be auto, least-squares or trajectory, got '" + o.method + "'");
  std::vector<uint64_t> observed, heldout;
  for (uint64_t s = 0; s < run.synapses(); ++s)
    (uniform(o.seed, observed_choice, s) < o.observed_share ? observed : heldout).push_back(s);
  if (observed.empty() || heldout.empty()) throw invalid_parameter("too few synapses to both fit and hold out");

  inference_report rep;
  rep.method = o.method == "auto" ? (o.noise > 0 || o.observe_every > 1 ? "trajectory" : "least-squares") : o.method;
  rep.observed_synapses = observed.size();
  rep.heldout_synapses = heldout.size();
  std::vector<rule_observation> truth_heldout;
  for (uint64_t s : heldout)
    for (uint32_t t = 0; t < run.steps; ++t)
      truth_heldout.push_back({run.pre_of(s, t), run.post_of(s, t), weight(run, s, t), weight(run, s, t + 1) - weight(run, s, t)});

  std::vector<rule_observation> fitted;  // for the least-squares fit and the feature scales
  if (rep.method == "least-squares") {
    for (uint64_t s : observed) {
      const std::vector<double> seen = observe(run, s, o);
      for (uint32_t t = 0; t + o.observe_every <= run.steps; t += o.observe_every)
        fitted.push_back({run.pre_of(s, t), run.post_of(s, t), seen[t], (seen[t + o.observe_every] - seen[t]) / o.observe_every});
    }
    rep.fit = fit_rule_least_squares(fitted, {}, o.ridge);
  } else {
    std::vector<synapse_trajectory> trajectories;
    for (uint64_t s : observed) {
      synapse_trajectory tr;
      for (uint32_t t = 0; t < run.steps; ++t) {
        tr.x.push_back(run.pre_of(s, t));
        tr.y.push_back(run.post_of(s, t));
        fitted.push_back({tr.x.back(), tr.y.back(), weight(run, s, t), 0});  // scales only: true w is never fitted
      }
      tr.observed = observe(run, s, o);
      trajectories.push_back(std::move(tr));
    }
    trajectory_fit_options to;
    to.ridge = o.ridge;
    rep.fit = fit_rule_trajectories(trajectories, to).fit;
  }
  rep.r2_heldout_changes = rule_r2(rep.fit.rule, truth_heldout);
  rep.fit.r2_heldout = rep.r2_heldout_changes;
  std::vector<double> truth, model;
  for (uint64_t s : heldout) {
    synapse_trajectory tr;
    for (uint32_t t = 0; t < run.steps; ++t) tr.x.push_back(run.pre_of(s, t)), tr.y.push_back(run.post_of(s, t));
    const std::vector<double> sim = simulate_rule(rep.fit.rule, tr, weight(run, s, 0));
    for (uint32_t t = 0; t <= run.steps; ++t) truth.push_back(weight(run, s, t)), model.push_back(sim[t]);
  }
  rep.r2_heldout_trajectories = r2(truth, model);

  std::array<double, taylor_terms> rms{};
  for (const auto& f : fitted) {
    const auto v = taylor_rule::features(f.x, f.y, f.w);
    for (size_t k = 0; k < taylor_terms; ++k) rms[k] += v[k] * v[k];
  }
  for (size_t k = 0; k < taylor_terms; ++k) {
    rms[k] = std::sqrt(rms[k] / static_cast<double>(fitted.size()));
    rep.ranked.push_back({k, rep.fit.rule.theta[k], rep.fit.standard_error[k], std::abs(rep.fit.rule.theta[k]) * rms[k]});
  }
  std::stable_sort(rep.ranked.begin(), rep.ranked.end(),
                   [](const term_contribution& a, const term_contribution& b) { return a.contribution > b.contribution; });
  return rep;
}

}  // namespace engram::research
