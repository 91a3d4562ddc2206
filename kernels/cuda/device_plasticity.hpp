#pragma once
// The plasticity state of a network in device memory (network_state::plasticity: traces and their
// history, derivatives or eligibilities, STP, thresholds, rates, dopamine, pending rewards, the
// spike history LTD reads) plus the transposed indexes built for it, and the launches of the
// plasticity phase in the CPU's order (docs/plasticity.md).
#include <cstdint>
#include <vector>

#include "engine/plasticity_state.hpp"
#include "engine/state.hpp"
#include "kernels/cuda/device_array.hpp"
#include "kernels/cuda/device_context.hpp"
#include "kernels/cuda/plasticity_views.hpp"
#include "kernels/cuda/synapse_builder.hpp"

namespace engram::cuda {

// Where the plasticity phase finds the step's neurons: device arrays of device_network.
struct step_arrays {
  step_counters* counters;
  const uint8_t* fired;
  const uint32_t* spikes;
};

// What delivery multiplies a projection's weights by (engine/plasticity.hpp: STP, transmitters).
struct delivery_factors {
  bool modulated = false;  // false: weights as they are
  float modulation = 1.0f;
  float *stp_u = nullptr, *stp_x = nullptr;  // null without STP
  float stp_U = 0.0f;
};

class device_plasticity {
 public:
  // Uploads s.plasticity and builds the transposed indexes of the tables already on the device
  // (`tables`, whose host copies are s.projections).
  device_plasticity(const device_context& ctx, const network_state& s, const std::vector<device_projection>& tables,
                    const step_arrays& arrays);
  device_plasticity(const device_plasticity&) = delete;
  device_plasticity& operator=(const device_plasticity&) = delete;

  // Device bytes beyond network_state::synapse_bytes (which counts derivatives, eligibilities
  // and transposed indexes): traces, history, STP, thresholds, rates, pending rewards.
  static uint64_t state_bytes(const network_state& s);
  // Derivative / eligibility and transposed-index bytes, as network_state::synapse_bytes counts them.
  uint64_t synapse_bytes() const;

  plasticity_state download() const;  // blocks until copied

  // Which period ends fall on `step`, one byte of flags per plastic entry: the step's launches
  // depend on it, so the step sequencer keeps one graph per distinct answer.
  std::vector<uint8_t> due(uint64_t step) const;
  // The plasticity phase of the step the device counter holds, for the given due flags.
  void enqueue(const std::vector<uint8_t>& due, cudaStream_t stream) const;

  void set_frozen(uint32_t entry, bool frozen);  // launches change: graphs must be rebuilt
  void add_dopamine(uint32_t channel, float amount, cudaStream_t stream);

  const float* theta() const { return theta_.data(); }  // null when no population adapts
  bool adaptive(uint32_t population) const;
  delivery_factors delivery_of(uint32_t projection) const;

 private:
  struct entry_arrays {
    device_array<uint64_t> col_ptr;
    device_array<uint32_t> col_synapse;
    device_array<float> pre_trace, post_trace, aux, stp_u, stp_x, lag;
  };
  void upload_entries(const network_state& s, const std::vector<device_projection>& tables);
  void upload_neuromodulation(const network_state& s);
  void upload_history(const network_state& s);

  const device_context* ctx_;
  plasticity_state meta_;  // constants and layout; the large arrays live on the device
  uint32_t neuron_count_ = 0, ring_slots_ = 0;
  uint32_t warp_blocks_ = 0, spike_blocks_ = 0;

  std::vector<entry_arrays> arrays_;
  std::vector<plastic_entry_view> entries_;
  std::vector<homeostasis_view> homeostasis_;
  std::vector<uint64_t> pending_offset_;  // per contingency, into pending_
  device_array<float> theta_, rate_hz_, dopamine_level_, dopamine_baseline_, dopamine_decay_;
  device_array<contingency_view> contingencies_;
  device_array<uint64_t> pending_;
  device_array<uint32_t> history_, history_count_, overflow_;
  plasticity_view view_{};
};

}  // namespace engram::cuda
