#pragma once
// What is simulated: populations, projections and inputs. A plain description with no state;
// units are ms, mV, pA, pF, Hz throughout (docs/models.md).
#include <cstdint>
#include <string>
#include <vector>

#include "engine/morphology.hpp"
#include "engine/growth_config.hpp"
#include "engine/plasticity.hpp"

namespace engram {

enum class neuron_kind : uint8_t {
  izhikevich,      // dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u); I in "Izhikevich units"
  lif,             // current-based leaky integrate-and-fire with exponential synaptic current
  poisson_source,  // emits Poisson spikes at a per-neuron rate; has no membrane
  spike_source,    // emits the spikes it is given
  lif_cond,        // conductance-based LIF: exponential excitatory and inhibitory conductances
};

// How an Izhikevich step of dt is integrated (docs/architecture.md, "Izhikevich integration").
enum class izhikevich_scheme : uint8_t {
  substep,    // each of `substeps` Euler sub-steps moves v then u, and resets at a crossing inside it
  published,  // Izhikevich 2003's code (and NEST's izhikevich): `substeps` steps of v, then one dt
              // step of u, and one threshold check at the end of the step
};

// Per-neuron Izhikevich parameters (vectors of the population's size) and integration settings.
struct izhikevich_params {
  std::vector<float> a, b, c, d;
  float v_init = -65.0f;  // mV; u starts at b * v_init
  float v_peak = 30.0f;   // mV: spike and reset when v reaches it
  int substeps = 2;       // Euler sub-steps of v per dt (2 at dt = 1 ms: Izhikevich's 0.5 ms steps)
  izhikevich_scheme scheme = izhikevich_scheme::substep;
};

// LIF with exponential synaptic current (NEST iaf_psc_exp), integrated exactly; with tau_syn = 0,
// delta synapses (NEST iaf_psc_delta): an arriving weight jumps v by itself, in mV.
struct lif_params {
  double tau_m = 10.0;     // ms
  double c_m = 250.0;      // pF
  double tau_syn = 0.5;    // ms; 0: delta synapses (weights in mV, ignored while refractory)
  double v_rest = -65.0;   // mV
  double v_reset = -65.0;  // mV
  double v_thresh = -50.0; // mV
  double t_ref = 2.0;      // ms
  double i_bias = 0.0;     // pA, constant
  double v_init = -65.0;   // mV
  double v_init_range = 0.0;  // mV: each neuron starts at v_init + U[0, 1) v_init_range (Philox)
};

// LIF with exponential conductances and reversal potentials (NEST iaf_cond_exp; Diehl & Cook 2015):
// C dv/dt = g_leak (e_leak - v) + g_exc (e_exc - v) + g_inh (e_inh - v) + i_bias + I, each g decaying
// with its tau and jumping by the weight (nS) of an arriving spike. Integrated by exponential Euler
// (conductances held over the step). Excitatory weights add to g_exc, inhibitory ones to g_inh.
struct lif_cond_params {
  double c_m = 250.0;      // pF
  double g_leak = 16.7;    // nS (tau_m = c_m / g_leak)
  double e_leak = -70.0;   // mV
  double e_exc = 0.0;      // mV
  double e_inh = -85.0;    // mV
  double tau_exc = 0.2;    // ms
  double tau_inh = 2.0;    // ms
  double v_reset = -60.0;  // mV
  double v_thresh = -55.0; // mV
  double t_ref = 2.0;      // ms: v held at v_reset
  double t_lockout = 0.0;  // ms: no spike for this long after one (at least t_ref; Diehl & Cook: 50)
  double i_bias = 0.0;     // pA
  double v_init = -70.0;   // mV
};

struct population {
  std::string name;
  uint32_t size = 0;
  neuron_kind kind = neuron_kind::izhikevich;
  izhikevich_params izhikevich;
  lif_params lif;
  lif_cond_params lif_cond;
  std::vector<float> rates_hz;                   // poisson_source: one rate per neuron
  std::vector<std::pair<uint32_t, double>> spikes;  // spike_source: (neuron, time ms)
  homeostasis_config homeostasis;                 // adaptive threshold, rate estimate (engine/plasticity.hpp)
  morphology shape = morphology::none;            // dendritic template (engine/morphology.hpp); none: point neuron
  neuron_growth growth;                           // apoptosis and neurogenesis (engine/growth_config.hpp)
};

// The transmitter gives the weight's sign and a modulation of the transmitted current.
enum class transmitter : uint8_t { glutamate, gaba, dopamine, serotonin, acetylcholine };
struct transmitter_effect {
  double sign;        // factor on the weight magnitude: +1 glutamate, -1 GABA, ...
  double modulation;  // gain on the delivered current (1 for glutamate and GABA)
};
transmitter_effect effect_of(transmitter t);  // the table in docs/plasticity.md

struct connector {
  enum class kind : uint8_t {
    all_to_all, one_to_one, fixed_probability, fixed_indegree, fixed_outdegree, explicit_list,
    fixed_total_number,  // `total` synapses, each (pre, post) pair drawn uniformly with replacement:
                         // multapses happen (Potjans & Diesmann 2014's connectivity)
    gaussian_distance,   // a 2-D sheet: probability x exp(-d^2 / (2 sigma^2)) (connect::sheet_rule)
  } type = kind::all_to_all;
  double probability = 0.0;  // fixed_probability; gaussian_distance: the probability at distance 0
  double sigma = 0.0;        // gaussian_distance: width, in units of the unit-square sheet
  bool periodic = false;     // gaussian_distance: distances on a torus (no edge effects)
  uint32_t degree = 0;       // fixed_indegree / fixed_outdegree
  uint64_t total = 0;        // fixed_total_number (below 2^32)
  bool autapses = false;     // allow i -> i when pre and post are the same population
  // explicit_list: parallel arrays (local indices); weights and delays optional (else drawn).
  std::vector<uint32_t> pre, post;
  std::vector<float> weights;
  std::vector<uint16_t> delays;
};

// A value drawn per synapse: constant, uniform in [low, high] (integers for delays), spread
// evenly over each row (Izhikevich 2006 delays: rank r of M gets low + r (high-low+1) / M, the
// ranks a per-row shuffle of the row's positions so that values do not follow target indices),
// or normal / log-normal truncated to [low, high] by redrawing (NEST's redraw, PyNN's
// normal_clipped). The bounds are required: they size the delay ring and the fixed-point headroom.
// Normal delays are rounded to the step and raised to one step (NEST), so low may be below dt.
struct distribution {
  enum class kind : uint8_t { constant, uniform, row_spread, normal, lognormal } type = kind::constant;
  double low = 0.0, high = 0.0;
  double mu = 0.0, sigma = 0.0;  // normal: mean and sd; lognormal: of the log (value = e^(mu + sigma N))
  static distribution fixed(double v) { return {kind::constant, v, v}; }
  static distribution between(double lo, double hi) { return {kind::uniform, lo, hi}; }
  static distribution spread(double lo, double hi) { return {kind::row_spread, lo, hi}; }
  static distribution normal(double mean, double sd, double lo, double hi) { return {kind::normal, lo, hi, mean, sd}; }
  static distribution lognormal(double mu, double sigma, double lo, double hi) {
    return {kind::lognormal, lo, hi, mu, sigma};
  }
  bool truncated() const { return type == kind::normal || type == kind::lognormal; }
};

struct projection {
  std::string name;
  std::string pre, post;  // population names
  connector connect;
  distribution weight = distribution::fixed(1.0);  // magnitude; the transmitter gives the sign
  distribution delay_ms = distribution::fixed(1.0);
  transmitter sign = transmitter::glutamate;
  plasticity_config plasticity;  // static unless a rule is enabled (engine/plasticity.hpp)
  // Compartments of the post neurons' morphology its synapses land on (engine/morphology.hpp):
  // empty, at the soma (no attenuation); one, all there; several, each synapse on one of them,
  // drawn per (pre, post) pair. Delivery scales by the compartment's cable attenuation.
  std::vector<compartment> compartments;
  synapse_growth growth;         // pruning and synaptogenesis while running (engine/growth_config.hpp)
};

// An oscillatory drive (docs/rhythms.md). Its phase is a pure function of the step, kept as an
// exact 64-bit fraction of a turn, so that it is the same on every backend and resumes exactly.
struct oscillation_drive {
  double frequency_hz = 0.0;
  double phase_rad = 0.0;  // phase at t = 0 when locked
  bool locked = true;      // false (free): the phase at t = 0 is drawn from the seed and the input's index
  // Theta-gamma coupling: the amplitude is multiplied by 1 - depth (1 - cos(theta - preferred)) / 2,
  // theta the phase of input `envelope_input` (an oscillation; -1: none), largest at `preferred_rad`.
  int32_t envelope_input = -1;
  double envelope_depth = 0.0;  // in [0, 1]
  double preferred_rad = 0.0;
};

// The classic bands (Hz) of the seed: delta 2, theta 6, alpha 10, beta 20, gamma 40.
double band_frequency_hz(const std::string& band);  // throws invalid_parameter for an unknown name

// Inputs drive neurons directly (no synapse): currents add to I for the step, Poisson events
// add `weight` per event as synaptic input.
struct input {
  enum class kind : uint8_t {
    current,       // amplitude during [start_ms, stop_ms)
    noise,         // Gaussian current: mean + sd * N(0,1), fresh each step
    poisson,       // per neuron: Poisson(rate_hz * dt) events of `weight`
    random_pulse,  // each step `count` neurons picked uniformly get `amplitude` (Izhikevich 2006 thalamus)
    uniform_noise, // uniform current: mean + amplitude (U - 1/2), U in [0, 1), fresh each step
                   // (Izhikevich 2007's 13 (rand - 0.5): amplitude is the full width)
    oscillation,   // mean + amplitude sin(phi) envelope, phi = phase_rad + 2 pi frequency_hz t (docs/rhythms.md)
  } type = kind::current;
  std::string population;  // empty: the whole network
  uint32_t first = 0, count = UINT32_MAX;  // neuron range within the population (default: all)
  double amplitude = 0.0, start_ms = 0.0, stop_ms = 1e300;
  double mean = 0.0, sd = 0.0;
  double rate_hz = 0.0, weight = 0.0;
  uint32_t pulses_per_step = 1;
  oscillation_drive oscillation;  // kind::oscillation
};

// Batched replicas (docs/research.md, "Batched replicas"): a contiguous block of populations,
// projections and inputs simulated as an independent network with its own seed. Its projections
// connect only its populations, and an input with no population name covers only its neurons.
struct replica {
  uint64_t seed = 1;
  uint32_t first_population = 0, population_count = 0;
  uint32_t first_projection = 0, projection_count = 0;
  uint32_t first_input = 0, input_count = 0;
};

struct network {
  std::vector<population> populations;
  std::vector<projection> projections;
  std::vector<input> inputs;
  double dt_ms = 1.0;
  uint64_t seed = 1;
  std::vector<dopamine_channel> dopamine;          // extra or redefined dopamine channels
  std::vector<reward_contingency> contingencies;   // closed-loop rewards
  double growth_interval_ms = 500.0;               // a growth phase this often, when a projection grows (A5)
  // Empty: one network keyed by `seed`. Else every population, projection and input belongs to
  // exactly one replica, in order, and each replica draws as the same network alone with its seed.
  std::vector<replica> replicas;

  // Throws invalid_network naming the first problem found.
  void validate() const;
  uint64_t neuron_count() const;
  int population_index(const std::string& name) const;  // -1 if absent
};

// Helpers for the classic Izhikevich firing patterns (Izhikevich 2003, Fig. 2).
enum class izhikevich_pattern : uint8_t { RS, IB, CH, FS, LTS, TC, RZ };
struct izhikevich_abcd {
  float a, b, c, d;
};
izhikevich_abcd pattern_parameters(izhikevich_pattern p);
izhikevich_pattern parse_pattern(const std::string& name);  // "RS", "fs", ...
population izhikevich_population(const std::string& name, uint32_t size, izhikevich_pattern p);
// A phase-locked oscillation input of `amplitude` (current units of the population) on a population.
input oscillation_input(const std::string& population, double frequency_hz, double amplitude, double phase_rad = 0.0);
population lif_population(const std::string& name, uint32_t size, const lif_params& params = {});
population lif_cond_population(const std::string& name, uint32_t size, const lif_cond_params& params = {});
population poisson_source_population(const std::string& name, std::vector<float> rates_hz);
population spike_source_population(const std::string& name, uint32_t size,
                                   std::vector<std::pair<uint32_t, double>> spikes);
// Rate code: value v in [0, 1] becomes a Poisson source of v * max_rate_hz; each value drives a
// block of `neurons_per_value` sources (a dataset encoder, e.g. pixel intensities for MNIST).
population rate_encoder(const std::string& name, const std::vector<float>& values, double max_rate_hz,
                        uint32_t neurons_per_value = 1);

}  // namespace engram
