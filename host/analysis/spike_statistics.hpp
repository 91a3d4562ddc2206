#pragma once
// Spike-train statistics of a group of neurons (a population) over a window of steps: the mean
// rate, the irregularity of each neuron's inter-spike intervals (the mean CV) and two measures of
// synchrony, as Brunel (2000) characterises his regimes. Streaming: spikes are added in step
// order, batch by batch as a run drains them, and memory is per neuron, whatever the run's length.
#include <cstdint>
#include <vector>

#include "engine/backend.hpp"

namespace engram {

struct spike_statistics_options {
  uint64_t from_step = 0;      // spikes before it are ignored (a transient)
  double bin_ms = 1.0;         // bins of the synchrony measures, from from_step
  uint32_t min_intervals = 2;  // a neuron's CV counts when it has at least this many intervals
};

struct spike_train_summary {
  uint64_t spikes = 0;
  double rate_hz = 0;       // mean over all neurons of the group
  double mean_cv = 0;       // mean over the neurons with enough intervals of sd / mean of their ISIs
  uint32_t cv_neurons = 0;  // neurons averaged into mean_cv
  // Variance over the mean of the group's spike count per bin: 1 for independent Poisson
  // neurons, up to about the group's size when they fire together.
  double fano = 0;
  // Golomb's chi: sqrt(variance of the group-averaged binned count / mean of the neurons' own
  // variances); 1 for identical trains, about 1 / sqrt(size) for independent ones.
  double chi = 0;
  uint64_t bins = 0;        // complete bins the synchrony measures used
};

class spike_statistics {
 public:
  // Neurons [first, first + count) of the global index space, at dt_ms per step.
  spike_statistics(uint32_t first, uint32_t count, double dt_ms, const spike_statistics_options& options = {});
  // Spikes in step order (a later batch never holds an earlier step); others' neurons are skipped.
  void add(const spike_record& spikes);
  // Over [from_step, end_step): rates over the whole window, synchrony over its complete bins.
  spike_train_summary summary(uint64_t end_step) const;

 private:
  struct neuron {
    uint64_t spikes = 0, last = 0;
    double interval_sum = 0, interval_squares = 0;
    uint64_t bin = 0;        // the bin bin_count counts (valid once spikes > 0)
    uint32_t bin_count = 0;
    double bin_squares = 0;  // sum of squared counts of the neuron's earlier bins
  };
  uint32_t first_;
  double dt_ms_;
  spike_statistics_options options_;
  uint64_t bin_steps_;
  std::vector<neuron> neurons_;
  uint64_t group_bin_ = 0, group_bin_count_ = 0;
  double group_bin_squares_ = 0;  // as bin_squares, for the whole group's count
  uint64_t last_step_ = 0;
};

}  // namespace engram
