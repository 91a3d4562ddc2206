#pragma once
// What a projection's structure may do while the network runs (docs/growth.md): pruning of weak,
// old, unused synapses and synaptogenesis between co-active neurons, every growth interval
// (network::growth_interval_ms). Defaults are the seed simulator's (seed-specs A5), with its
// per-step activities in Hz at dt = 1 ms. A plain description, part of engram::projection.
#include <cstdint>

namespace engram {

struct synapse_growth {
  bool enabled = false;

  // Pruning: a synapse older than prune_min_age_ms whose |w| is below prune_max_weight and whose
  // presynaptic neuron (which carries every spike the synapse carries) fires below
  // prune_max_rate_hz is removed.
  bool prune = true;
  double prune_min_age_ms = 3000.0;
  double prune_max_weight = 0.02;
  double prune_max_rate_hz = 10.0;

  // Synaptogenesis: among pre and post neurons whose rate is at least form_min_rate_hz, the
  // form_max_per_phase unconnected pairs with the largest product of rates get one synapse each
  // (within one population no self pair, no pair connected either way, and a random direction).
  // A new synapse's magnitude is uniform in [weight_low, weight_high] (the transmitter gives its
  // sign) and its delay a uniform whole number of steps within the projection's delay bounds.
  bool form = true;
  double form_min_rate_hz = 50.0;
  uint32_t form_max_per_phase = 10;
  double weight_low = 0.0, weight_high = 0.6;  // A5: Exp(0.3); here its mean, bounded

  // Capacity: a row holds at most max_row synapses (0: its largest initial row plus row_slack).
  // A pair whose row is full is refused (and counted), or with `error` the phase throws
  // growth_capacity naming the projection, the row and the limit, and nothing changes.
  uint32_t max_row = 0;
  uint32_t row_slack = 16;
  enum class full_row : uint8_t { refuse, error } on_full = full_row::refuse;
};

}  // namespace engram
