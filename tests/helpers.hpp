#pragma once
// Small helpers shared by the tests.
#include <cmath>
#include <functional>
#include <memory>
#include <string>

#include "engine/backend.hpp"
#include "engine/network.hpp"
#include "engine/simulator.hpp"
#include "kernels/backend_factory.hpp"
#include "kernels/common/neuron_update.hpp"

namespace engram::test {

inline std::unique_ptr<simulator> cpu_simulator(const network& net, int threads = 1) {
  backend_options o;
  o.threads = threads;
  return std::make_unique<simulator>(net, make_backend(backend_kind::cpu, o));
}

// A factory of one-thread CPU backends (what the tasks take as their backend_factory): the
// tasks' runs in tests are deterministic and CI-sized.
inline std::function<std::unique_ptr<backend>()> one_thread_cpu() {
  return [] {
    backend_options o;
    o.threads = 1;
    return make_backend(backend_kind::cpu, o);
  };
}

// Conductance-LIF constants of a Diehl & Cook excitatory neuron (E_L -65, E_e 0, E_i -100 mV,
// g_L 1 nS, dt / C = 0.005, conductance decays of tau 1 and 2 ms at 0.5 ms), reset -65 mV; tests
// set the threshold, decays and timers they probe.
inline lif_cond_constants excitatory_cond_constants() {
  lif_cond_constants k{};
  k.e_leak = -65.0f;
  k.e_exc = 0.0f;
  k.e_inh = -100.0f;
  k.g_leak = 1.0f;
  k.dt_over_c = 0.005f;
  k.g_exc_decay = std::exp(-0.5f);
  k.g_inh_decay = std::exp(-0.25f);
  k.v_reset = -65.0f;
  return with_rest_decay(k);
}

// A spike_source population with the given (neuron, time ms) spikes.
inline population spike_source(const std::string& name, uint32_t size, std::vector<std::pair<uint32_t, double>> spikes) {
  return spike_source_population(name, size, std::move(spikes));
}

// Every neuron and input kind at once: Poisson and spike sources, LIF and Izhikevich neurons,
// currents, noise, Poisson events, random pulses, per-synapse delays in flight. The sizes,
// delays and timings are the caller's (snapshots, the fuzz corpus and distributed runs each
// want their own).
struct mixed_spec {
  uint64_t seed = 99;
  uint32_t poisson = 50, cue = 5, lif = 80, izh = 60;
  std::vector<std::pair<uint32_t, double>> cue_spikes = {{0, 3.0}, {2, 40.5}, {4, 77.0}, {1, 120.0}};
  double lif_tau_syn = 2.0;  // < 0: lif_params' default
  double delay_low_ms = 0.5, delay_high_ms = 9.0;
  double step_start_ms = 20, step_stop_ms = 60;
};
network mixed_network(const mixed_spec& spec = {});

// A dense recurrent Izhikevich network with STDP, per-synapse delays, noise and growth of
// synapses (pruning and synaptogenesis every `interval_ms`): random grow/prune sequences for the
// growth identity and consistency tests.
network growing_network(double interval_ms = 50);

struct command_result {
  int exit_code;
  std::string output;  // stdout and stderr
};
command_result run_command(const std::string& command);
std::string temp_path(const std::string& name);

}  // namespace engram::test
