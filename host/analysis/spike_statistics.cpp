#include "host/analysis/spike_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram {

spike_statistics::spike_statistics(uint32_t first, uint32_t count, double dt_ms, const spike_statistics_options& options)
    : first_(first), dt_ms_(dt_ms), options_(options), neurons_(count) {
  if (!(dt_ms > 0) || !std::isfinite(dt_ms)) throw invalid_parameter(fmt::format("spike statistics: dt must be > 0 ms, got {}", dt_ms));
  if (!(options.bin_ms >= dt_ms) || !std::isfinite(options.bin_ms))
    throw invalid_parameter(fmt::format("spike statistics: bins of {} ms are shorter than a step ({} ms)", options.bin_ms, dt_ms));
  if (options.min_intervals < 2) throw invalid_parameter("spike statistics: a CV needs at least 2 intervals");
  bin_steps_ = static_cast<uint64_t>(std::llround(options.bin_ms / dt_ms));
}

void spike_statistics::add(const spike_record& spikes) {
  for (size_t k = 0; k < spikes.size(); ++k) {
    const uint64_t step = spikes.step[k];
    const uint32_t i = spikes.neuron[k] - first_;  // wraps above the count for earlier neurons
    if (step < options_.from_step || i >= neurons_.size()) continue;
    if (step < last_step_) throw internal_error("spike statistics: spikes added out of step order");
    last_step_ = step;
    neuron& n = neurons_[i];
    const uint64_t bin = (step - options_.from_step) / bin_steps_;
    if (n.spikes > 0) {
      const double interval = static_cast<double>(step - n.last);
      n.interval_sum += interval;
      n.interval_squares += interval * interval;
      if (bin != n.bin) {
        n.bin_squares += double(n.bin_count) * n.bin_count;
        n.bin_count = 0;
      }
    }
    n.bin = bin;
    n.bin_count += 1;
    n.spikes += 1;
    n.last = step;
    if (bin != group_bin_) {
      group_bin_squares_ += double(group_bin_count_) * group_bin_count_;
      group_bin_count_ = 0;
      group_bin_ = bin;
    }
    group_bin_count_ += 1;
  }
}

spike_train_summary spike_statistics::summary(uint64_t end_step) const {
  spike_train_summary s;
  if (neurons_.empty() || end_step <= options_.from_step) return s;
  const uint64_t window = end_step - options_.from_step;
  s.bins = window / bin_steps_;  // complete bins only
  // Sum and sum of squares of the counts in the complete bins: the open bin counts when complete.
  auto complete = [&](uint64_t bin, double count, double squares) { return bin < s.bins ? squares + count * count : squares; };
  double cv_sum = 0, variance_sum = 0;
  uint64_t binned = 0;  // spikes in complete bins
  for (const neuron& n : neurons_) {
    s.spikes += n.spikes;
    if (n.spikes == 0) continue;
    const uint64_t intervals = n.spikes - 1;
    if (intervals >= options_.min_intervals) {
      const double mean = n.interval_sum / intervals;
      const double variance = std::max(0.0, n.interval_squares / intervals - mean * mean);
      cv_sum += std::sqrt(variance) / mean;
      s.cv_neurons += 1;
    }
    if (s.bins == 0) continue;
    // Spikes in complete bins: all but the open bin's when that bin is the partial last one.
    const uint64_t in_bins = n.bin < s.bins ? n.spikes : n.spikes - n.bin_count;
    binned += in_bins;
    const double mean = double(in_bins) / s.bins;
    variance_sum += complete(n.bin, n.bin_count, n.bin_squares) / s.bins - mean * mean;
  }
  s.rate_hz = s.spikes / (neurons_.size() * window * dt_ms_ / 1000.0);
  s.mean_cv = s.cv_neurons ? cv_sum / s.cv_neurons : 0.0;
  if (s.bins > 0 && binned > 0) {
    const double mean = double(binned) / s.bins;
    const double variance = complete(group_bin_, double(group_bin_count_), group_bin_squares_) / s.bins - mean * mean;
    s.fano = variance / mean;
    const double size = static_cast<double>(neurons_.size());
    const double single = variance_sum / size;  // mean over the neurons of their own variance
    s.chi = single > 0 ? std::sqrt(std::max(0.0, variance / (size * size)) / single) : 0.0;
  }
  return s;
}

}  // namespace engram
