// CUDA backend entry points. The kernels land with the CUDA issue; until then the backend
// reports itself unavailable so that `auto` falls back to the CPU.
#include <cuda_runtime.h>

#include "engine/errors.hpp"
#include "kernels/cuda_entry.hpp"

namespace engram::cuda {

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver" error
    return 0;
  }
  return n;
}

std::unique_ptr<backend> make_cuda_backend(const backend_options&) {
  throw backend_unavailable("the CUDA backend is not implemented yet in this version of Engram; use --backend cpu");
}

}  // namespace engram::cuda
