#include "apps/engram/distributed_run.hpp"

#include <fmt/format.h>

#include "engine/errors.hpp"
#include "kernels/mpi/mpi_session.hpp"
#ifdef ENGRAM_HAVE_MPI
#include <mpi.h>

#include "kernels/mpi/distributed_backend.hpp"
#endif

namespace engram {

void check_distributed_options(const execution_options& e) {
  if (!mpi::distributed()) return;
  const auto refuse = [](const char* option) {
    throw invalid_parameter(fmt::format("{} is not available in a distributed (MPI) run yet: it reads neurons or synapses by "
                                        "global index, and each rank holds only its share; run on one rank",
                                        option));
  };
  if (!e.record_weights.empty()) refuse("--record-weights");
  if (!e.probes.empty()) refuse("--probe");
  if (!e.metrics_every.empty()) refuse("--metrics-every");
}

std::string distributed_summary(const simulator& sim, double wall_s) {
#ifdef ENGRAM_HAVE_MPI
  const auto* d = dynamic_cast<const mpi::distributed_backend*>(&sim.backend_ref());
  if (!d) return "";
  const mpi::exchange_totals& t = d->totals();
  double seconds[3] = {t.seconds, t.seconds, wall_s};  // summed, the largest, the longest run loop
  uint64_t bytes = t.bytes_sent;
  const bool root = mpi::rank() == 0;
  MPI_Reduce(root ? MPI_IN_PLACE : &seconds[0], &seconds[0], 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Reduce(root ? MPI_IN_PLACE : &seconds[1], &seconds[1], 2, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(root ? MPI_IN_PLACE : &bytes, &bytes, 1, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  if (!root) return "";
  const double mean = seconds[0] / mpi::size();
  // Time inside MPI calls, waiting for slower ranks included.
  return fmt::format("ranks        {} (rank 0 owns neurons [{}, {})), spikes exchanged every {} steps ({} exchanges)\n"
                     "exchange     {:.3f} s per rank on average ({:.1f}% of the run), {:.3f} s at most; {:.3f} MB sent in all\n",
                     mpi::size(), d->block().first, d->block().end, d->exchange_interval(), t.exchanges, mean,
                     seconds[2] > 0 ? 100 * mean / seconds[2] : 0.0, seconds[1], bytes / 1e6);
#else
  (void)sim, (void)wall_s;
  return "";
#endif
}

}  // namespace engram
