// The compact phase: spike flags -> dense ascending list of neuron ids. cub::DeviceSelect::Flagged
// is stable, so the list is in neuron order exactly like the CPU's.
#include <cub/device/device_select.cuh>
#include <thrust/iterator/counting_iterator.h>

#include "kernels/cuda/step_kernels.hpp"

namespace engram::cuda {

size_t compaction_temp_bytes(uint32_t neuron_count) {
  size_t bytes = 0;
  ENGRAM_CUDA_CHECK(cub::DeviceSelect::Flagged(nullptr, bytes, thrust::counting_iterator<uint32_t>(0),
                                               static_cast<const uint8_t*>(nullptr), static_cast<uint32_t*>(nullptr),
                                               static_cast<uint32_t*>(nullptr), static_cast<int64_t>(neuron_count)));
  return bytes;
}

void launch_compaction(void* temp, size_t temp_bytes, const step_view& v, cudaStream_t stream) {
  ENGRAM_CUDA_CHECK(cub::DeviceSelect::Flagged(temp, temp_bytes, thrust::counting_iterator<uint32_t>(0),
                                               static_cast<const uint8_t*>(v.fired), v.spikes,
                                               &v.counters->spike_count, static_cast<int64_t>(v.neuron_count),
                                               stream));
}

}  // namespace engram::cuda
