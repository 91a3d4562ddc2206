#pragma once
// The OpenMP backend: loops over the kernels/common math, run by the step driver
// (kernels/driver/step_driver.hpp) through this backend's runner (cpu_step.cpp). Per-neuron work is
// split statically across threads; synaptic input is integer, so delivery order cannot change a
// result.
#include "engine/backend.hpp"
#include "engine/partition.hpp"
#include "engine/spike_exchange.hpp"
#include "kernels/cpu/cpu_plasticity.hpp"
#include "kernels/driver/step_driver.hpp"

namespace engram::cpu {

// Per projection: are every row's targets ascending (cpu_delivery.cpp)? And one row's?
std::vector<uint8_t> sorted_rows_of(const network_state& s);
bool row_sorted(const synapse_table& t, uint32_t row);

// One slot of the delay ring, indexed by global neuron. The ring holds every neuron's column, or
// in a distributed run only the rank's block (the columns from `first`), so that a rank's ring
// grows with its neurons, not with the network.
struct ring_slot {
  int64_t* p;
  uint32_t first;
  int64_t& operator[](uint32_t i) const { return p[i - first]; }
};

class cpu_backend final : public backend {
 public:
  explicit cpu_backend(const backend_options& options);

  std::string name() const override { return "cpu"; }
  std::string device() const override;

  void build(const network& net, network_state initial) override;
  void load(network_state state) override;
  network_state export_state() const override;
  // (In a distributed run its ring is empty: the block's columns are in block_ring_.)
  // With growing projections its rows have slack (engine/row_slack.hpp): then only export_state
  // shows the state, compact.
  const network_state* host_resident_state() const override { return state_slack_ ? nullptr : &state_; }
  synapse_footprint footprint() const override { return {state_.synapse_count(), state_.synapse_bytes()}; }

  // Each phase runs at once, through the driver (cpu_step.cpp).
  void apply_inputs(uint64_t step) override { drive(step, driver::phase_inputs, false); }
  void integrate(uint64_t step) override { drive(step, driver::phase_integrate, false); }
  void deliver(uint64_t step) override { drive(step, driver::phase_deliver, false); }
  void record(uint64_t step) override { drive(step, driver::phase_record, false); }
  uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record) override;

  bool supports_plasticity() const override { return true; }
  void plasticity(uint64_t step) override { drive(step, driver::phase_plasticity, false); }
  void add_dopamine(uint32_t channel, float amount) override;
  void set_frozen(uint32_t entry, bool frozen) override;

  void set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) override;
  void set_input_amplitude(uint32_t input, float amplitude) override;
  void reset_populations(const std::vector<uint32_t>& populations) override;
  void clear_learning_signals(const std::vector<uint32_t>& entries, const std::vector<uint32_t>& channels) override;
  void disconnect_neurons(const std::vector<uint32_t>& ids) override;
  void consolidate(const std::vector<uint32_t>& entries, uint64_t step) override;
  void set_surprise(uint32_t entry, float surprise) override;
  void set_weights(uint32_t p, const std::vector<float>& weights) override;
  std::vector<uint32_t> take_spike_counts(uint32_t first, uint32_t count) override;
  std::vector<growth_record> grow(uint64_t step) override;

  void distribute(const neuron_block& owned, spike_exchange* exchange) override;

  void read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const override;
  void read_weights(size_t p, std::vector<float>& weights) const override;
  uint32_t spike_count_last_step() const override { return static_cast<uint32_t>(spikes_.size()); }
  spike_record drain_recorded() override;
  uint64_t synaptic_events() const override { return events_; }

 private:
  struct runner;  // the driver's runner (cpu_step.cpp)
  void drive(uint64_t step, uint8_t phases, bool advance);

  // What the runner runs.
  void add_inputs(uint64_t step);
  void integrate_populations(uint64_t step);
  void release_stp(uint32_t projection);
  void deliver_spikes(uint64_t step);
  void record_spikes(uint64_t step);
  void apply_noise(const compiled_input& in, uint64_t step);
  void integrate_population(uint32_t ordinal, const population_range& p, uint64_t step);
  void integrate_izhikevich(const population_range& p, ring_slot slot, const float* theta);
  void integrate_adaptive(const population_range& p, ring_slot slot);  // adaptive threshold
  void integrate_conductance(const population_range& p, ring_slot slot, const float* theta);
  // Slot `slot` of ring channel `channel`, and the ring's columns (all neurons, or the block's).
  ring_slot ring_at(uint32_t channel, uint64_t slot) {
    return {ring_->data() + (uint64_t{channel} * state_.ring_slots + slot) * ring_width_, ring_first_};
  }
  void compact_spikes();
  // Distributed runs (cpu_exchange.cpp): the step's spikes of other ranks joined to this rank's
  // at once, or this rank's kept for the interval's exchange, whose spikes are then delivered late.
  void share_spikes(uint64_t step);
  uint64_t exchange_interval();
  uint64_t flush_exchange(uint64_t last_step);
  // Is a loop over `work` items (neurons, synapses) worth a fork and join? About 4,096 items (the
  // plasticity loops' threshold): a smaller network steps faster on one thread. Never changes a result.
  bool wide(uint64_t work) const { return threads_ > 1 && work >= (min_parallel_work_ ? min_parallel_work_ : 4096); }
  bool parallel_delivery(const synapse_table& t, int64_t spikes) const;
  template <bool modulated> uint64_t deliver_rows(uint32_t projection, plastic_projection* p, uint64_t step);

  int threads_;
  uint64_t min_parallel_work_;
  network_state state_;
  bool state_slack_ = false;           // some rows of state_ have slack (growth)
  std::vector<float> i_ext_;           // direct input current of this step
  std::vector<uint8_t> fired_;         // spike flags of this step
  std::vector<uint32_t> spikes_;       // this step's spiking neurons, ascending
  std::vector<uint32_t> spike_counts_; // per neuron, since last taken (kept across a load)
  std::vector<std::vector<uint32_t>> thread_spikes_;
  spike_record recorded_;
  uint64_t events_ = 0;
  plasticity_phase plasticity_;
  std::vector<int32_t> entry_of_projection_;   // plastic entry of each projection, -1: static
  std::vector<uint8_t> adaptive_population_;   // populations with an adaptive threshold
  std::vector<uint8_t> sorted_rows_;           // per projection: every row's targets ascending
  std::vector<float> factors_;                 // what each spike of a modulated projection transmits
  std::vector<std::vector<float>> release_;    // per projection with STP: each row's release this step
  driver::plasticity_outline plasticity_outline_;
  driver::step_outline outline_;
  // Distributed runs: the neurons this rank integrates (all of them otherwise) and the exchange.
  neuron_block owned_{0, 0xFFFFFFFFu};
  spike_exchange* exchange_ = nullptr;
  bool batching_ = false;          // run_steps with an exchange interval > 1: spikes wait in pending_
  bool recording_chunk_ = false;
  spike_record pending_;           // this rank's spikes since the last exchange
  std::vector<uint32_t> remote_;   // other ranks' spikes of the last step, flagged in fired_
  spike_record outgoing_, incoming_;  // a step's exchange (kept: it runs every step)
  // The delay ring: state_.ring, or in a distributed run block_ring_ (the block's columns; state_.ring
  // is then empty and export_state puts every column back).
  std::vector<int64_t>* ring_ = nullptr;
  std::vector<int64_t> block_ring_;
  uint32_t ring_width_ = 0, ring_first_ = 0;
  std::vector<uint8_t> due_;  // this step's period ends (driver::due_flags), reused
};

}  // namespace engram::cpu
