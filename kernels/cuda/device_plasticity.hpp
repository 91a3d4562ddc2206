#pragma once
// The plasticity state of a network in device memory: the flat arrays of plasticity_arrays.hpp
// (traces and their history, derivatives or eligibilities, STP, thresholds, rates, dopamine,
// pending rewards, the spike history LTD reads, transposed indexes), the views over them
// (kernels/simt/plasticity_plan.hpp) and the outline the step driver sequences them by.
#include <cstdint>
#include <vector>

#include "engine/plasticity_state.hpp"
#include "engine/state.hpp"
#include "kernels/cuda/device_array.hpp"
#include "kernels/cuda/device_context.hpp"
#include "kernels/cuda/plastic_tables.hpp"
#include "kernels/cuda/synapse_builder.hpp"
#include "kernels/driver/step_outline.hpp"
#include "kernels/simt/plasticity_arrays.hpp"
#include "kernels/simt/plasticity_plan.hpp"

namespace engram::cuda {

class device_plasticity {
 public:
  // Uploads s.plasticity; `tables` are the network's projections already on the device. The
  // transposed indexes are `indexes`, built on the device (plastic_tables.hpp), or when null
  // built from the host copies s.projections.
  device_plasticity(const device_context& ctx, const network_state& s, const std::vector<device_projection>& tables,
                    const spike_pointers& neurons, std::vector<device_index>* indexes = nullptr);
  device_plasticity(const device_plasticity&) = delete;
  device_plasticity& operator=(const device_plasticity&) = delete;

  // Derivative / eligibility (with its clocks) and transposed-index bytes, as the CPU backend's footprint counts them.
  uint64_t synapse_bytes() const;

  plasticity_state download() const;  // blocks until copied

  // Which period ends fall on `step` (driver::due_flags): the step's launches depend on it, so
  // the step sequencer keeps one graph per distinct answer.
  std::vector<uint8_t> due(uint64_t step) const { return driver::due_flags(outline_, step); }
  const driver::plasticity_outline& outline() const { return outline_; }

  void set_frozen(uint32_t entry, bool frozen);  // launches change: graphs must be rebuilt
  bool frozen(uint32_t entry) const;
  void add_dopamine(uint32_t channel, float amount, cudaStream_t stream);

  const float* theta() const { return plan_.view.theta; }  // null when no population adapts
  const delivery_factors& delivery_of(uint32_t projection) const { return plan_.delivery.at(projection); }
  const plasticity_plan& plan() const { return plan_; }

 private:
  const device_context* ctx_;
  plasticity_state constants_;  // rules and layout; the values live on the device
  uint32_t neuron_count_ = 0, ring_slots_ = 0;
  plasticity_arrays<device_array> arrays_;
  plasticity_plan plan_;
  device_array<plastic_entry_view> entry_views_;  // plan_.entries and plan_.homeostasis where the tail's launch reads them
  device_array<homeostasis_view> homeostasis_views_;
  driver::plasticity_outline outline_;
};

}  // namespace engram::cuda
