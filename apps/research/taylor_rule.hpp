#pragma once
// Plasticity rules as a Taylor expansion (Mehta et al. 2024's family):
//   dw = sum over a, b, c in {0, 1, 2} of theta_abc x^a y^b w^c
// with x the presynaptic activity, y the postsynaptic activity and w the weight, per observation
// interval. Oja's rule is theta_110 = eta, theta_021 = -eta. Fitting is linear in theta: regularised
// least squares on observed weight changes (this file) or a fit of whole weight trajectories
// (rule_trajectory.hpp) where the weights are seen rarely or with noise.
#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace engram::research {

inline constexpr size_t taylor_terms = 27;

struct taylor_rule {
  std::array<double, taylor_terms> theta{};
  static constexpr size_t index(int a, int b, int c) { return static_cast<size_t>(9 * a + 3 * b + c); }
  static std::string term_name(size_t k);  // "x y^2 w", "1" for the constant
  static std::array<double, taylor_terms> features(double x, double y, double w);
  double change(double x, double y, double w) const;
  double derivative_w(double x, double y, double w) const;  // d(change)/dw, for trajectory sensitivities
};

// One synapse over one interval: activities, the weight at its start and the change over it.
struct rule_observation {
  double x = 0, y = 0, w = 0, dw = 0;
};

struct rule_fit {
  taylor_rule rule;
  std::array<double, taylor_terms> standard_error{};  // 95% interval: theta +- 1.96 standard_error
  double r2_fit = 0;       // on the observations fitted
  double r2_heldout = 0;   // on observations never fitted (NaN when none were given)
  size_t observations = 0;
};

// Ridge least squares on the observed changes; each feature is scaled to unit root mean square
// before the penalty so that ridge treats x^2 y^2 w^2 and 1 alike. Standard errors from the
// residual variance and the inverse of the regularised normal matrix.
rule_fit fit_rule_least_squares(const std::vector<rule_observation>& fit, const std::vector<rule_observation>& heldout,
                                double ridge);

// R^2 of the rule's predicted changes against observed ones: 1 - SS_res / SS_tot.
double rule_r2(const taylor_rule& rule, const std::vector<rule_observation>& obs);

}  // namespace engram::research
