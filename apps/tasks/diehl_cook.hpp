#pragma once
// The unsupervised STDP network of Diehl & Cook (2015), "Unsupervised learning of digit recognition
// using spike-timing-dependent plasticity": Poisson inputs (one per pixel) fully connected by
// plastic synapses to conductance-based excitatory neurons with adaptive thresholds, each of which
// drives one inhibitory neuron that inhibits every other excitatory neuron (winner-take-all).
// Parameters are the paper's code's (docs/learning.md lists them).
#include <cstdint>

#include "engine/network.hpp"

namespace engram::tasks {

struct diehl_cook_params {
  uint32_t inputs = 784;     // pixels
  uint32_t excitatory = 100; // and as many inhibitory neurons
  double dt_ms = 0.5;
  double present_ms = 350.0; // one presentation; the state is reset between presentations
  double rest_ms = 0.0;      // or, when > 0, the input is silent for this long before each one
  double input_exc_w_max = 1.0;
  double normalise_sum = 78.0;   // sum of each excitatory neuron's input weights
  double exc_inh_weight = 10.4;  // nS
  double inh_exc_weight = 17.0;  // nS
  double nu_post = 0.01, nu_pre = 0.0001;
  double tau_pre_ms = 20.0, tau_post_ms = 20.0, tau_post_slow_ms = 40.0;
  double theta_plus_mv = 0.05, theta_tau_ms = 1.0e7;
  // The paper's code fires at v > theta - 20 mV + v_thresh_e (-52 mV) with theta starting at 20 mV:
  // a threshold of -72 mV + theta, theta from 20 mV. The start is the paper's -52 mV; as theta
  // decays (tau 10^4 s, about three time constants per epoch) every neuron grows more excitable,
  // and one that rarely wins ends up winning.
  double v_thresh_mv = -72.0, theta_init_mv = 20.0;
  double max_delay_ms = 10.0;    // input -> excitatory delays in [dt, max_delay_ms]
  // The paper's code lets an excitatory neuron fire again only once a timer that runs at 0.1 ms
  // per ms passes its 5 ms refractory period: 50 ms after a spike (v itself is held for 5 ms).
  double exc_lockout_ms = 50.0;
  protection_rule protect;  // selective plasticity of the input weights (continual learning); off by default
  // Growth (the A11 benchmark, docs/growth.md): when grow_from > 0, `excitatory` is the pool and
  // grow_from excitatory neurons (with their inhibitory twins) are alive at the start; every
  // growth_interval_ms, births_per_phase more are born, each wired as the built network wires
  // its neurons (every input, its inhibitory partner, inhibition from every other partner).
  uint32_t grow_from = 0;
  double growth_interval_ms = 700.0;
  uint32_t births_per_phase = 1;
  // A teacher (supervised continual learning, apps/tasks/continual_task.hpp): a Poisson
  // population as large as the excitatory one, each of its neurons inhibiting its own excitatory
  // neuron (GABA, teacher_weight nS a spike), all silent until a trainer sets the rates of those
  // whose neurons must not answer (and so not learn) an image.
  bool teacher = false;
  double teacher_weight = 10.0;
};

// The population and projection names the trainer drives.
inline constexpr const char* input_population = "input";
inline constexpr const char* excitatory_population = "exc";
inline constexpr const char* inhibitory_population = "inh";
inline constexpr const char* plastic_projection_name = "input_exc";
inline constexpr const char* inhibition_projection_name = "inh_exc";  // inhibitory -> excitatory
inline constexpr const char* teacher_population = "teacher";

network diehl_cook_network(const diehl_cook_params& p, uint64_t seed);

// Poisson rate of a pixel: intensity / 255 x 63.75 Hz x (intensity factor / 2): the paper's
// pixel / 8 x intensity, intensity starting at 2 and raised by 1 while a sample draws too few spikes.
float pixel_rate_hz(uint8_t pixel, double intensity);

}  // namespace engram::tasks
