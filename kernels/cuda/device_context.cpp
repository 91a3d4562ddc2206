#include "kernels/cuda/device_context.hpp"

#include <fmt/format.h>

#include "kernels/cuda/cuda_check.hpp"

namespace engram::cuda {

device_context::device_context() {
  ENGRAM_CUDA_CHECK(cudaGetDevice(&device_));
  cudaDeviceProp prop{};
  ENGRAM_CUDA_CHECK(cudaGetDeviceProperties(&prop, device_));
  name_ = prop.name;
  major_ = prop.major;
  minor_ = prop.minor;
  multiprocessors_ = prop.multiProcessorCount > 0 ? prop.multiProcessorCount : 1;
  total_memory_ = prop.totalGlobalMem;
  // Non-blocking: nothing else in the process (the legacy default stream) serializes with the step.
  ENGRAM_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
}

device_context::~device_context() {
  if (stream_) {
    cudaStreamSynchronize(stream_);
    cudaStreamDestroy(stream_);
  }
}

std::string device_context::description() const {
  return fmt::format("{} (sm_{}{}, {} SMs, {:.1f} GiB)", name_, major_, minor_, multiprocessors_,
                     static_cast<double>(total_memory_) / (1024.0 * 1024.0 * 1024.0));
}

uint64_t device_context::free_memory() const {
  size_t free = 0, total = 0;
  ENGRAM_CUDA_CHECK(cudaMemGetInfo(&free, &total));
  return free;
}

void device_context::synchronize() const { ENGRAM_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

}  // namespace engram::cuda
