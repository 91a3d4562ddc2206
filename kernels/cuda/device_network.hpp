#pragma once
// A network's state in device memory: neurons, per-population constants, inputs, schedule,
// synapse tables, delay ring, per-step scratch, spike record buffer and the step counters.
// Built (synapses generated on the device) or loaded from a complete state; memory is counted
// and checked against the free device memory before anything large is allocated. A plastic
// network is built without its plasticity, which add_plasticity then adds (its synapses sorted
// and indexed on the device), or loaded whole; its plastic state lives in a device_plasticity.
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "engine/network.hpp"
#include "engine/state.hpp"
#include "kernels/cuda/device_array.hpp"
#include "kernels/cuda/device_context.hpp"
#include "kernels/cuda/device_plasticity.hpp"
#include "kernels/simt/step_views.hpp"
#include "kernels/cuda/memory_plan.hpp"
#include "kernels/simt/step_layout.hpp"
#include "kernels/cuda/synapse_builder.hpp"
#include "kernels/driver/step_outline.hpp"

namespace engram::cuda {

class device_network {
 public:
  static std::unique_ptr<device_network> build(const device_context& ctx, const network& net, const network_state& initial);
  static std::unique_ptr<device_network> load(const device_context& ctx, const network_state& state);
  // Adds the plasticity of `s` to a network built without it: its synapses are finished on the
  // device (plastic_tables.hpp), which sets the delay ranges and derivative arrays in s.
  void add_plasticity(network_state& s);

  // The complete state (blocks until copied). `step` is the one the state was loaded with.
  network_state download() const;
  std::vector<float> weights(size_t projection) const;
  // Synapses and their bytes as network_state::synapse_bytes counts them (row_ptr, target,
  // weight, per-synapse delays, and for plastic synapses their derivative or eligibility and the
  // transposed index).
  std::pair<uint64_t, uint64_t> synapse_footprint() const;

  // The experiment API in place, stream-ordered (the caller has flushed the sequencer).
  void set_spike_probabilities(uint32_t first, const std::vector<double>& probabilities);
  void set_input_amplitude(uint32_t input, float amplitude);
  std::vector<uint32_t> take_spike_counts(uint32_t first, uint32_t count);  // and clears them
  void put_spike_counts(const std::vector<uint32_t>& counts);               // all neurons

  const step_view& view() const { return view_; }
  const driver::step_outline& outline() const { return outline_; }
  const plasticity_plan* plasticity_plan_or_null() const { return plasticity_ ? &plasticity_->plan() : nullptr; }
  uint32_t neuron_count() const { return view_.neuron_count; }
  uint64_t initial_step() const { return meta_.step; }
  uint32_t deliver_blocks() const { return deliver_blocks_; }  // one warp per spike, the device filled once
  uint32_t record_blocks() const { return record_blocks_; }    // one thread per spike
  const device_context& context() const { return *ctx_; }
  device_plasticity* plasticity() const { return plasticity_.get(); }  // null for a static network

 private:
  explicit device_network(const device_context& ctx) : ctx_(&ctx) {}
  memory_need need_without_synapses(const network_state& s) const;
  void allocate_and_upload(const network_state& s);  // everything but the synapse tables (step_layout.hpp)
  void finish();                                     // views, plan and launch shapes

  const device_context* ctx_;
  network_state meta_;  // populations, inputs, schedule, projection ranges; no large arrays
  scratch_sizes scratch_sizes_;

  step_arrays<device_array> arrays_;
  step_scratch<device_array> scratch_;
  std::vector<device_projection> projections_;
  device_array<projection_view> projection_views_;
  std::unique_ptr<device_plasticity> plasticity_;

  uint32_t deliver_blocks_ = 0, record_blocks_ = 0;
  step_view view_{};
  driver::step_outline outline_;
};

}  // namespace engram::cuda
