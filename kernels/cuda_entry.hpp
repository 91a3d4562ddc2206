#pragma once
// What the CUDA side exports to the factory. Defined in kernels/cuda/ when the CUDA backend is
// built, and by kernels/cuda_unavailable.cpp otherwise, so no code needs an #ifdef.
#include <memory>

#include "engine/backend.hpp"

namespace engram::cuda {

int device_count();  // usable CUDA devices; 0 without a driver or a GPU
std::unique_ptr<backend> make_cuda_backend(const backend_options& options);

}  // namespace engram::cuda
