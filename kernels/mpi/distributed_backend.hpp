#pragma once
// One rank's backend in a distributed run (docs/distributed.md): a CPU backend holding this rank's
// block of neurons and their incoming synapses (engine/partition.hpp), exchanging spikes over MPI.
// To the simulator it is the whole network: build generates only the rank's share, load takes a
// whole state and keeps the share; export_state gathers every share on rank 0 (collective: every rank calls it at the
// same step; ranks other than 0 get their own partial state back); counts are summed over ranks.
#include <memory>

#include "engine/backend.hpp"
#include "engine/partition.hpp"
#include "kernels/mpi/mpi_spike_exchange.hpp"

namespace engram::mpi {

class distributed_backend final : public backend {
 public:
  explicit distributed_backend(const backend_options& options);

  std::string name() const override { return inner_->name(); }
  std::string device() const override;

  void build(const network& net, network_state initial) override;
  void load(network_state state) override;
  network_state export_state() const override;
  synapse_footprint footprint() const override;  // summed over ranks (collective)

  void apply_inputs(uint64_t step) override { inner_->apply_inputs(step); }
  void integrate(uint64_t step) override { inner_->integrate(step); }
  void deliver(uint64_t step) override { inner_->deliver(step); }
  void record(uint64_t step) override { inner_->record(step); }
  uint64_t run_steps(uint64_t first, uint64_t count, bool plastic, bool record) override {
    return inner_->run_steps(first, count, plastic, record);
  }
  bool supports_plasticity() const override { return true; }
  void plasticity(uint64_t step) override { inner_->plasticity(step); }
  void add_dopamine(uint32_t channel, float amount) override { inner_->add_dopamine(channel, amount); }
  void set_frozen(uint32_t entry, bool frozen) override { inner_->set_frozen(entry, frozen); }

  // What reads or changes neurons and synapses by global index would see only this rank's share.
  void read_neurons(const std::vector<uint32_t>&, std::vector<float>&, std::vector<float>&) const override { refuse("probes"); }
  void read_weights(size_t, std::vector<float>&) const override { refuse("reading weights"); }
  void set_spike_probabilities(uint32_t, const std::vector<double>&) override { refuse("the experiment API"); }
  void set_input_amplitude(uint32_t, float) override { refuse("the experiment API"); }
  void reset_populations(const std::vector<uint32_t>&) override { refuse("the experiment API"); }
  void clear_learning_signals(const std::vector<uint32_t>&, const std::vector<uint32_t>&) override { refuse("the experiment API"); }
  void disconnect_neurons(const std::vector<uint32_t>&) override { refuse("lesions"); }
  void consolidate(const std::vector<uint32_t>&, uint64_t) override { refuse("consolidation"); }
  void set_surprise(uint32_t, float) override { refuse("consolidation"); }
  void set_weights(uint32_t, const std::vector<float>&) override { refuse("setting weights"); }
  std::vector<growth_record> grow(uint64_t) override { refuse("growth"); }
  std::vector<uint32_t> take_spike_counts(uint32_t, uint32_t) override { refuse("spike counts"); }

  uint32_t spike_count_last_step() const override { return inner_->spike_count_last_step(); }
  spike_record drain_recorded() override { return inner_->drain_recorded(); }
  uint64_t synaptic_events() const override;  // summed over ranks (collective)

  const neuron_block& block() const { return block_; }
  uint32_t exchange_interval() const { return exchange_ ? exchange_->interval() : 0; }
  const exchange_totals& totals() const;
  // State exports (snapshots): how many, the seconds this rank spent in them (share, gather,
  // merge on rank 0) and the bytes it sent.
  struct export_totals {
    uint64_t exports = 0, bytes = 0;
    double seconds = 0;
  };
  const export_totals& exports() const { return exports_; }

 private:
  [[noreturn]] void refuse(const std::string& what) const;
  void start(network_state& share, uint32_t interval);  // the share loaded, the exchange set up

  backend_options options_;
  std::unique_ptr<backend> inner_;
  std::unique_ptr<mpi_spike_exchange> exchange_;
  neuron_block block_;
  mutable export_totals exports_;
};

}  // namespace engram::mpi
