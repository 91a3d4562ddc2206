#include "kernels/cuda/spike_recorder.hpp"

#include <cstddef>

#include "engine/errors.hpp"

namespace engram::cuda {

void spike_recorder::reserve_step() {
  const step_view& v = net_->view();
  if (used_bound_ + v.neuron_count > v.record_capacity || steps_on_device_.size() + 1 > v.record_step_capacity)
    move_to_host();
}

void spike_recorder::enqueued(uint64_t step) {
  steps_on_device_.push_back(step);
  used_bound_ += net_->neuron_count();
  last_unsettled_ = true;
}

void spike_recorder::settle_last(uint32_t spikes) {
  if (!last_unsettled_) return;
  used_bound_ -= net_->neuron_count() - spikes;
  last_unsettled_ = false;
}

spike_record spike_recorder::drain() {
  move_to_host();
  spike_record out;
  std::swap(out, host_);
  return out;
}

void spike_recorder::move_to_host() {
  if (steps_on_device_.empty()) return;
  const step_view& v = net_->view();
  const cudaStream_t stream = net_->context().stream();
  step_counters c{};
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(&c, v.counters, sizeof c, cudaMemcpyDeviceToHost, stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));
  if (c.record_overflow || c.recorded_steps != steps_on_device_.size())
    throw internal_error("CUDA spike record buffer overflowed; the host reserve did not hold");
  std::vector<uint32_t> counts(c.recorded_steps);
  const size_t before = host_.neuron.size();
  host_.neuron.resize(before + c.recorded_spikes);
  if (!counts.empty())
    ENGRAM_CUDA_CHECK(cudaMemcpyAsync(counts.data(), v.record_step_count, counts.size() * sizeof(uint32_t),
                                      cudaMemcpyDeviceToHost, stream));
  if (c.recorded_spikes > 0)
    ENGRAM_CUDA_CHECK(cudaMemcpyAsync(host_.neuron.data() + before, v.record_neuron,
                                      c.recorded_spikes * sizeof(uint32_t), cudaMemcpyDeviceToHost, stream));
  // Empty the device buffer: recorded_spikes, recorded_steps and record_overflow are contiguous.
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(&v.counters->recorded_spikes, 0,
                                    offsetof(step_counters, spike_count) - offsetof(step_counters, recorded_spikes), stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));
  host_.step.reserve(host_.neuron.size());
  for (size_t k = 0; k < counts.size(); ++k) host_.step.insert(host_.step.end(), counts[k], steps_on_device_[k]);
  if (host_.step.size() != host_.neuron.size()) throw internal_error("CUDA spike record: counts do not add up");
  steps_on_device_.clear();
  used_bound_ = 0;
  last_unsettled_ = false;
}

}  // namespace engram::cuda
