#pragma once
// Counts spikes per population and per step, for the run summary: mean rates and the dominant
// frequency of the population rate.
#include <cstdint>
#include <vector>

#include "engine/backend.hpp"
#include "engine/state.hpp"

namespace engram {

class activity_monitor {
 public:
  activity_monitor(const std::vector<population_range>& populations, uint64_t first_step);
  void add(const spike_record& spikes);

  uint64_t spikes(size_t population) const { return totals_[population]; }
  // Mean firing rate in Hz over `steps` steps of dt.
  double mean_rate_hz(size_t population, uint64_t steps, double dt_ms) const;
  // Frequency (Hz) of the largest periodogram peak of the summed rate of `populations` over the
  // last `window_ms`, searched in [f_low, f_high]; 0 when there is no activity.
  double dominant_frequency_hz(const std::vector<size_t>& populations, double dt_ms, double window_ms = 10000,
                               double f_low = 2, double f_high = 150) const;

 private:
  std::vector<population_range> populations_;
  std::vector<size_t> owner_;  // neuron -> population
  uint64_t first_step_;
  std::vector<uint64_t> totals_;
  std::vector<std::vector<uint32_t>> per_step_;  // population -> spikes per step since first_step
};

}  // namespace engram
