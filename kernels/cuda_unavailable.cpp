#include "engine/errors.hpp"
#include "kernels/cuda_entry.hpp"

namespace engram::cuda {

int device_count() { return 0; }

std::unique_ptr<backend> make_cuda_backend(const backend_options&) {
  throw backend_unavailable("this Engram was built without the CUDA backend (configure with -DENGRAM_CUDA=ON)");
}

}  // namespace engram::cuda
