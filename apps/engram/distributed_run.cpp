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
  // Summed: exchange seconds, bytes; largest: exchange seconds, run loop, export seconds.
  double seconds[4] = {t.seconds, t.seconds, wall_s, d->exports().seconds};
  uint64_t bytes[2] = {t.bytes_sent, d->exports().bytes};
  const bool root = mpi::rank() == 0;
  MPI_Reduce(root ? MPI_IN_PLACE : &seconds[0], &seconds[0], 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Reduce(root ? MPI_IN_PLACE : &seconds[1], &seconds[1], 3, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  MPI_Reduce(root ? MPI_IN_PLACE : bytes, bytes, 2, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
  if (!root) return "";
  const double mean = seconds[0] / mpi::size();
  // Time inside MPI calls, waiting for slower ranks included.
  std::string out = fmt::format("ranks        {} (rank 0 owns neurons [{}, {})), spikes exchanged every {} steps ({} exchanges)\n"
                                "exchange     {:.3f} s per rank on average ({:.1f}% of the run), {:.3f} s at most; {:.3f} MB sent in all\n",
                                mpi::size(), d->block().first, d->block().end, d->exchange_interval(), t.exchanges, mean,
                                seconds[2] > 0 ? 100 * mean / seconds[2] : 0.0, seconds[1], bytes[0] / 1e6);
  if (d->exports().exports > 0)
    out += fmt::format("gathers      {} state exports for snapshots: {:.3f} s at most on a rank, {:.1f} MB gathered on rank 0\n",
                       d->exports().exports, seconds[3], bytes[1] / 1e6);
  return out;
#else
  (void)sim, (void)wall_s;
  return "";
#endif
}

}  // namespace engram
