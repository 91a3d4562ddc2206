#pragma once
// Which neurons' spikes a run file keeps (`engram run --record-sample`): the first N neurons of
// every population, or the same fraction of each. The filter runs where the run loop drains
// spikes, before they reach the writer thread, and keeps node ids as they are (the index within
// the population), so a sampled file reads as the full one restricted to those neurons.
#include <cstdint>
#include <vector>

#include "engine/backend.hpp"
#include "engine/state.hpp"

namespace engram {

struct spike_sample_spec {
  uint32_t count = 0;   // the first `count` neurons of each population (all of a smaller one)
  double fraction = 0;  // or the first round(fraction x size), at least one; both 0: every neuron
  bool all() const { return count == 0 && fraction == 0; }
};

class spike_sample {
 public:
  spike_sample(const std::vector<population_range>& populations, const spike_sample_spec& spec);
  bool keeps_all() const { return keeps_all_; }
  // Neurons kept of population p.
  uint32_t kept(size_t p) const { return ranges_[p].kept; }
  // The spikes of kept neurons, in their order.
  spike_record filter(const spike_record& spikes) const;

 private:
  struct range {
    uint32_t first = 0, kept = 0;
  };
  std::vector<range> ranges_;  // by population (in the order of their first neurons)
  bool keeps_all_ = true;
};

}  // namespace engram
