#include "apps/research/taylor_rule.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <limits>

#include "engine/errors.hpp"

namespace engram::research {

std::string taylor_rule::term_name(size_t k) {
  const int power[3] = {static_cast<int>(k / 9), static_cast<int>(k / 3 % 3), static_cast<int>(k % 3)};
  const char* symbol[3] = {"x", "y", "w"};
  std::string name;
  for (int v = 0; v < 3; ++v) {
    if (power[v] == 0) continue;
    if (!name.empty()) name += ' ';
    name += symbol[v];
    if (power[v] == 2) name += "^2";
  }
  return name.empty() ? "1" : name;
}

std::array<double, taylor_terms> taylor_rule::features(double x, double y, double w) {
  const double px[3] = {1, x, x * x}, py[3] = {1, y, y * y}, pw[3] = {1, w, w * w};
  std::array<double, taylor_terms> f{};
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c) f[index(a, b, c)] = px[a] * py[b] * pw[c];
  return f;
}

double taylor_rule::change(double x, double y, double w) const {
  const auto f = features(x, y, w);
  double s = 0;
  for (size_t k = 0; k < taylor_terms; ++k) s += theta[k] * f[k];
  return s;
}

double taylor_rule::derivative_w(double x, double y, double w) const {
  const double px[3] = {1, x, x * x}, py[3] = {1, y, y * y}, dw[3] = {0, 1, 2 * w};
  double s = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 1; c < 3; ++c) s += theta[index(a, b, c)] * px[a] * py[b] * dw[c];
  return s;
}

double rule_r2(const taylor_rule& rule, const std::vector<rule_observation>& obs) {
  if (obs.empty()) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0;
  for (const auto& o : obs) mean += o.dw;
  mean /= static_cast<double>(obs.size());
  double res = 0, tot = 0;
  for (const auto& o : obs) {
    const double e = o.dw - rule.change(o.x, o.y, o.w);
    res += e * e;
    tot += (o.dw - mean) * (o.dw - mean);
  }
  return tot > 0 ? 1.0 - res / tot : std::numeric_limits<double>::quiet_NaN();
}

rule_fit fit_rule_least_squares(const std::vector<rule_observation>& fit, const std::vector<rule_observation>& heldout,
                                double ridge) {
  if (fit.size() <= taylor_terms)
    throw invalid_parameter("fitting a 27-term rule needs more than 27 observations, got " + std::to_string(fit.size()));
  if (!(ridge >= 0)) throw invalid_parameter("the ridge penalty must be >= 0");
  const auto n = static_cast<Eigen::Index>(fit.size()), p = static_cast<Eigen::Index>(taylor_terms);
  Eigen::MatrixXd a(n, p);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto f = taylor_rule::features(fit[i].x, fit[i].y, fit[i].w);
    for (Eigen::Index k = 0; k < p; ++k) a(i, k) = f[k];
    b(i) = fit[i].dw;
  }
  // unit root-mean-square columns: the penalty then weighs every term alike
  Eigen::VectorXd scale = (a.colwise().squaredNorm() / static_cast<double>(n)).cwiseSqrt().transpose();
  for (Eigen::Index k = 0; k < p; ++k) scale(k) = scale(k) > 0 ? scale(k) : 1.0;
  const Eigen::MatrixXd as = a * scale.cwiseInverse().asDiagonal();
  Eigen::MatrixXd normal = as.transpose() * as;
  normal.diagonal().array() += ridge * static_cast<double>(n);
  const Eigen::LDLT<Eigen::MatrixXd> solver(normal);
  if (solver.info() != Eigen::Success) throw invalid_parameter("the rule's normal equations are singular: add a ridge penalty");
  const Eigen::VectorXd scaled_theta = solver.solve(as.transpose() * b);
  const Eigen::VectorXd residual = b - as * scaled_theta;
  const double sigma2 = residual.squaredNorm() / static_cast<double>(n - p);
  const Eigen::MatrixXd covariance = sigma2 * solver.solve(Eigen::MatrixXd::Identity(p, p));

  rule_fit r;
  for (Eigen::Index k = 0; k < p; ++k) {
    r.rule.theta[k] = scaled_theta(k) / scale(k);
    r.standard_error[k] = std::sqrt(std::max(0.0, covariance(k, k))) / scale(k);
  }
  r.observations = fit.size();
  r.r2_fit = rule_r2(r.rule, fit);
  r.r2_heldout = rule_r2(r.rule, heldout);
  return r;
}

}  // namespace engram::research
