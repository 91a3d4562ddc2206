#pragma once
// Inferring a plasticity rule from a recorded run (docs/research.md): some synapses' weights are
// observed (a share of them, every `observe_every` steps, with multiplicative noise), the rest
// are held out. Clean, dense observations are fitted by least squares on the weight changes;
// sparse or noisy ones by fitting whole trajectories. The fitted rule is judged on the held-out
// synapses' true changes and trajectories, which the fit never saw.
#include <cstdint>
#include <string>
#include <vector>

#include "apps/research/rate_run.hpp"
#include "apps/research/taylor_rule.hpp"

namespace engram::research {

struct inference_options {
  double observed_share = 0.75;  // synapses whose weights the fit sees; the rest are held out
  double noise = 0.0;            // observation noise: w (1 + noise N(0, 1))
  uint32_t observe_every = 1;    // steps between weight observations
  double ridge = 1e-6;
  std::string method = "auto";   // least-squares, trajectory, auto (trajectory when noisy or sparse)
  uint64_t seed = 1;             // which synapses are observed and the noise
};

struct term_contribution {
  size_t term = 0;
  double theta = 0, standard_error = 0, contribution = 0;  // contribution: |theta| x rms of its feature
};

struct inference_report {
  std::string method;
  rule_fit fit;
  uint64_t observed_synapses = 0, heldout_synapses = 0;
  double r2_heldout_changes = 0;       // per-step changes of held-out synapses
  double r2_heldout_trajectories = 0;  // held-out weights simulated from their true start
  std::vector<term_contribution> ranked;  // by contribution, largest first
};

inference_report infer_rule(const rate_run& run, const inference_options& options);

}  // namespace engram::research
