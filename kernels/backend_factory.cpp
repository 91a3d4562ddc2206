#include "kernels/backend_factory.hpp"

#include "engine/errors.hpp"
#include "kernels/cpu/cpu_backend.hpp"
#include "kernels/cuda_entry.hpp"
#include "kernels/mpi/mpi_session.hpp"
#ifdef ENGRAM_HAVE_MPI
#include "kernels/mpi/distributed_backend.hpp"
#endif

namespace engram {

std::unique_ptr<backend> make_backend(backend_kind kind, const backend_options& options) {
  if (mpi::distributed()) {  // started by mpirun on several ranks: this rank's share (docs/distributed.md)
    if (kind == backend_kind::cuda)
      throw backend_unavailable("distributed runs use the CPU backend on every rank for now (one GPU per rank is designed in "
                                "docs/distributed.md, not built); use --backend cpu or auto");
#ifdef ENGRAM_HAVE_MPI
    return std::make_unique<mpi::distributed_backend>(options);
#endif
  }
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
