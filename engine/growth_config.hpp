#pragma once
// What a projection's structure may do while the network runs (docs/growth.md): pruning of weak,
// old, unused synapses and synaptogenesis between co-active neurons, every growth interval
// (network::growth_interval_ms). Defaults are the seed simulator's (docs/growth.md), with its
// per-step activities in Hz at dt = 1 ms. A plain description, part of engram::projection.
#include <cstdint>
#include <string>

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

  // How a newborn neuron of a growing population at either end is wired (neuron_growth):
  // `neighbours` (A5's rule: fan_in_min..fan_in_max active presynaptic neurons), or as a built
  // network wires it, to every alive neuron at the other end (`all`, no self pair), to the one of
  // the same index (`partner`, a one-to-one projection), or to every one but it
  // (`all_but_partner`, Diehl & Cook's lateral inhibition). The last two need equal sizes.
  enum class newborn_wiring : uint8_t { neighbours, all, partner, all_but_partner } newborn = newborn_wiring::neighbours;

  // A projection that only carries newborns' synapses (no pruning, no synaptogenesis between
  // existing neurons), wired as `wiring` says, with weights uniform in [low, high] and rows of at
  // most `max_row` synapses: how a network built at full size grows from part of it.
  static synapse_growth newborn_carrier(newborn_wiring wiring, double low, double high, uint32_t max_row) {
    synapse_growth g;
    g.enabled = true;
    g.prune = g.form = false;
    g.newborn = wiring;
    g.weight_low = low;
    g.weight_high = high;
    g.max_row = max_row;
    return g;
  }
};

}  // namespace engram

namespace engram {

// What a population's neurons (Izhikevich, LIF or conductance LIF) may do while the network runs: die when old and silent
// (apoptosis) and be born into free slots when the population is active (neurogenesis). The
// population's `size` is its pool: the most neurons it can hold; `initial_size` are alive at the
// start. Every projection into or out of a growing population must grow too (its births and row
// capacity carry the newborns' synapses), and no direct input may target it (a dead slot must
// stay silent; inputs reach it through projections, which newborns join).
struct neuron_growth {
  bool enabled = false;
  uint32_t initial_size = 0;  // alive at the start (0: the whole pool)

  // Apoptosis: a neuron older than apoptosis_min_age_ms whose rate is below apoptosis_max_rate_hz
  // dies with every synapse in or out of it (A5: activity 0.001 per step, age 10,000 steps).
  bool apoptosis = true;
  double apoptosis_min_age_ms = 10000.0;
  double apoptosis_max_rate_hz = 1.0;

  // Neurogenesis: when the mean rate of the alive neurons is at least neurogenesis_min_rate_hz and
  // the pool has room, up to neurogenesis_max_per_phase neurons are born (apoptotic slots first,
  // earliest death first, then never-used slots by index), `excitatory_fraction` of them regular
  // spiking and the rest fast spiking. Each takes inputs from fan_in_min..fan_in_max active
  // neurons (rate >= neighbour_min_rate_hz) of every projection into the population, the
  // feed-forward ones included (A5 gave newborns none), and within the population sends a synapse
  // back to each with reciprocal_probability. Weights and delays: the projection's growth rule.
  bool neurogenesis = true;
  double neurogenesis_min_rate_hz = 10.0;  // A5: mean activity 0.3 per step
  uint32_t neurogenesis_max_per_phase = 3;
  double excitatory_fraction = 0.8;
  uint32_t fan_in_min = 2, fan_in_max = 5;
  double neighbour_min_rate_hz = 20.0;  // A5: activity 0.02 per step
  double reciprocal_probability = 0.3;

  // A twin population (same size and initial_size, growing, with neither rule of its own): its
  // slot k is born with this population's slot k, as Diehl & Cook's inhibitory partner is with
  // its excitatory neuron. Apoptosis must then be off (twins do not die together yet).
  std::string twin;
};

}  // namespace engram
