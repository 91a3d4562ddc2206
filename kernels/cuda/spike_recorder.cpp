#include "kernels/cuda/spike_recorder.hpp"

#include <cstddef>

namespace engram::cuda {

spike_recorder::spike_recorder(const device_network& net)
    : net_(&net), book_(net.view().record_capacity, net.view().record_step_capacity, net.neuron_count()) {}

void spike_recorder::reserve_step() {
  if (book_.must_empty()) move_to_host();
}

spike_record spike_recorder::drain() {
  move_to_host();
  spike_record out;
  std::swap(out, host_);
  return out;
}

void spike_recorder::move_to_host() {
  if (book_.empty()) return;
  const step_view& v = net_->view();
  const cudaStream_t stream = net_->context().stream();
  step_counters c{};
  ENGRAM_CUDA_CHECK(cudaMemcpyAsync(&c, v.counters, sizeof c, cudaMemcpyDeviceToHost, stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));
  std::vector<uint32_t> counts(c.recorded_steps), ids(c.recorded_spikes);
  if (!counts.empty())
    ENGRAM_CUDA_CHECK(cudaMemcpyAsync(counts.data(), v.record_step_count, counts.size() * sizeof(uint32_t),
                                      cudaMemcpyDeviceToHost, stream));
  if (!ids.empty())
    ENGRAM_CUDA_CHECK(cudaMemcpyAsync(ids.data(), v.record_neuron, ids.size() * sizeof(uint32_t), cudaMemcpyDeviceToHost,
                                      stream));
  // Empty the device buffer: recorded_spikes, recorded_steps and record_overflow are contiguous.
  ENGRAM_CUDA_CHECK(cudaMemsetAsync(&v.counters->recorded_spikes, 0,
                                    offsetof(step_counters, spike_count) - offsetof(step_counters, recorded_spikes), stream));
  ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream));
  book_.take_buffer(c, counts, ids, host_);
}

}  // namespace engram::cuda
