#pragma once
// Fitting a Taylor rule to whole weight trajectories: where weights are seen rarely or with noise,
// differences of observed weights are mostly noise, but a rule simulated forward from each
// synapse's start must still pass through the observations. Levenberg-Marquardt on
//   w_s(t+1) = w_s(t) + change(x_s(t), y_s(t), w_s(t)),   residual w_s(t_k) - observed_s(t_k),
// over theta and every synapse's unknown starting weight, with exact sensitivities propagated
// along each trajectory. Activities are taken as recorded (the post activity is not re-simulated).
#include <cstddef>
#include <vector>

#include "apps/research/taylor_rule.hpp"

namespace engram::research {

struct synapse_trajectory {
  std::vector<double> x, y;        // activity per step, t = 0 .. T-1
  std::vector<double> observed;    // weight at the start of step t (T + 1 entries); NaN where unseen
};

struct trajectory_fit_options {
  double ridge = 1e-6;           // on theta, each term scaled by its sensitivity's root mean square
  unsigned max_iterations = 100;
  double tolerance = 1e-10;      // relative change of the cost that stops the iterations
};

struct trajectory_fit {
  rule_fit fit;                    // theta, standard errors; r2_fit: R^2 of the observed weights
  std::vector<double> start;       // fitted starting weight per synapse
  unsigned iterations = 0;
  double rms_residual = 0;
};

trajectory_fit fit_rule_trajectories(const std::vector<synapse_trajectory>& synapses, const trajectory_fit_options& options);

// Simulates the rule along a trajectory's activities from `start`: T + 1 weights.
std::vector<double> simulate_rule(const taylor_rule& rule, const synapse_trajectory& s, double start);

}  // namespace engram::research
