#pragma once
// The per-step operations a backend provides. The simulator calls them in the order of
// DESIGN.md's step; a backend owns its copy of the state (host arrays or device memory).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/errors.hpp"
#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram {

class spike_exchange;
struct neuron_block;

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
  // Takes a complete state (synapses included), e.g. from a snapshot. By value: a caller that
  // moves its state in lets a host-resident backend keep it without copying every synapse.
  virtual void load(network_state state) = 0;
  virtual network_state export_state() const = 0;
  // The state itself when the backend keeps it in host memory (the CPU backend), so the host can
  // read the layout without copying every synapse; nullptr when only export_state() can provide it.
  virtual const network_state* host_resident_state() const { return nullptr; }
  // The synapses held and the bytes they take (network_state::synapse_bytes), for summaries. A
  // backend without a host copy overrides it so that nobody downloads every synapse to count them.
  struct synapse_footprint {
    uint64_t synapses = 0, bytes = 0;
  };
  virtual synapse_footprint footprint() const {
    if (const network_state* s = host_resident_state()) return {s->synapse_count(), s->synapse_bytes()};
    const network_state s = export_state();
    return {s.synapse_count(), s.synapse_bytes()};
  }

  // The step, in order. `step` is the index of the step being simulated.
  virtual void apply_inputs(uint64_t step) = 0;  // currents and Poisson events of this step
  virtual void integrate(uint64_t step) = 0;     // read ring slot, update neurons, list the spikes
  virtual void deliver(uint64_t step) = 0;       // scatter this step's spikes along their rows
  virtual void record(uint64_t step) = 0;        // append this step's spikes to the record buffer

  // `count` complete steps from `first` (inputs, integrate, deliver, then plasticity when
  // `plastic` and record when `record`), the simulator's loop when nothing reads the state between
  // steps. Returns the spikes of those steps. The default runs the phases above step by step; a
  // device backend overrides it to keep the per-step counts on the device and synchronise once
  // per chunk. spike_count_last_step() afterwards is the count of the chunk's last step.
  virtual uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record);

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

  // Plasticity (engine/plasticity.hpp, docs/plasticity.md). A backend that does not implement it
  // keeps these defaults: the simulator refuses a network whose state has plasticity
  // (network_state::plasticity.active()) unless supports_plasticity() is true. A backend that
  // does implement it also honours, inside its existing phases, the adaptive threshold in
  // integrate() and STP / transmitter modulation in deliver().
  virtual bool supports_plasticity() const { return false; }
  // After deliver(): STDP arms (LTP for this step's post spikes, then LTD for this step's
  // arrivals), traces, periodic applications, homeostasis, STP recovery, dopamine, history.
  virtual void plasticity(uint64_t step) { (void)step; throw backend_unavailable(not_implemented("plasticity")); }
  // Adds `amount` (negative: punishment) to dopamine channel `channel` (index in
  // network_state::plasticity.dopamine) before the next step.
  virtual void add_dopamine(uint32_t channel, float amount) {
    (void)channel, (void)amount;
    throw backend_unavailable(not_implemented("dopamine"));
  }
  // Freezes or unfreezes the weights of plastic entry `entry` (index in plasticity.projections).
  virtual void set_frozen(uint32_t entry, bool frozen) {
    (void)entry, (void)frozen;
    throw backend_unavailable(not_implemented("freezing plasticity"));
  }

  // Experiment API (docs/experiments.md): changes between steps, without a rebuild. The defaults
  // export the state, change it with the engine's own functions (engine/state_reset.hpp) and load
  // it back, which is correct on any backend whose load() keeps the spike counts; backends
  // override what they can do in place.
  virtual void set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities);
  virtual void set_input_amplitude(uint32_t input, float amplitude);
  virtual void reset_populations(const std::vector<uint32_t>& populations);
  virtual void clear_learning_signals(const std::vector<uint32_t>& entries, const std::vector<uint32_t>& channels);
  virtual void disconnect_neurons(const std::vector<uint32_t>& ids);
  // Selective plasticity (engine/protection.hpp); `step` is the current step.
  virtual void consolidate(const std::vector<uint32_t>& entries, uint64_t step);
  virtual void set_surprise(uint32_t entry, float surprise);
  // New weights of projection `p` in its CSR order, checked by engram::set_projection_weights
  // (engine/state_weights.hpp), which throws invalid_parameter and changes nothing when they break a rule.
  virtual void set_weights(uint32_t p, const std::vector<float>& weights);
  // A growth phase (engine/growth.hpp) on the state at the end of step `step`; returns its records.
  // The default exports the state, runs engram::grow on it and loads it back compact, which
  // rebuilds the transposed indexes and delay segments from the new rows; the CPU backend grows
  // its rows in place and updates the index columns the changed rows touch (engine/row_slack.hpp).
  virtual std::vector<growth_record> grow(uint64_t step);
  // Spikes per neuron of [first, first + count) since they were last taken; taking clears them.
  virtual std::vector<uint32_t> take_spike_counts(uint32_t first, uint32_t count) {
    (void)first, (void)count;
    throw backend_unavailable(not_implemented("spike counting"));
  }

  // A distributed run (docs/distributed.md): from now on this backend integrates only the neurons
  // of `owned` (its state holds their incoming synapses, engine/partition.hpp) and learns every
  // other neuron's spikes from `exchange`, which outlives it. Called once, after build or load.
  virtual void distribute(const neuron_block& owned, spike_exchange* exchange) {
    (void)owned, (void)exchange;
    throw backend_unavailable(not_implemented("a distributed (MPI) run"));
  }

  virtual uint32_t spike_count_last_step() const = 0;
  virtual spike_record drain_recorded() = 0;
  virtual uint64_t synaptic_events() const = 0;  // delivered so far (spikes x out-degree)

 protected:
  std::string not_implemented(const std::string& what) const {
    return what + " is not implemented on the " + name() + " backend; use --backend cpu";
  }
};

enum class backend_kind { cpu, cuda, automatic };
backend_kind parse_backend_kind(const std::string& name);  // "cpu" | "cuda" | "auto"

struct backend_options {
  int threads = 0;  // cpu: OpenMP threads (0: the runtime's default)
  // cpu: plasticity loops with less work than this (synapses or neurons) run on one thread,
  // where a fork and join would cost more than they save (0: the default, 4096). Never changes
  // a result; tests set 1 to run every loop on every thread.
  uint64_t min_parallel_work = 0;
  // auto: the network has plasticity (network_needs_plasticity), so only a backend that
  // supports it may be chosen.
  bool needs_plasticity = false;
};

}  // namespace engram
