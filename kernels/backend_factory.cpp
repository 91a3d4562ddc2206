#include "kernels/backend_factory.hpp"

#include "engine/errors.hpp"
#include "kernels/cpu/cpu_backend.hpp"
#include "kernels/cuda_entry.hpp"

namespace engram {

std::unique_ptr<backend> make_backend(backend_kind kind, const backend_options& options) {
  switch (kind) {
    case backend_kind::cpu:
      return std::make_unique<cpu::cpu_backend>(options);
    case backend_kind::cuda:
      if (cuda::device_count() == 0) throw backend_unavailable("--backend cuda: no CUDA device is available on this machine");
      return cuda::make_cuda_backend(options);
    case backend_kind::automatic:
      if (cuda::device_count() > 0) {
        try {
          auto b = cuda::make_cuda_backend(options);
          if (!options.needs_plasticity || b->supports_plasticity()) return b;
        } catch (const backend_unavailable&) {
          // fall back to the CPU below
        }
      }
      return std::make_unique<cpu::cpu_backend>(options);
  }
  throw internal_error("unknown backend kind");
}

}  // namespace engram
