#pragma once
// The CUDA device a backend runs on and the one stream all of its work goes through.
#include <cstdint>
#include <string>
#include <cuda_runtime_api.h>

namespace engram::cuda {

class device_context {
 public:
  device_context();  // the current device (0 unless the process chose another)
  ~device_context();
  device_context(const device_context&) = delete;
  device_context& operator=(const device_context&) = delete;

  cudaStream_t stream() const { return stream_; }
  const std::string& name() const { return name_; }
  int multiprocessors() const { return multiprocessors_; }
  std::string description() const;  // for summaries: name, architecture, SMs, memory
  uint64_t free_memory() const;     // cudaMemGetInfo now
  void synchronize() const;

 private:
  int device_ = 0;
  std::string name_;
  int major_ = 0, minor_ = 0, multiprocessors_ = 1;
  uint64_t total_memory_ = 0;
  cudaStream_t stream_ = nullptr;
};

}  // namespace engram::cuda
