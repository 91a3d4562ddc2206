#pragma once
// Counts spikes per population for the run summary: totals for the mean rates, and per-step
// counts of the last window only (a ring), for the dominant frequency. Memory is bounded by the
// window, whatever the length of the run.
#include <cstdint>
#include <vector>

#include "engine/backend.hpp"
#include "engine/state.hpp"

namespace engram {

class activity_monitor {
 public:
  // Keeps the per-step counts of the last `window_ms` (at most 2^20 steps).
  activity_monitor(const std::vector<population_range>& populations, uint64_t first_step, double dt_ms,
                   double window_ms = 10000);
  void add(const spike_record& spikes);

  uint64_t spikes(size_t population) const { return totals_[population]; }
  // Mean firing rate in Hz over `steps` steps of dt.
  double mean_rate_hz(size_t population, uint64_t steps, double dt_ms) const;
  // Frequency (Hz) of the largest periodogram peak of the summed rate of `populations` over the
  // window that ends at the last step with a spike, searched in [f_low, f_high]; 0 when there is
  // no activity.
  // The summed spike count per step of `populations` over that window (oldest first).
  std::vector<double> rate_signal(const std::vector<size_t>& populations) const;
  double dominant_frequency_hz(const std::vector<size_t>& populations, double f_low = 2, double f_high = 150) const;

 private:
  std::vector<population_range> populations_;
  std::vector<size_t> owner_;  // neuron -> population
  uint64_t first_step_;
  double dt_ms_;
  uint64_t window_;      // steps kept per population
  uint64_t end_ = 0;     // steps since first_step up to the last spike seen, inclusive
  std::vector<uint64_t> totals_;
  std::vector<std::vector<uint32_t>> ring_;  // population -> spikes per step, slot = step mod window
};

}  // namespace engram
