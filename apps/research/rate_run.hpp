#pragma once
// A rate network's record for rule inference: activities per step and every weight per step.
// On disk (HDF5, the weight stream's layout so one reader serves spiking runs too):
//   /activity/<pre> [T x n_pre], /activity/<post> [T x n_post]   (activity during step t)
//   /weights/<projection>/values [(T + 1) x S]                   (weight at the start of step t)
//   /weights/<projection>/row_ptr, target                        (CSR: synapse s of pre row i)
//   attributes pre, post on the projection's group; truth (text) on the root, if known.
#include <cstdint>
#include <string>
#include <vector>

namespace engram::research {

struct rate_run {
  std::string projection = "plastic", pre = "pre", post = "post", truth;
  uint32_t n_pre = 0, n_post = 0, steps = 0;
  std::vector<double> x, y;           // [steps x n_pre], [steps x n_post]
  std::vector<uint64_t> row_ptr;      // n_pre + 1
  std::vector<uint32_t> target;       // post neuron of each synapse
  std::vector<double> w;              // [(steps + 1) x synapses]
  uint64_t synapses() const { return target.size(); }
  double pre_of(uint64_t synapse, uint32_t step) const;
  double post_of(uint64_t synapse, uint32_t step) const { return y[uint64_t{step} * n_post + target[synapse]]; }
  uint32_t pre_neuron(uint64_t synapse) const;
};

void write_rate_run(const std::string& path, const rate_run& run);
rate_run read_rate_run(const std::string& path, const std::string& projection);

}  // namespace engram::research
