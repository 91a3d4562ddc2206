#pragma once
// A rate network that learns by Oja's rule, the ground truth for rule inference: n_pre inputs
// drive n_post linear outputs y_j = sum_i w_ij x_i, all-to-all, and every step
//   dw_ij = eta (x_i y_j - y_j^2 w_ij).
// Inputs are odours (after the plasticity-inference literature's demo): each step one of
// `odours` fixed binary patterns with `active_share` of the inputs on, plus Gaussian noise.
#include <cstdint>

#include "apps/research/rate_run.hpp"

namespace engram::research {

struct oja_params {
  uint32_t n_pre = 10, n_post = 10, steps = 2000, odours = 20;
  double eta = 0.02, active_share = 0.2, input_noise = 0.05, initial_sd = 0.3;
  uint64_t seed = 1;
};

rate_run simulate_oja(const oja_params& p);

}  // namespace engram::research
