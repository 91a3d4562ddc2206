#pragma once
// The network of Engram's reward tasks: a Poisson input population drives one population of LIF
// neurons per action through an all-to-all readout that learns by R-STDP, each readout with its
// own dopamine channel (per-target dopamine); the motor populations inhibit one another (winner
// take all), and each has a teacher current, off until a task turns it on.
#include <cstdint>

#include "apps/models/model_params.hpp"
#include "apps/tasks/closed_loop.hpp"
#include "engine/network.hpp"

namespace engram::tasks {

struct motor_params {
  uint32_t inputs = 0, actions = 0;
  uint32_t motor_size = 10;        // neurons per action
  double dt_ms = 1.0;
  double w_init_min = 0.0, w_init_max = 1.0;  // readout weights (mV: delta synapses), uniform
  double w_max = 8.0;
  double a_plus = 0.1, a_minus = 0.05, tau_stdp_ms = 20.0;  // STDP into the eligibility
  double tau_e_ms = 200.0;         // eligibility
  double dopamine_tau_ms = 1.4427; // the phasic dopamine halves every ms (the seed's decay 0.5)
  double gain = 1.0;               // weight change = gain x dopamine x eligibility, every step
  double inhibition = 2.0;         // mV from each motor spike onto every neuron of the other motors
  uint64_t seed = 1;
};

// The network and the names a motor_agent drives it by.
network motor_network(const motor_params& p);
motor_names motor_names_of(uint32_t actions);

// A task's parameters for the motor network (motor_size, w_init, w_max, a_plus, a_minus, tau_e,
// gain, inhibition), declared with their defaults, and read back into motor_params.
void declare_motor_params(model_params& p, uint32_t motor_size);
motor_params motor_params_of(const model_params& p, uint32_t inputs, uint32_t actions, uint64_t seed);

// The readouts' weights, concatenated in readout order (what a task keeps of its best epoch), and
// the same written into a state.
std::vector<double> readout_weights(const simulator& sim, const motor_names& names);
void set_readout_weights(network_state& s, const motor_names& names, const std::vector<double>& w);

}  // namespace engram::tasks
