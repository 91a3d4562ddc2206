#pragma once
// Recovering pair-based STDP (A+, A-, tau+, tau-) from a spiking run's spike trains and weight
// stream alone (docs/research.md). Between two weight samples, Engram's all-to-all rule changes a
// synapse by
//   dw = A+ sum_{post q} sum_{arrivals a <= q} exp(-(q - a) / tau+)
//      - A- sum_{arrivals a} sum_{post q < a} exp(-(a - q) / tau-)
// (arrival = pre spike + delay), linear in A+ and A- for given time constants. The fit profiles
// the amplitudes out by least squares and searches the two time constants (a log grid, then
// golden sections), which is exact for additive bounds while no weight touches a bound.
#include <cstdint>
#include <string>
#include <vector>

namespace engram::research {

struct stdp_synapse_record {
  std::vector<double> arrivals_ms, post_ms;   // sorted
  std::vector<double> sample_ms, weights;     // the weight stream: weight at each sample time
};

struct stdp_estimate {
  double a_plus = 0, a_minus = 0, tau_plus_ms = 0, tau_minus_ms = 0;
  double a_plus_se = 0, a_minus_se = 0, tau_plus_se = 0, tau_minus_se = 0;  // standard errors
  double r2 = 0;  // of the observed weight changes
  uint64_t intervals = 0;
};

stdp_estimate fit_stdp(const std::vector<stdp_synapse_record>& synapses);

// The records of one projection from a run file written by `engram run --out F --record-weights P`.
// `pre` and `post` name the spike populations; the projection's synapse s joins pre neuron i (its
// row) and post neuron target[s] - post_first (the stream stores global ids).
std::vector<stdp_synapse_record> read_stdp_records(const std::string& path, const std::string& projection,
                                                   const std::string& pre, const std::string& post, double delay_ms);

}  // namespace engram::research
