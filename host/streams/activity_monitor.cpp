#include "host/streams/activity_monitor.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "host/analysis/rhythms.hpp"

namespace engram {

activity_monitor::activity_monitor(const std::vector<population_range>& populations, uint64_t first_step, double dt_ms,
                                   double window_ms)
    : populations_(populations),
      first_step_(first_step),
      dt_ms_(dt_ms),
      window_(static_cast<uint64_t>(std::clamp(window_ms / dt_ms, 1.0, double(1 << 20)))),
      totals_(populations.size(), 0),
      ring_(populations.size(), std::vector<uint32_t>(window_, 0)) {
  uint32_t n = 0;
  for (const auto& p : populations) n = std::max(n, p.first + p.size);
  owner_.assign(n, 0);
  for (size_t p = 0; p < populations.size(); ++p)
    std::fill_n(owner_.begin() + populations[p].first, populations[p].size, p);
}

void activity_monitor::add(const spike_record& spikes) {
  for (size_t k = 0; k < spikes.size(); ++k) {
    if (spikes.neuron[k] >= owner_.size() || spikes.step[k] < first_step_) continue;
    const size_t p = owner_[spikes.neuron[k]];
    const uint64_t t = spikes.step[k] - first_step_;
    ++totals_[p];
    if (t + 1 > end_) {
      // Steps between the last spike and this one had none: clear their slots (at most a window).
      for (uint64_t s = std::max(end_, t + 1 > window_ ? t + 1 - window_ : 0); s <= t; ++s)
        for (auto& ring : ring_) ring[s % window_] = 0;
      end_ = t + 1;
    }
    if (t + window_ >= end_) ++ring_[p][t % window_];  // older than the window: only the total counts
  }
}

double activity_monitor::mean_rate_hz(size_t population, uint64_t steps, double dt_ms) const {
  if (steps == 0) return 0.0;
  return static_cast<double>(totals_[population]) / populations_[population].size / (steps * dt_ms / 1000.0);
}

std::vector<double> activity_monitor::rate_signal(const std::vector<size_t>& populations) const {
  const uint64_t window = std::min(end_, window_);
  std::vector<double> x(window, 0.0);
  for (size_t p : populations)
    for (uint64_t t = 0; t < window; ++t) x[t] += ring_[p][(end_ - window + t) % window_];
  return x;
}

double activity_monitor::dominant_frequency_hz(const std::vector<size_t>& populations, double f_low, double f_high) const {
  const std::vector<double> x = rate_signal(populations);
  if (x.size() < 16 || std::all_of(x.begin(), x.end(), [](double v) { return v == 0; })) return 0.0;
  // Welch-style: average the periodograms of 1 s segments (1 Hz grid), which tames the variance
  // a single long periodogram has at every frequency.
  const std::vector<double> power = segment_power(x, dt_ms_, f_low, f_high);
  if (power.empty()) return 0.0;
  return f_low + static_cast<double>(std::max_element(power.begin(), power.end()) - power.begin());
}

}  // namespace engram
