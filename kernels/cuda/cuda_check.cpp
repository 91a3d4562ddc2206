#include "kernels/cuda/cuda_check.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"

namespace engram::cuda {

void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line) {
  cudaGetLastError();  // clear a non-sticky error so that the backend can report and carry on
  throw error(fmt::format("CUDA error {} ({}) in {} at {}:{}", cudaGetErrorName(status), cudaGetErrorString(status),
                          call, file, line));
}

}  // namespace engram::cuda
