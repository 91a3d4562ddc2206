#pragma once
// A network's state on one backend. step() runs one timestep; there is no loop policy and no
// file I/O here (host/ owns both).
#include <memory>

#include "engine/backend.hpp"
#include "engine/network.hpp"
#include "engine/state.hpp"

namespace engram {

class simulator {
 public:
  // Builds `net` (validated) on the backend.
  simulator(const network& net, std::unique_ptr<backend> b);
  // Continues from a complete exported state (move it in to spare a copy of every synapse).
  simulator(network_state state, std::unique_ptr<backend> b);

  void step();
  void run_steps(uint64_t n);
  void set_recording(bool on) { recording_ = on; }

  uint64_t current_step() const { return step_; }
  double dt_ms() const { return dt_ms_; }
  double time_ms() const { return static_cast<double>(step_) * dt_ms_; }
  uint64_t spikes_total() const { return spikes_total_; }
  uint64_t synaptic_events() const { return backend_->synaptic_events(); }
  // Structural plasticity (engine/growth.hpp): a phase runs after every step t with
  // (t + 1) % growth_interval_steps() == 0 (0: nothing grows); the records of every phase so far.
  uint32_t growth_interval_steps() const { return growth_interval_; }
  const std::vector<growth_record>& growth_log() const { return growth_log_; }

  // Plasticity API (docs/plasticity.md). `channel` names a dopamine channel ("" is the global
  // one); the change takes effect from the next step. Unknown names throw invalid_parameter.
  void reward(double amount, const std::string& channel = "");
  void punish(double amount, const std::string& channel = "") { reward(-amount, channel); }
  // Stops (or resumes) every weight change of a projection; traces keep running.
  void freeze(const std::string& projection) { set_frozen(projection, true); }
  void unfreeze(const std::string& projection) { set_frozen(projection, false); }
  bool plastic() const { return plastic_; }
  const std::vector<std::string>& dopamine_channels() const { return dopamine_channels_; }

  // Experiment API (docs/experiments.md): between steps, without rebuilding; the next step sees it.
  // Rates of a poisson_source population, one per neuron (Hz, finite, >= 0).
  void set_rates(const std::string& population, const std::vector<float>& rates_hz);
  // Amplitude of input `input` (index in network::inputs): a current input's pA (0: off), the
  // width of uniform noise, a random pulse's current.
  void set_input_amplitude(size_t input, double amplitude);
  // Dynamic state of populations back to rest; weights and learned thresholds stay
  // (engram::reset_populations in engine/state_reset.hpp says exactly what).
  void reset(const std::vector<std::string>& populations);
  // Between trials of a reward task: the eligibility traces of R-STDP projections back to 0 and
  // dopamine channels ("" is the global one) back to their baseline. Unknown names throw.
  void clear_eligibility(const std::vector<std::string>& projections);
  void reset_dopamine(const std::vector<std::string>& channels);
  // A lesion of neurons `neurons` (local indices) of a population: every synapse in or out of
  // them set to weight 0 (engram::disconnect_neurons says what that silences).
  void lesion(const std::string& population, const std::vector<uint32_t>& neurons);
  // Selective plasticity (engine/plasticity.hpp, protection_rule): at a task boundary, turn the
  // importance gathered so far into gates; surprise (0..1) reopens a projection's plasticity.
  void consolidate(const std::vector<std::string>& projections);
  void set_surprise(const std::string& projection, double surprise);
  // New weights of projection `projection` (index in projection_names()), signed, in the order
  // read_weights gives them; checked as engram::set_projection_weights says (engine/state_weights.hpp).
  void set_weights(size_t projection, const std::vector<float>& weights);
  // The index of a projection by name; unknown names throw invalid_parameter listing the known ones.
  size_t projection_index(const std::string& name) const;
  // Spikes per neuron of a population since its counts were last taken (or since the start).
  std::vector<uint32_t> take_spike_counts(const std::string& population);
  const population_range& population_named(const std::string& name) const;

  spike_record drain_spikes() { return backend_->drain_recorded(); }
  network_state export_state() const;
  const std::vector<population_range>& populations() const { return layout_.populations; }
  const std::vector<std::string>& projection_names() const { return projection_names_; }
  // A copy of one projection's synapse table, without exporting (copying) the others.
  synapse_table projection_table(size_t projection) const;
  uint32_t neuron_count() const { return neuron_count_; }
  uint64_t synapse_count() const { return synapse_count_; }
  uint64_t synapse_bytes() const { return synapse_bytes_; }
  const backend& backend_ref() const { return *backend_; }
  void read_weights(size_t projection, std::vector<float>& w) const { backend_->read_weights(projection, w); }
  void read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const {
    backend_->read_neurons(ids, v, u);
  }

 private:
  void adopt(const network_state& s);
  void require_plasticity_support(const network_state& s) const;
  void set_frozen(const std::string& projection, bool frozen);
  void after_step();  // the growth phase when one is due after the step just run

  std::unique_ptr<backend> backend_;
  network_state layout_;  // populations only: what the host needs to label spikes
  uint64_t step_ = 0;
  double dt_ms_ = 1.0;
  uint32_t neuron_count_ = 0;
  uint64_t synapse_count_ = 0, synapse_bytes_ = 0;
  uint64_t spikes_total_ = 0;
  size_t input_count_ = 0;
  bool recording_ = true;
  bool plastic_ = false;
  std::vector<std::string> dopamine_channels_;  // by index in plasticity.dopamine
  std::vector<std::string> plastic_projections_;  // names, by index in plasticity.projections
  std::vector<std::string> projection_names_;     // by index in projections
  uint32_t growth_interval_ = 0;
  std::vector<growth_record> growth_log_;
};

}  // namespace engram
