#include "host/activity_monitor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace engram {

activity_monitor::activity_monitor(const std::vector<population_range>& populations, uint64_t first_step)
    : populations_(populations), first_step_(first_step), totals_(populations.size(), 0), per_step_(populations.size()) {
  uint32_t n = 0;
  for (const auto& p : populations) n = std::max(n, p.first + p.size);
  owner_.assign(n, 0);
  for (size_t p = 0; p < populations.size(); ++p)
    std::fill_n(owner_.begin() + populations[p].first, populations[p].size, p);
}

void activity_monitor::add(const spike_record& spikes) {
  for (size_t k = 0; k < spikes.size(); ++k) {
    const size_t p = owner_[spikes.neuron[k]];
    const uint64_t t = spikes.step[k] - first_step_;
    auto& series = per_step_[p];
    if (series.size() <= t) series.resize(t + 1, 0);
    ++series[t];
    ++totals_[p];
  }
}

double activity_monitor::mean_rate_hz(size_t population, uint64_t steps, double dt_ms) const {
  if (steps == 0) return 0.0;
  return static_cast<double>(totals_[population]) / populations_[population].size / (steps * dt_ms / 1000.0);
}

double activity_monitor::dominant_frequency_hz(const std::vector<size_t>& populations, double dt_ms, double window_ms,
                                               double f_low, double f_high) const {
  size_t length = 0;
  for (size_t p : populations) length = std::max(length, per_step_[p].size());
  const size_t window = std::min(length, static_cast<size_t>(window_ms / dt_ms));
  if (window < 16) return 0.0;
  std::vector<double> x(window, 0.0);
  for (size_t p : populations)
    for (size_t t = 0; t < window; ++t) {
      const size_t at = length - window + t;
      if (at < per_step_[p].size()) x[t] += per_step_[p][at];
    }
  double mean = 0;
  for (double v : x) mean += v;
  mean /= window;
  if (mean == 0) return 0.0;
  for (double& v : x) v -= mean;
  // Welch-style: average the periodograms of 1 s segments (1 Hz grid), which tames the variance
  // a single long periodogram has at every frequency.
  const size_t segment = std::min(window, static_cast<size_t>(1000.0 / dt_ms));
  const size_t segments = window / segment;
  double best_f = 0, best_power = -1;
  for (double f = f_low; f <= f_high; f += 1.0) {
    if (f > 500.0 / dt_ms) break;
    const double w = 2 * std::numbers::pi * f * dt_ms / 1000.0;
    double power = 0;
    for (size_t g = 0; g < segments; ++g) {
      double re = 0, im = 0;
      for (size_t t = 0; t < segment; ++t) {
        re += x[g * segment + t] * std::cos(w * t);
        im += x[g * segment + t] * std::sin(w * t);
      }
      power += re * re + im * im;
    }
    if (power > best_power) {
      best_power = power;
      best_f = f;
    }
  }
  return best_f;
}

}  // namespace engram
