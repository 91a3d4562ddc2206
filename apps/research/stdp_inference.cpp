#include "apps/research/stdp_inference.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"
#include "host/io/hdf5_io.hpp"
#include "host/io/sonata_hdf5.hpp"
#include "host/io/sonata_reader.hpp"

namespace engram::research {
namespace {

// Per interval between weight samples: the LTP sum for tau+ or the LTD sum for tau-.
struct interval_sums {
  std::vector<double> ltp, ltd, dw;
};

// Adds exp(-(later - earlier) / tau) for every pair with earlier before later (or equal when
// `equal_counts`) to the interval holding `later`. Pairs beyond 12 tau add nothing measurable.
void pair_sums(const std::vector<double>& earlier, const std::vector<double>& later, bool equal_counts, double tau,
               const std::vector<double>& samples, size_t first_interval, std::vector<double>& out) {
  size_t lo = 0, interval = 0;
  for (double t : later) {
    while (interval + 1 < samples.size() && t >= samples[interval + 1]) ++interval;
    if (t < samples.front() || interval + 1 >= samples.size()) continue;
    while (lo < earlier.size() && earlier[lo] < t - 12 * tau) ++lo;
    double s = 0;
    for (size_t k = lo; k < earlier.size() && (earlier[k] < t || (equal_counts && earlier[k] == t)); ++k)
      s += std::exp(-(t - earlier[k]) / tau);
    out[first_interval + interval] += s;
  }
}

struct problem {
  const std::vector<stdp_synapse_record>* synapses;
  std::vector<size_t> offset;  // first interval of each synapse
  std::vector<double> dw;
  size_t intervals = 0;

  std::vector<double> sums(double tau, bool potentiation) const {
    std::vector<double> out(intervals, 0.0);
    for (size_t s = 0; s < synapses->size(); ++s) {
      const auto& r = (*synapses)[s];
      if (potentiation) pair_sums(r.arrivals_ms, r.post_ms, true, tau, r.sample_ms, offset[s], out);
      else pair_sums(r.post_ms, r.arrivals_ms, false, tau, r.sample_ms, offset[s], out);
    }
    return out;
  }
};

struct amplitudes {
  double a_plus = 0, a_minus = 0, rss = INFINITY, a_plus_se = 0, a_minus_se = 0;
};

// Least squares of dw = A+ p - A- d.
amplitudes solve(const std::vector<double>& p, const std::vector<double>& d, const std::vector<double>& dw) {
  double pp = 0, dd = 0, pd = 0, pw = 0, dwv = 0, ww = 0;
  for (size_t k = 0; k < dw.size(); ++k) {
    pp += p[k] * p[k], dd += d[k] * d[k], pd += p[k] * d[k], pw += p[k] * dw[k], dwv += d[k] * dw[k], ww += dw[k] * dw[k];
  }
  const double det = pp * dd - pd * pd;
  amplitudes a;
  if (!(det > 0)) return a;
  const double cp = (dd * pw - pd * dwv) / det, cd = (pp * dwv - pd * pw) / det;  // dw = cp p + cd d
  a.a_plus = cp;
  a.a_minus = -cd;
  a.rss = std::max(0.0, ww - cp * pw - cd * dwv);
  const double sigma2 = a.rss / static_cast<double>(std::max<size_t>(1, dw.size() - 4));
  a.a_plus_se = std::sqrt(sigma2 * dd / det);
  a.a_minus_se = std::sqrt(sigma2 * pp / det);
  return a;
}

// Golden-section minimum of f on [lo, hi] in log tau.
template <class F> double golden(F f, double lo, double hi) {
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = std::log(lo), b = std::log(hi), c = b - g * (b - a), d = a + g * (b - a);
  double fc = f(std::exp(c)), fd = f(std::exp(d));
  for (int i = 0; i < 40; ++i) {
    if (fc < fd) b = d, d = c, fd = fc, c = b - g * (b - a), fc = f(std::exp(c));
    else a = c, c = d, fc = fd, d = a + g * (b - a), fd = f(std::exp(d));
  }
  return std::exp((a + b) / 2);
}

}  // namespace

stdp_estimate fit_stdp(const std::vector<stdp_synapse_record>& synapses) {
  problem pr;
  pr.synapses = &synapses;
  for (size_t s = 0; s < synapses.size(); ++s) {
    const auto& r = synapses[s];
    if (r.sample_ms.size() != r.weights.size() || r.sample_ms.size() < 2)
      throw invalid_parameter(fmt::format("synapse {}: needs at least two weight samples with their times", s));
    if (!std::is_sorted(r.sample_ms.begin(), r.sample_ms.end()) || !std::is_sorted(r.arrivals_ms.begin(), r.arrivals_ms.end()) ||
        !std::is_sorted(r.post_ms.begin(), r.post_ms.end()))
      throw invalid_parameter(fmt::format("synapse {}: spike and sample times must be sorted", s));
    pr.offset.push_back(pr.intervals);
    for (size_t k = 0; k + 1 < r.weights.size(); ++k) pr.dw.push_back(r.weights[k + 1] - r.weights[k]);
    pr.intervals += r.weights.size() - 1;
  }
  if (pr.intervals < 8) throw invalid_parameter("recovering STDP needs at least 8 intervals between weight samples");

  // a log grid of both time constants, then golden sections on each in turn
  std::vector<double> grid;
  for (double tau = 1.0; tau <= 300.0; tau *= 1.15) grid.push_back(tau);
  std::vector<std::vector<double>> ltp, ltd;
  for (double tau : grid) ltp.push_back(pr.sums(tau, true)), ltd.push_back(pr.sums(tau, false));
  size_t bi = 0, bj = 0;
  double best = INFINITY;
  for (size_t i = 0; i < grid.size(); ++i)
    for (size_t j = 0; j < grid.size(); ++j) {
      const double rss = solve(ltp[i], ltd[j], pr.dw).rss;
      if (rss < best) best = rss, bi = i, bj = j;
    }
  double tau_p = grid[bi], tau_m = grid[bj];
  std::vector<double> p = ltp[bi], d = ltd[bj];
  for (int round = 0; round < 3; ++round) {
    tau_p = golden([&](double t) { return solve(pr.sums(t, true), d, pr.dw).rss; }, tau_p / 1.3, tau_p * 1.3);
    p = pr.sums(tau_p, true);
    tau_m = golden([&](double t) { return solve(p, pr.sums(t, false), pr.dw).rss; }, tau_m / 1.3, tau_m * 1.3);
    d = pr.sums(tau_m, false);
  }
  const amplitudes a = solve(p, d, pr.dw);
  stdp_estimate e;
  e.a_plus = a.a_plus;
  e.a_minus = a.a_minus;
  e.a_plus_se = a.a_plus_se;
  e.a_minus_se = a.a_minus_se;
  e.tau_plus_ms = tau_p;
  e.tau_minus_ms = tau_m;
  e.intervals = pr.intervals;
  // time constants' standard errors from the curvature of the profiled residual sum
  const double sigma2 = a.rss / static_cast<double>(std::max<size_t>(1, pr.intervals - 4)), h = 0.02;
  auto curvature_se = [&](auto rss_at, double tau) {
    const double c = (rss_at(tau * (1 + h)) - 2 * a.rss + rss_at(tau * (1 - h))) / (h * tau * h * tau);
    return c > 0 ? std::sqrt(2 * sigma2 / c) : NAN;
  };
  e.tau_plus_se = curvature_se([&](double t) { return solve(pr.sums(t, true), d, pr.dw).rss; }, tau_p);
  e.tau_minus_se = curvature_se([&](double t) { return solve(p, pr.sums(t, false), pr.dw).rss; }, tau_m);
  double mean = 0, total = 0;
  for (double v : pr.dw) mean += v;
  mean /= static_cast<double>(pr.dw.size());
  for (double v : pr.dw) total += (v - mean) * (v - mean);
  e.r2 = total > 0 ? 1.0 - a.rss / total : NAN;
  return e;
}

std::vector<stdp_synapse_record> read_stdp_records(const std::string& path, const std::string& projection,
                                                   const std::string& pre, const std::string& post, double delay_ms) {
  const std::string where = "run file " + path;
  std::vector<std::vector<double>> pre_spikes, post_spikes;
  bool found_pre = false, found_post = false;
  for (const auto& set : read_sonata_spikes(path)) {
    auto* into = set.population == pre ? &pre_spikes : set.population == post ? &post_spikes : nullptr;
    if (!into) continue;
    (set.population == pre ? found_pre : found_post) = true;
    for (size_t k = 0; k < set.node_ids.size(); ++k) {
      if (set.node_ids[k] >= into->size()) into->resize(set.node_ids[k] + 1);
      (*into)[set.node_ids[k]].push_back(set.timestamps_ms[k]);
    }
  }
  if (!found_pre || !found_post)
    throw invalid_parameter(fmt::format("{}: no spikes of population '{}'", where, found_pre ? post : pre));
  h5::handle file = sonata_h5::open_file(path, "run file");
  h5::handle weights = h5::open_group(file, "weights", path);
  h5::handle group = h5::open_group(weights, projection, path);
  uint64_t cols = 0;
  const std::vector<double> times = h5::read_table<double>(group, "times", where, cols);
  if (cols != 1) throw invalid_parameter(where + ": the weight stream's times are not one column");
  const std::vector<float> values = h5::read_table<float>(group, "values", where, cols);
  const auto row_ptr = h5::read_vector<uint64_t>(group, "row_ptr", -1, where);
  const auto target = h5::read_vector<uint32_t>(group, "target", static_cast<int64_t>(cols), where);
  const auto post_first = h5::read_attribute<uint32_t>(group, "post_first", where);  // targets are global ids
  if (values.size() != times.size() * cols || row_ptr.empty() || row_ptr.back() != cols)
    throw invalid_parameter(where + ": the weight stream of '" + projection + "' has no full weights (too many synapses for it?)");
  std::vector<stdp_synapse_record> out(cols);
  for (size_t i = 0; i + 1 < row_ptr.size(); ++i)
    for (uint64_t s = row_ptr[i]; s < row_ptr[i + 1]; ++s) {
      auto& r = out[s];
      if (i < pre_spikes.size())
        for (double t : pre_spikes[i]) r.arrivals_ms.push_back(t + delay_ms);
      if (target[s] < post_first) throw invalid_parameter(fmt::format("{}: synapse {} targets neuron {} before its population", where, s, target[s]));
      if (target[s] - post_first < post_spikes.size()) r.post_ms = post_spikes[target[s] - post_first];
      std::sort(r.arrivals_ms.begin(), r.arrivals_ms.end());
      std::sort(r.post_ms.begin(), r.post_ms.end());
      r.sample_ms = times;
      for (size_t k = 0; k < times.size(); ++k) r.weights.push_back(values[k * cols + s]);
    }
  return out;
}

}  // namespace engram::research
