#include "apps/research/rule_trajectory.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::research {
namespace {

constexpr auto terms = static_cast<Eigen::Index>(taylor_terms);

void check(const std::vector<synapse_trajectory>& synapses) {
  if (synapses.empty()) throw invalid_parameter("a trajectory fit needs at least one observed synapse");
  size_t seen = 0;
  for (size_t s = 0; s < synapses.size(); ++s) {
    const auto& t = synapses[s];
    if (t.x.size() != t.y.size() || t.observed.size() != t.x.size() + 1)
      throw invalid_parameter(fmt::format("synapse {}: {} pre and {} post activities need {} weight slots, got {}", s,
                                          t.x.size(), t.y.size(), t.x.size() + 1, t.observed.size()));
    size_t here = 0;
    for (double w : t.observed) here += std::isfinite(w);
    if (here == 0) throw invalid_parameter(fmt::format("synapse {} has no observed weight", s));
    seen += here;
  }
  if (seen <= taylor_terms + synapses.size())
    throw invalid_parameter(fmt::format("{} weight observations cannot fix 27 terms and {} starting weights", seen, synapses.size()));
}

double first_observed(const synapse_trajectory& t) {
  for (double w : t.observed)
    if (std::isfinite(w)) return w;
  return 0;
}

// Residuals and, when asked, the Jacobian over (theta, starts) of every observation.
double evaluate(const std::vector<synapse_trajectory>& synapses, const taylor_rule& rule, const std::vector<double>& start,
                Eigen::MatrixXd* jacobian, Eigen::VectorXd* residual, double* sum_observed, double* sum_observed2) {
  Eigen::Index row = 0;
  double cost = 0;
  for (size_t s = 0; s < synapses.size(); ++s) {
    const auto& t = synapses[s];
    double w = start[s], dstart = 1.0;
    Eigen::Matrix<double, 27, 1> dtheta = Eigen::Matrix<double, 27, 1>::Zero();
    for (size_t k = 0; k <= t.x.size(); ++k) {
      if (std::isfinite(t.observed[k])) {
        const double e = w - t.observed[k];
        cost += e * e;
        if (sum_observed) *sum_observed += t.observed[k], *sum_observed2 += t.observed[k] * t.observed[k];
        if (jacobian) {
          jacobian->row(row).setZero();
          jacobian->block(row, 0, 1, terms) = dtheta.transpose();
          (*jacobian)(row, terms + static_cast<Eigen::Index>(s)) = dstart;
          (*residual)(row) = e;
        }
        ++row;
      }
      if (k == t.x.size()) break;
      const double grow = 1.0 + rule.derivative_w(t.x[k], t.y[k], w);  // d w(k+1) / d w(k)
      const auto f = taylor_rule::features(t.x[k], t.y[k], w);
      for (Eigen::Index j = 0; j < terms; ++j) dtheta(j) = grow * dtheta(j) + f[static_cast<size_t>(j)];
      dstart *= grow;
      w += rule.change(t.x[k], t.y[k], w);
      if (!std::isfinite(w)) return INFINITY;  // a diverging candidate: Marquardt raises the damping
    }
  }
  return cost;
}

}  // namespace

std::vector<double> simulate_rule(const taylor_rule& rule, const synapse_trajectory& s, double start) {
  std::vector<double> w(s.x.size() + 1);
  w[0] = start;
  for (size_t k = 0; k < s.x.size(); ++k) w[k + 1] = w[k] + rule.change(s.x[k], s.y[k], w[k]);
  return w;
}

trajectory_fit fit_rule_trajectories(const std::vector<synapse_trajectory>& synapses, const trajectory_fit_options& o) {
  check(synapses);
  Eigen::Index rows = 0;
  for (const auto& t : synapses)
    for (double w : t.observed) rows += std::isfinite(w);
  const Eigen::Index params = terms + static_cast<Eigen::Index>(synapses.size());

  taylor_rule rule;
  std::vector<double> start(synapses.size());
  for (size_t s = 0; s < synapses.size(); ++s) start[s] = first_observed(synapses[s]);
  Eigen::MatrixXd j(rows, params);
  Eigen::VectorXd r(rows);
  double cost = evaluate(synapses, rule, start, &j, &r, nullptr, nullptr);
  // ridge on theta in units of each term's sensitivity at the start (zero rule): scale-free
  Eigen::VectorXd scale = (j.colwise().squaredNorm() / static_cast<double>(rows)).cwiseSqrt().transpose();
  for (Eigen::Index k = 0; k < params; ++k) scale(k) = scale(k) > 0 ? scale(k) : 1.0;
  auto ridge_diagonal = [&] {
    Eigen::VectorXd d = Eigen::VectorXd::Zero(params);
    for (Eigen::Index k = 0; k < terms; ++k) d(k) = o.ridge * static_cast<double>(rows) * scale(k) * scale(k);
    return d;
  };
  const Eigen::VectorXd ridge = ridge_diagonal();
  auto penalty = [&](const taylor_rule& rr) {
    double p = 0;
    for (Eigen::Index k = 0; k < terms; ++k) p += ridge(k) * rr.theta[static_cast<size_t>(k)] * rr.theta[static_cast<size_t>(k)];
    return p;
  };
  double total = cost + penalty(rule), lambda = 1e-3;
  trajectory_fit out;
  bool converged = false;
  while (!converged && out.iterations < o.max_iterations) {
    ++out.iterations;
    Eigen::MatrixXd normal = j.transpose() * j;
    normal.diagonal() += ridge;
    Eigen::VectorXd gradient = j.transpose() * r;
    for (Eigen::Index k = 0; k < terms; ++k) gradient(k) += ridge(k) * rule.theta[static_cast<size_t>(k)];
    bool improved = false;
    for (int attempt = 0; attempt < 12 && !improved; ++attempt) {
      Eigen::MatrixXd damped = normal;
      damped.diagonal() += lambda * normal.diagonal().cwiseMax(1e-300);
      const Eigen::VectorXd step = -damped.ldlt().solve(gradient);
      taylor_rule trial = rule;
      std::vector<double> trial_start = start;
      for (Eigen::Index k = 0; k < terms; ++k) trial.theta[static_cast<size_t>(k)] += step(k);
      for (size_t s = 0; s < start.size(); ++s) trial_start[s] += step(terms + static_cast<Eigen::Index>(s));
      const double trial_total = evaluate(synapses, trial, trial_start, nullptr, nullptr, nullptr, nullptr) + penalty(trial);
      if (trial_total < total) {
        const double relative = (total - trial_total) / std::max(total, 1e-300);
        rule = trial;
        start = trial_start;
        total = trial_total;
        lambda = std::max(lambda / 3, 1e-12);
        improved = true;
        cost = evaluate(synapses, rule, start, &j, &r, nullptr, nullptr);
        converged = relative < o.tolerance;
      } else {
        lambda *= 4;
      }
    }
    if (!improved) break;
  }
  double sum = 0, sum2 = 0;
  cost = evaluate(synapses, rule, start, &j, &r, &sum, &sum2);
  const double mean = sum / static_cast<double>(rows), total_ss = sum2 - static_cast<double>(rows) * mean * mean;
  Eigen::MatrixXd normal = j.transpose() * j;
  normal.diagonal() += ridge;
  const double dof = static_cast<double>(std::max<Eigen::Index>(1, rows - params));
  const Eigen::MatrixXd covariance = (cost / dof) * normal.ldlt().solve(Eigen::MatrixXd::Identity(params, params));
  out.fit.rule = rule;
  for (Eigen::Index k = 0; k < terms; ++k)
    out.fit.standard_error[static_cast<size_t>(k)] = std::sqrt(std::max(0.0, covariance(k, k)));
  out.fit.observations = static_cast<size_t>(rows);
  out.fit.r2_fit = total_ss > 0 ? 1.0 - cost / total_ss : NAN;
  out.fit.r2_heldout = NAN;
  out.start = start;
  out.rms_residual = std::sqrt(cost / static_cast<double>(rows));
  return out;
}

}  // namespace engram::research
