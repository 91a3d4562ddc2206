#pragma once
// The CUDA backend: the network lives in device memory (device_network), the step runs as a
// captured CUDA graph (step_sequencer) and spikes are recorded on the device (spike_recorder).
//
// Environment:
//   ENGRAM_CUDA_GRAPHS=0           launch the step's kernels one by one instead of replaying a graph
//   ENGRAM_CUDA_RECORD_CAPACITY=N  spikes the device record buffer holds before it is emptied
//                                  into host memory (default max(8 x neurons, 4 Mi))
#include <memory>

#include "engine/backend.hpp"
#include "kernels/cuda/device_array.hpp"
#include "kernels/cuda/device_context.hpp"
#include "kernels/cuda/device_network.hpp"
#include "kernels/cuda/spike_recorder.hpp"
#include "kernels/cuda/step_sequencer.hpp"

namespace engram::cuda {

class cuda_backend final : public backend {
 public:
  explicit cuda_backend(const backend_options& options);
  ~cuda_backend() override;

  std::string name() const override { return "cuda"; }
  std::string device() const override { return context_.description(); }

  void build(const network& net, network_state initial) override;
  void load(network_state state) override;
  network_state export_state() const override;
  synapse_footprint footprint() const override;

  void apply_inputs(uint64_t step) override { sequencer().queue(phase_inputs, step); }
  void integrate(uint64_t step) override { sequencer().queue(phase_integrate, step); }
  void deliver(uint64_t step) override { sequencer().queue(phase_deliver, step); }
  void record(uint64_t step) override { sequencer().queue(phase_record, step); }
  uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record) override {
    return sequencer().run_steps(first, count, plastic, record);
  }

  bool supports_plasticity() const override { return true; }
  void plasticity(uint64_t step) override { sequencer().queue(phase_plasticity, step); }
  void add_dopamine(uint32_t channel, float amount) override;
  void set_frozen(uint32_t entry, bool frozen) override;

  void set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities) override;
  void set_input_amplitude(uint32_t input, float amplitude) override;
  std::vector<uint32_t> take_spike_counts(uint32_t first, uint32_t count) override;

  void read_neurons(const std::vector<uint32_t>& ids, std::vector<float>& v, std::vector<float>& u) const override;
  void read_weights(size_t p, std::vector<float>& weights) const override;

  // Synchronizes with the neuron step of the last step (not with its delivery); see step_sequencer.
  uint32_t spike_count_last_step() const override;
  spike_record drain_recorded() override;
  uint64_t synaptic_events() const override;

 private:
  step_sequencer& sequencer() const;
  device_plasticity& plastic_state() const;  // throws when the network has no plasticity
  void release_network();  // keeps recorded spikes and the event count, like the CPU backend's load
  void adopt(std::unique_ptr<device_network> net);

  device_context context_;
  bool use_graphs_;
  std::unique_ptr<device_network> net_;
  std::unique_ptr<spike_recorder> recorder_;
  std::unique_ptr<step_sequencer> sequencer_;
  spike_record earlier_spikes_;  // recorded before a load replaced the network
  uint64_t earlier_events_ = 0;
  mutable device_array<uint32_t> probe_ids_;
  mutable device_array<float> probe_values_;
};

}  // namespace engram::cuda
