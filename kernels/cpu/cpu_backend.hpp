#pragma once
// The OpenMP backend: loops over the kernels/common math. Per-neuron work is split statically
// across threads; synaptic input is integer, so delivery order cannot change a result.
#include "engine/backend.hpp"

namespace engram::cpu {

class cpu_backend final : public backend {
 public:
  explicit cpu_backend(const backend_options& options);

  std::string name() const override { return "cpu"; }
  std::string device() const override;

  void build(const network& net, network_state initial) override;
  void load(const network_state& state) override;
  network_state export_state() const override { return state_; }

  void apply_inputs(uint64_t step) override;
  void integrate(uint64_t step) override;
  void deliver(uint64_t step) override;
  void record(uint64_t step) override;

  void read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const override;
  void read_weights(size_t p, std::vector<float>& weights) const override { weights = state_.projections.at(p).weight; }
  uint32_t spike_count_last_step() const override { return static_cast<uint32_t>(spikes_.size()); }
  spike_record drain_recorded() override;
  uint64_t synaptic_events() const override { return events_; }

 private:
  void integrate_population(const population_range& p, uint64_t step);
  void compact_spikes();

  int threads_;
  network_state state_;
  std::vector<float> i_ext_;           // direct input current of this step
  std::vector<uint8_t> fired_;         // spike flags of this step
  std::vector<uint32_t> spikes_;       // this step's spiking neurons, ascending
  std::vector<std::vector<uint32_t>> thread_spikes_;
  spike_record recorded_;
  uint64_t events_ = 0;
};

}  // namespace engram::cpu
