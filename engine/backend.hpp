#pragma once
// The per-step operations a backend provides. The simulator calls them in the order of
// DESIGN.md's step; a backend owns its copy of the state (host arrays or device memory).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram {

// Spikes recorded since the last drain, in (step, neuron) order.
struct spike_record {
  std::vector<uint64_t> step;
  std::vector<uint32_t> neuron;  // global index
  size_t size() const { return step.size(); }
};

class backend {
 public:
  virtual ~backend() = default;
  virtual std::string name() const = 0;    // "cpu", "cuda"
  virtual std::string device() const = 0;  // what it runs on, for summaries and benchmarks

  // Generates the synapses of `net` on this backend and takes `initial` as the state.
  virtual void build(const network& net, network_state initial) = 0;
  // Takes a complete state (synapses included), e.g. from a snapshot.
  virtual void load(const network_state& state) = 0;
  virtual network_state export_state() const = 0;

  // The step, in order. `step` is the index of the step being simulated.
  virtual void apply_inputs(uint64_t step) = 0;  // currents and Poisson events of this step
  virtual void integrate(uint64_t step) = 0;     // read ring slot, update neurons, compact spikes
  virtual void deliver(uint64_t step) = 0;       // scatter this step's spikes along their rows
  virtual void record(uint64_t step) = 0;        // append this step's spikes to the record buffer

  // Membrane state of a few neurons (global ids), for probes recorded every step. The default
  // exports the whole state; backends override it with a cheap gather.
  virtual void read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const {
    const network_state s = export_state();
    v.resize(ids.size());
    u.resize(ids.size());
    for (size_t k = 0; k < ids.size(); ++k) {
      v[k] = s.neurons.v[ids[k]];
      u[k] = s.neurons.u[ids[k]];
    }
  }

  // Current weights of projection `p`, in its CSR order. The default exports the whole state.
  virtual void read_weights(size_t p, std::vector<float>& weights) const { weights = export_state().projections.at(p).weight; }

  virtual uint32_t spike_count_last_step() const = 0;
  virtual spike_record drain_recorded() = 0;
  virtual uint64_t synaptic_events() const = 0;  // delivered so far (spikes x out-degree)
};

enum class backend_kind { cpu, cuda, automatic };
backend_kind parse_backend_kind(const std::string& name);  // "cpu" | "cuda" | "auto"

struct backend_options {
  int threads = 0;  // cpu: OpenMP threads (0: the runtime's default)
};

// The one place a backend is chosen (kernels/backend_factory.cpp).
std::unique_ptr<backend> make_backend(backend_kind kind, const backend_options& options = {});

}  // namespace engram
