#pragma once
// ENGRAM_CUDA_CHECK(call): throws engram::error naming the CUDA error, its description, the call,
// the file and the line. Host code only; usable from .cu and .cpp files alike.
#include <cuda_runtime_api.h>

namespace engram::cuda {

[[noreturn]] void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line);

inline void check_cuda(cudaError_t status, const char* call, const char* file, int line) {
  if (status != cudaSuccess) throw_cuda_error(status, call, file, line);
}

}  // namespace engram::cuda

#define ENGRAM_CUDA_CHECK(call) ::engram::cuda::check_cuda((call), #call, __FILE__, __LINE__)
// After a kernel launch: reports a bad configuration at once (asynchronous faults surface later).
#define ENGRAM_CUDA_CHECK_LAUNCH() ::engram::cuda::check_cuda(cudaGetLastError(), "kernel launch", __FILE__, __LINE__)
