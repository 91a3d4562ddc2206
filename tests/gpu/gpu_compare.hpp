#pragma once
// Shared by the GPU tests: run a network on a backend, and name the first bit that differs.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/models/registry.hpp"
#include "engine/backend.hpp"
#include "engine/layout.hpp"
#include "engine/simulator.hpp"
#include "kernels/backend_factory.hpp"
#include "tests/cuda_emulation.hpp"
#include "tests/test_plasticity_networks.hpp"

namespace engram::gpu_test {

// The backend under test. Under ENGRAM_GPU_TESTS_EMULATE (gpu_main.cpp) the CUDA backend is the
// host emulation of its kernels.
inline std::unique_ptr<backend> make(backend_kind kind) {
  if (kind == backend_kind::cuda && std::getenv("ENGRAM_GPU_TESTS_EMULATE")) return std::make_unique<test::emulated_cuda_backend>();
  backend_options o;
  o.threads = 2;
  return make_backend(kind, o);
}

// A registered model with static synapses (its "stdp" switch, where it has one, turned off
// before `sets` apply), for the comparisons of static networks.
inline network model(const std::string& name, uint64_t seed, const std::vector<std::string>& sets = {}) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  for (const auto& e : p.entries())
    if (e.key == "stdp") p.set("stdp=0", name);
  for (const auto& s : sets) p.set(s, name);
  return m.build(p, m.default_dt_ms, seed);
}

inline bool has_plasticity(const network& net) { return initial_state(net).plasticity.active(); }

// A registered model as it is, plasticity included.
inline network plastic_model(const std::string& name, uint64_t seed, const std::vector<std::string>& sets = {}) {
  const auto& m = find_model(name);
  model_params p = m.parameters();
  for (const auto& s : sets) p.set(s, name);
  return m.build(p, m.default_dt_ms, seed);
}

// Does this build's CUDA backend run plasticity? (It does; the check keeps the tests honest if a
// build ever turns it off.)
inline bool cuda_runs_plasticity() { return make(backend_kind::cuda)->supports_plasticity(); }

struct outcome {
  spike_record spikes;
  network_state state;
  uint64_t spikes_total = 0;
  uint64_t events = 0;
};

// What a simulator has run to: its recorded spikes (drained), state and totals.
inline outcome outcome_of(simulator& sim) {
  outcome o;
  o.spikes = sim.drain_spikes();
  o.state = sim.export_state();
  o.spikes_total = sim.spikes_total();
  o.events = sim.synaptic_events();
  return o;
}

// `steps` steps of `net` on `b` with the shared reward schedule (test::run_with_rewards).
inline outcome simulate_rewarded(const network& net, std::unique_ptr<backend> b, uint64_t steps) {
  simulator sim(net, std::move(b));
  test::run_with_rewards(sim, steps);
  return outcome_of(sim);
}

// `steps` steps, draining every `drain_every` (0: once at the end).

inline outcome simulate(const network& net, backend_kind kind, uint64_t steps, uint64_t drain_every = 0) {
  simulator sim(net, make(kind));
  outcome o;
  for (uint64_t done = 0; done < steps;) {
    const uint64_t chunk = drain_every ? std::min(drain_every, steps - done) : steps - done;
    sim.run_steps(chunk);
    done += chunk;
    const spike_record part = sim.drain_spikes();
    o.spikes.step.insert(o.spikes.step.end(), part.step.begin(), part.step.end());
    o.spikes.neuron.insert(o.spikes.neuron.end(), part.neuron.begin(), part.neuron.end());
  }
  o.state = sim.export_state();
  o.spikes_total = sim.spikes_total();
  o.events = sim.synaptic_events();
  return o;
}

template <class T>
std::string bits_of(const T& x) {
  uint64_t b = 0;
  std::memcpy(&b, &x, sizeof(T) < sizeof b ? sizeof(T) : sizeof b);
  return fmt::format("0x{:x}", b);
}

template <class T>
std::string array_difference(const std::string& name, const std::vector<T>& cpu, const std::vector<T>& gpu) {
  if (cpu.size() != gpu.size()) return fmt::format("{}: cpu has {} entries, gpu {}", name, cpu.size(), gpu.size());
  for (size_t i = 0; i < cpu.size(); ++i)
    if (std::memcmp(&cpu[i], &gpu[i], sizeof(T)) != 0)
      return fmt::format("{}[{}]: cpu {} ({}), gpu {} ({})", name, i, +cpu[i], bits_of(cpu[i]), +gpu[i], bits_of(gpu[i]));
  return "";
}

inline std::string raster_difference(const spike_record& cpu, const spike_record& gpu) {
  const size_t n = std::min(cpu.size(), gpu.size());
  for (size_t i = 0; i < n; ++i)
    if (cpu.step[i] != gpu.step[i] || cpu.neuron[i] != gpu.neuron[i])
      return fmt::format("spike #{}: cpu (step {}, neuron {}), gpu (step {}, neuron {})", i, cpu.step[i], cpu.neuron[i],
                         gpu.step[i], gpu.neuron[i]);
  if (cpu.size() != gpu.size()) return fmt::format("cpu recorded {} spikes, gpu {}", cpu.size(), gpu.size());
  return "";
}

inline std::string table_difference(const synapse_table& x, const synapse_table& y) {
  std::string d;
  for (auto candidate : {array_difference("row_ptr", x.row_ptr, y.row_ptr), array_difference("packed", x.packed, y.packed),
                         array_difference("weight", x.weight, y.weight)})
    if (d.empty() && !candidate.empty()) d = candidate;
  if (d.empty() && (x.uniform_delay != y.uniform_delay || x.target_bits != y.target_bits))
    d = fmt::format("delay format: cpu {} / {} target bits, gpu {} / {}", x.uniform_delay, x.target_bits, y.uniform_delay,
                    y.target_bits);
  return d.empty() ? d : fmt::format("projection '{}' {}", x.name, d);
}

// Everything the plasticity phase keeps between steps (empty for a static network).
inline std::string plasticity_difference(const plasticity_state& cpu, const plasticity_state& gpu) {
  for (auto d : {array_difference("theta", cpu.theta, gpu.theta), array_difference("rate_hz", cpu.rate_hz, gpu.rate_hz)})
    if (!d.empty()) return d;
  if (cpu.projections.size() != gpu.projections.size()) return "different numbers of plastic projections";
  for (size_t e = 0; e < cpu.projections.size(); ++e) {
    const auto& x = cpu.projections[e];
    const auto& y = gpu.projections[e];
    for (auto d : {array_difference("pre_trace", x.pre_trace, y.pre_trace), array_difference("post_trace", x.post_trace, y.post_trace),
                   array_difference("synapse_aux", x.synapse_aux, y.synapse_aux), array_difference("stp_u", x.stp_u, y.stp_u),
                   array_difference("stp_x", x.stp_x, y.stp_x)})
      if (!d.empty()) return fmt::format("plastic projection {}: {}", e, d);
    if (x.frozen != y.frozen) return fmt::format("plastic projection {}: frozen differs", e);
  }
  if (cpu.dopamine.size() != gpu.dopamine.size()) return "different numbers of dopamine channels";
  for (size_t c = 0; c < cpu.dopamine.size(); ++c)
    if (std::memcmp(&cpu.dopamine[c].level, &gpu.dopamine[c].level, sizeof(float)) != 0)
      return fmt::format("dopamine '{}': cpu {}, gpu {}", cpu.dopamine[c].name, cpu.dopamine[c].level, gpu.dopamine[c].level);
  if (cpu.contingencies.size() != gpu.contingencies.size()) return "different numbers of contingencies";
  for (size_t c = 0; c < cpu.contingencies.size(); ++c) {
    const auto& x = cpu.contingencies[c];
    const auto& y = gpu.contingencies[c];
    if (x.last_pre_step != y.last_pre_step || x.pending != y.pending || x.released != y.released)
      return fmt::format("contingency {}: cpu released {} pending {}, gpu released {} pending {}", c, x.released,
                         x.pending.size(), y.released, y.pending.size());
  }
  if (cpu.spike_history != gpu.spike_history) return "spike history differs";
  return "";
}

inline std::string state_difference(const network_state& cpu, const network_state& gpu) {
  const auto& a = cpu.neurons;
  const auto& b = gpu.neurons;
  for (auto d : {array_difference("v", a.v, b.v), array_difference("u", a.u, b.u), array_difference("i_syn", a.i_syn, b.i_syn),
                 array_difference("g_inh", a.g_inh, b.g_inh),
                 array_difference("refractory", a.refractory, b.refractory), array_difference("a", a.a, b.a),
                 array_difference("b", a.b, b.b), array_difference("c", a.c, b.c), array_difference("d", a.d, b.d),
                 array_difference("spike_probability", a.spike_probability, b.spike_probability),
                 array_difference("ring", cpu.ring, gpu.ring)})
    if (!d.empty()) return d;
  if (cpu.projections.size() != gpu.projections.size()) return "different numbers of projections";
  for (size_t p = 0; p < cpu.projections.size(); ++p)
    if (auto d = table_difference(cpu.projections[p], gpu.projections[p]); !d.empty()) return d;
  if (auto d = plasticity_difference(cpu.plasticity, gpu.plasticity); !d.empty()) return d;
  if (cpu.step != gpu.step) return fmt::format("step: cpu {}, gpu {}", cpu.step, gpu.step);
  return "";
}

// First difference between two lists of states observed at the same points, ignoring the step
// index (the CPU backend does not track it; the simulator does). "" when identical.
inline std::string states_difference(const std::vector<network_state>& cpu, const std::vector<network_state>& gpu) {
  if (cpu.size() != gpu.size()) return fmt::format("cpu observed {} states, gpu {}", cpu.size(), gpu.size());
  for (size_t k = 0; k < cpu.size(); ++k) {
    network_state c = cpu[k], g = gpu[k];
    c.step = g.step = 0;
    if (auto d = state_difference(c, g); !d.empty()) return fmt::format("state {}: {}", k, d);
  }
  return "";
}

// First difference between two outcomes, "" when identical bit for bit.
inline std::string difference(const outcome& cpu, const outcome& gpu) {
  if (auto d = raster_difference(cpu.spikes, gpu.spikes); !d.empty()) return d;
  if (cpu.spikes_total != gpu.spikes_total)
    return fmt::format("spikes_total: cpu {}, gpu {}", cpu.spikes_total, gpu.spikes_total);
  if (cpu.events != gpu.events) return fmt::format("synaptic events: cpu {}, gpu {}", cpu.events, gpu.events);
  return state_difference(cpu.state, gpu.state);
}

// Sets an environment variable for the lifetime of the object (the CUDA backend reads its
// switches when it is created).
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~scoped_env() {
    if (old_) setenv(name_.c_str(), old_->c_str(), 1);
    else unsetenv(name_.c_str());
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace engram::gpu_test
